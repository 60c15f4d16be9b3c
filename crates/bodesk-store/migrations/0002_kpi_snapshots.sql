-- KPI snapshots: after each committed import, the totals and the main
-- breakdowns as of the import's as-of date, so that trend charts and
-- "change since the last export" need no recomputation.
CREATE TABLE kpi_snapshot (
    as_of    TEXT NOT NULL,
    dim      TEXT NOT NULL,   -- 'total' or a drill-down dimension
    key      TEXT NOT NULL,   -- '' for the total
    figures  TEXT NOT NULL,   -- JSON, KPI names of kpis.md
    batch_id INTEGER NOT NULL REFERENCES import_batch(batch_id),
    PRIMARY KEY (as_of, dim, key)
) WITHOUT ROWID;
