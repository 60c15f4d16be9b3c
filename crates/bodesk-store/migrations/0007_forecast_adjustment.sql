-- Forecast adjustments (issue 6, item 3): a planner's campaigns, overrides
-- (with an expiry) and known supply changes for a part, at one location or
-- all of them (location_id NULL). Written only by a user's audited changes,
-- never by an import, so they survive re-imports. Removal is soft
-- (removed = 1 with who, when and why); the audit log keeps every change.
CREATE TABLE forecast_adjustment (
    adjustment_id  INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('campaign', 'override', 'supply_change')),
    part_id        TEXT NOT NULL,
    location_id    TEXT,
    start_period   TEXT NOT NULL,   -- YYYY-MM
    end_period     TEXT NOT NULL,   -- YYYY-MM, the last month (an override's expiry)
    qty            REAL NOT NULL,
    reason         TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    removed        INTEGER NOT NULL DEFAULT 0,
    removed_at     TEXT,
    removed_by     TEXT,
    removed_reason TEXT,
    CHECK (end_period >= start_period)
);
CREATE INDEX forecast_adjustment_by_part ON forecast_adjustment (part_id, removed);
