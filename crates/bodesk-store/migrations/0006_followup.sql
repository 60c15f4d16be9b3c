-- Follow-up (issue 5, items 6 and 7): SLA duration alerts, closed-loop
-- reviews of lines older than 30 days, countermeasures. Rows are written by
-- the import (alerts raised and resolved, reviews opened, inside its
-- transaction) and by a user's audited changes. Lines are referred to by
-- their key, not by a foreign key: a line may leave the export while its
-- alerts and reviews stay as history.

CREATE TABLE countermeasure (
    countermeasure_id INTEGER PRIMARY KEY,
    target_kind       TEXT NOT NULL CHECK (target_kind IN ('part', 'supplier', 'root_cause')),
    target            TEXT NOT NULL,
    effective_date    TEXT NOT NULL,
    description       TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL
);

-- One (line, level) alert, ever.
CREATE TABLE alert (
    alert_id        INTEGER PRIMARY KEY,
    order_id        TEXT NOT NULL,
    order_line      TEXT NOT NULL,
    level           TEXT NOT NULL CHECK (level IN ('warning', 'breached', 'escalated')),
    raised_as_of    TEXT NOT NULL,
    batch_id        INTEGER NOT NULL,
    part_id         TEXT NOT NULL,
    customer_id     TEXT NOT NULL,
    criticality     TEXT,
    tier            TEXT,
    created_date    TEXT NOT NULL,
    age_days        INTEGER NOT NULL,
    limit_days      REAL NOT NULL,
    state           TEXT NOT NULL DEFAULT 'open'
                    CHECK (state IN ('open', 'acknowledged', 'snoozed', 'resolved')),
    assignee        TEXT,
    snooze_until    TEXT,
    resolved_as_of  TEXT,
    resolved_reason TEXT,
    updated_at      TEXT,
    updated_by      TEXT,
    UNIQUE (order_id, order_line, level)
);
CREATE INDEX alert_state ON alert (state);
CREATE INDEX alert_batch ON alert (batch_id);

-- One review per line, ever; closed only with a resolution.
CREATE TABLE review (
    review_id         INTEGER PRIMARY KEY,
    order_id          TEXT NOT NULL,
    order_line        TEXT NOT NULL,
    part_id           TEXT NOT NULL,
    customer_id       TEXT NOT NULL,
    opened_as_of      TEXT NOT NULL,
    batch_id          INTEGER NOT NULL,
    age_days          INTEGER NOT NULL,
    owner             TEXT,
    due_date          TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'open'
                      CHECK (status IN ('open', 'in_progress', 'closed')),
    resolution        TEXT,
    preventive_action TEXT,
    countermeasure_id INTEGER REFERENCES countermeasure (countermeasure_id),
    closed_at         TEXT,
    closed_by         TEXT,
    updated_at        TEXT,
    updated_by        TEXT,
    UNIQUE (order_id, order_line),
    CHECK (status <> 'closed' OR length(trim(coalesce(resolution, ''))) > 0)
);
CREATE INDEX review_status ON review (status, due_date);
