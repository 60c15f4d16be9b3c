-- The working set: one table per entity of shared/spec/erp-exports.md, with
-- the contract's generic column names. Every entity row carries the batch that
-- last wrote it (batch_id) and whether the newest export still contains it
-- (in_export). Dates are TEXT 'YYYY-MM-DD', periods 'YYYY-MM', flags 0/1.

CREATE TABLE import_batch (
    batch_id     INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    user_name    TEXT NOT NULL,
    as_of        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('committed', 'rejected')),
    keep_valid   INTEGER NOT NULL DEFAULT 0,
    rows_written INTEGER NOT NULL DEFAULT 0,
    rejects      INTEGER NOT NULL DEFAULT 0,
    summary      TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE import_file (
    batch_id     INTEGER NOT NULL REFERENCES import_batch(batch_id),
    file_no      INTEGER NOT NULL,
    file_name    TEXT NOT NULL,
    path         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    entity       TEXT,
    dialect      TEXT NOT NULL DEFAULT '{}',
    rows_read    INTEGER NOT NULL DEFAULT 0,
    rows_written INTEGER NOT NULL DEFAULT 0,
    rejects      INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL CHECK (status IN ('imported', 'unchanged', 'rejected')),
    error        TEXT,
    PRIMARY KEY (batch_id, file_no)
);
CREATE INDEX import_file_by_entity ON import_file(entity, status);

CREATE TABLE import_reject (
    batch_id    INTEGER NOT NULL REFERENCES import_batch(batch_id),
    reject_no   INTEGER NOT NULL,
    file_name   TEXT NOT NULL,
    line        INTEGER,
    byte_offset INTEGER,
    column_name TEXT,
    value       TEXT,
    reason      TEXT NOT NULL,
    PRIMARY KEY (batch_id, reject_no)
);

-- Append-only: the triggers below refuse updates and deletes.
CREATE TABLE audit_log (
    audit_id   INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    action     TEXT NOT NULL,
    entity     TEXT,
    entity_key TEXT,
    detail     TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- A planner's root-cause tag on a backorder line; survives re-imports.
CREATE TABLE root_cause_override (
    order_id   TEXT NOT NULL,
    order_line TEXT NOT NULL,
    root_cause TEXT NOT NULL,
    reason     TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (order_id, order_line)
);

CREATE TABLE parts (
    part_id             TEXT PRIMARY KEY,
    description         TEXT,
    unit_cost           REAL NOT NULL,
    criticality         TEXT NOT NULL CHECK (criticality IN ('A', 'B', 'C')),
    lifecycle           TEXT NOT NULL DEFAULT 'active' CHECK (lifecycle IN ('active', 'eol', 'obsolete')),
    eol_date            TEXT,
    successor_part_id   TEXT,
    lead_time_days      REAL NOT NULL,
    primary_supplier_id TEXT,
    safety_stock        REAL,
    reorder_point       REAL,
    max_stock           REAL,
    moq                 REAL,
    weight_kg           REAL,
    product_line        TEXT,
    batch_id            INTEGER NOT NULL,
    in_export           INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE locations (
    location_id TEXT PRIMARY KEY,
    name        TEXT,
    region      TEXT NOT NULL,
    country     TEXT,
    kind        TEXT CHECK (kind IN ('central', 'regional', 'field', 'depot')),
    latitude    REAL,
    longitude   REAL,
    batch_id    INTEGER NOT NULL,
    in_export   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE suppliers (
    supplier_id    TEXT PRIMARY KEY,
    name           TEXT,
    country        TEXT,
    otd_target_pct REAL,
    consignment    INTEGER,
    batch_id       INTEGER NOT NULL,
    in_export      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE customers (
    customer_id TEXT PRIMARY KEY,
    name        TEXT,
    tier        TEXT NOT NULL CHECK (tier IN ('platinum', 'gold', 'silver', 'bronze')),
    region      TEXT,
    batch_id    INTEGER NOT NULL,
    in_export   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sla (
    tier               TEXT NOT NULL,
    criticality        TEXT NOT NULL,
    max_backorder_days REAL NOT NULL,
    penalty_per_day    REAL,
    batch_id           INTEGER NOT NULL,
    in_export          INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (tier, criticality)
) WITHOUT ROWID;

CREATE TABLE equipment (
    equipment_id          TEXT PRIMARY KEY,
    customer_id           TEXT NOT NULL REFERENCES customers(customer_id),
    location_id           TEXT NOT NULL REFERENCES locations(location_id),
    model                 TEXT NOT NULL,
    criticality           TEXT,
    downtime_cost_per_day REAL,
    failure_prob_90d      REAL,
    batch_id              INTEGER NOT NULL,
    in_export             INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE stock (
    part_id            TEXT NOT NULL REFERENCES parts(part_id),
    location_id        TEXT NOT NULL REFERENCES locations(location_id),
    on_hand            REAL NOT NULL,
    quality_inspection REAL,
    blocked            REAL,
    in_transit         REAL,
    batch_id           INTEGER NOT NULL,
    in_export          INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (part_id, location_id)
) WITHOUT ROWID;

CREATE TABLE purchase_orders (
    po_id          TEXT NOT NULL,
    po_line        TEXT NOT NULL,
    part_id        TEXT NOT NULL REFERENCES parts(part_id),
    supplier_id    TEXT NOT NULL REFERENCES suppliers(supplier_id),
    location_id    TEXT NOT NULL REFERENCES locations(location_id),
    qty_ordered    REAL NOT NULL,
    qty_received   REAL,
    order_date     TEXT NOT NULL,
    requested_date TEXT,
    committed_date TEXT NOT NULL,
    received_date  TEXT,
    status         TEXT NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
    batch_id       INTEGER NOT NULL,
    in_export      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (po_id, po_line)
) WITHOUT ROWID;
CREATE INDEX purchase_orders_by_part ON purchase_orders(part_id);

CREATE TABLE backorders (
    order_id      TEXT NOT NULL,
    order_line    TEXT NOT NULL,
    customer_id   TEXT NOT NULL REFERENCES customers(customer_id),
    part_id       TEXT NOT NULL REFERENCES parts(part_id),
    location_id   TEXT NOT NULL REFERENCES locations(location_id),
    qty_open      REAL NOT NULL,
    qty_ordered   REAL,
    created_date  TEXT NOT NULL,
    promised_date TEXT,
    equipment_id  TEXT,
    status        TEXT NOT NULL CHECK (status IN ('open', 'closed', 'cancelled')),
    closed_date   TEXT,
    batch_id      INTEGER NOT NULL,
    in_export     INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (order_id, order_line)
) WITHOUT ROWID;

CREATE TABLE demand_history (
    period        TEXT NOT NULL,
    part_id       TEXT NOT NULL REFERENCES parts(part_id),
    location_id   TEXT NOT NULL REFERENCES locations(location_id),
    qty_demanded  REAL NOT NULL,
    qty_filled    REAL,
    stockout_days REAL,
    batch_id      INTEGER NOT NULL,
    in_export     INTEGER NOT NULL DEFAULT 1,
    -- Exports list a part's months together: this key order makes inserts
    -- append-like instead of scattered over the tree.
    PRIMARY KEY (part_id, location_id, period)
) WITHOUT ROWID;

CREATE TABLE transfers (
    transfer_id      TEXT PRIMARY KEY,
    part_id          TEXT NOT NULL REFERENCES parts(part_id),
    from_location_id TEXT NOT NULL REFERENCES locations(location_id),
    to_location_id   TEXT NOT NULL REFERENCES locations(location_id),
    qty              REAL NOT NULL,
    ship_date        TEXT,
    expected_date    TEXT NOT NULL,
    received_date    TEXT,
    status           TEXT NOT NULL CHECK (status IN ('planned', 'in_transit', 'blocked', 'received')),
    batch_id         INTEGER NOT NULL,
    in_export        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE equipment_parts (
    model     TEXT NOT NULL,
    part_id   TEXT NOT NULL REFERENCES parts(part_id),
    qty_per   REAL NOT NULL,
    batch_id  INTEGER NOT NULL,
    in_export INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (model, part_id)
) WITHOUT ROWID;

CREATE TABLE campaigns (
    campaign_id TEXT PRIMARY KEY,
    part_id     TEXT NOT NULL REFERENCES parts(part_id),
    location_id TEXT NOT NULL REFERENCES locations(location_id),
    qty         REAL NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    batch_id    INTEGER NOT NULL,
    in_export   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE substitutes (
    part_id            TEXT NOT NULL REFERENCES parts(part_id),
    substitute_part_id TEXT NOT NULL REFERENCES parts(part_id),
    direction          TEXT NOT NULL DEFAULT 'one_way' CHECK (direction IN ('one_way', 'two_way')),
    ratio              REAL NOT NULL DEFAULT 1,
    valid_from         TEXT,
    batch_id           INTEGER NOT NULL,
    in_export          INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (part_id, substitute_part_id)
) WITHOUT ROWID;

-- from_id is a location or a supplier: checked by the importer, not by a foreign key.
CREATE TABLE lanes (
    from_id        TEXT NOT NULL,
    to_location_id TEXT NOT NULL REFERENCES locations(location_id),
    mode           TEXT NOT NULL CHECK (mode IN ('air', 'ground', 'courier')),
    transit_days   REAL NOT NULL,
    cost_fixed     REAL,
    cost_per_kg    REAL,
    batch_id       INTEGER NOT NULL,
    in_export      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (from_id, to_location_id, mode)
) WITHOUT ROWID;

-- References here are optional and not enforced: a technician may name a
-- part or machine the working set does not know.
CREATE TABLE service_events (
    event_id      TEXT PRIMARY KEY,
    date          TEXT NOT NULL,
    equipment_id  TEXT,
    part_id       TEXT,
    location_id   TEXT,
    technician_id TEXT,
    outcome       TEXT NOT NULL,
    note          TEXT,
    batch_id      INTEGER NOT NULL,
    in_export     INTEGER NOT NULL DEFAULT 1
);
