-- Replenishment (issue 6, item 5): a planner's decision on a suggestion.
-- Suggestions are recomputed from the working set; only decisions are kept,
-- one row per suggestion_id (stable per part, location, kind and import
-- batch), with the figures accepted so the ERP export sends what was
-- decided. Every change is audited (`decide_replenishment`).
CREATE TABLE replenishment_decision (
    suggestion_id TEXT PRIMARY KEY,
    batch_id      INTEGER NOT NULL,
    part_id       TEXT NOT NULL,
    location_id   TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('reorder', 'emergency')),
    decision      TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected', 'open')),
    note          TEXT NOT NULL DEFAULT '',
    qty           REAL NOT NULL,
    supplier_id   TEXT,
    delivery_date TEXT NOT NULL,
    reason        TEXT NOT NULL,
    decided_at    TEXT NOT NULL,
    decided_by    TEXT NOT NULL
);
CREATE INDEX replenishment_decision_by_batch ON replenishment_decision(batch_id, decision);
