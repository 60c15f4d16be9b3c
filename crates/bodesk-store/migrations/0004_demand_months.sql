-- Demand per month over every part and location: what the KPI engine's
-- fill rate reads, so that opening a working set needs no scan of the
-- (millions of) demand_history rows. Rewritten inside each import's
-- transaction from the scan that records the KPI snapshot; one row per
-- distinct `period` text of demand_history.
CREATE TABLE demand_month (
    period       TEXT PRIMARY KEY,
    qty_demanded REAL NOT NULL,   -- sum(qty_demanded)
    qty_filled   REAL NOT NULL    -- sum(coalesce(qty_filled, qty_demanded))
) WITHOUT ROWID;

-- Working sets from before this migration.
INSERT INTO demand_month (period, qty_demanded, qty_filled)
SELECT period, sum(qty_demanded), sum(coalesce(qty_filled, qty_demanded))
FROM demand_history
GROUP BY period;
