#!/usr/bin/env python3
"""The dashboard's KPI work in DuckDB, as the peer of `kpi_bench`.

    kpi_duckdb.py --csv DIR --as-of YYYY-MM-DD --bodesk BIN --db WS.sqlite
                  [--runs N] [--ours FILE] [--threads K]

Loads the working set's tables from the CSV files the sqlite3 shell exported
into DIR (bench/kpi.sh writes them; NULL is written as #NULL#) into DuckDB
in-memory tables (not timed), then computes in SQL every backorder KPI of
shared/spec/kpis.md: the totals, and the totals plus one drill-down for each
dimension, N times each (p50/p95 as kpi_bench computes them).

Two DuckDB variants are timed:

- `base`: each call joins the base tables (backorders, parts, customers,
  locations, sla, root_cause_override) and aggregates; nothing is kept
  between calls.
- `prepped`: like our engine's `Prepared`, the per-line work (joins, clipping
  to the window, age, value, SLA breach, group attributes) is materialised
  once into a table before timing; each call then only aggregates it.

Before timing, the figures of both variants are checked against
`bodesk --db WS kpi --by DIM --json` (relative tolerance 1e-6), including
fill_rate and supplier_on_time_pct of the totals, which both sides compute
outside the timed calls (our engine computes them when preparing). Every
mismatch is printed; the exit status is 1 when there is one.

With --ours (kpi_bench's output) a comparison table is printed at the end.
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import time

import duckdb

DIMS = ["region", "location", "part", "product_line", "criticality", "tier",
        "customer", "supplier", "root_cause"]
KPIS = ["open_lines", "open_qty", "open_value", "mean_age_days", "max_age_days",
        "backorder_days", "parts_affected", "backorder_days_per_part",
        "customer_impact_days", "sla_breaches", "penalty_exposure", "lines_over_30_days"]
ROOT_CAUSES = ["supplier_delay", "demand_spike", "forecast_error", "internal_transfer",
               "eol_transition", "unknown"]
NONE_KEY = "(none)"

# Column types of the exported tables (the columns bench/kpi.sh exports).
TABLES = {
    "backorders": {"order_id": "VARCHAR", "order_line": "VARCHAR", "customer_id": "VARCHAR",
                   "part_id": "VARCHAR", "location_id": "VARCHAR", "qty_open": "DOUBLE",
                   "created_date": "DATE", "closed_date": "DATE", "status": "VARCHAR"},
    "parts": {"part_id": "VARCHAR", "unit_cost": "DOUBLE", "criticality": "VARCHAR",
              "product_line": "VARCHAR", "primary_supplier_id": "VARCHAR"},
    "locations": {"location_id": "VARCHAR", "region": "VARCHAR"},
    "customers": {"customer_id": "VARCHAR", "tier": "VARCHAR"},
    "sla": {"tier": "VARCHAR", "criticality": "VARCHAR", "max_backorder_days": "DOUBLE",
            "penalty_per_day": "DOUBLE"},
    "root_cause_override": {"order_id": "VARCHAR", "order_line": "VARCHAR",
                            "root_cause": "VARCHAR"},
    "demand_history": {"period": "VARCHAR", "qty_demanded": "DOUBLE", "qty_filled": "DOUBLE"},
    "purchase_orders": {"committed_date": "DATE", "received_date": "DATE", "status": "VARCHAR"},
}


def load(con, csv_dir):
    for table, cols in TABLES.items():
        path = os.path.join(csv_dir, f"{table}.csv")
        if os.path.getsize(path) == 0:  # the sqlite3 shell writes no header for no rows
            con.execute(f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t in cols.items())})")
            continue
        spec = ", ".join(f"'{c}': '{t}'" for c, t in cols.items())
        con.execute(
            f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = true, "
            f"nullstr = '#NULL#', quote = '\"', escape = '\"', columns = {{{spec}}})")


# --- the per-line rules of kpis.md ------------------------------------------
#
# A line created after T contributes nothing. The end of an open line is T; of
# a closed or cancelled one its closed_date (none: it ends where it starts).
# [s, e) is [created, end) clipped to W = [T - 365, T). An open line: status
# open, qty_open > 0. Lines that are neither open nor have a day in W are
# left out everywhere (no group).

def line_rows(t, key_sql, joins):
    """SELECT of the contributing lines with group key g (base tables)."""
    return f"""
    SELECT b.customer_id, b.part_id, {key_sql} AS g,
           (b.status = 'open' AND b.qty_open > 0) AS is_open,
           b.qty_open,
           b.qty_open * coalesce(p.unit_cost, 0) AS value,
           (DATE '{t}' - b.created_date) AS age,
           greatest(b.created_date, DATE '{t}' - 365) AS s,
           greatest(least(CASE WHEN b.status = 'open' THEN DATE '{t}'
                               ELSE coalesce(b.closed_date, b.created_date) END,
                          DATE '{t}'),
                    greatest(b.created_date, DATE '{t}' - 365)) AS e,
           sla.max_backorder_days AS max_days, sla.penalty_per_day AS penalty_per_day
    FROM backorders b
    LEFT JOIN parts p ON p.part_id = b.part_id
    LEFT JOIN customers c ON c.customer_id = b.customer_id
    LEFT JOIN sla ON sla.tier = c.tier AND sla.criticality = p.criticality
    {joins}
    WHERE b.created_date <= DATE '{t}'
      AND ((b.status = 'open' AND b.qty_open > 0)
           OR least(CASE WHEN b.status = 'open' THEN DATE '{t}'
                         ELSE coalesce(b.closed_date, b.created_date) END, DATE '{t}')
              > greatest(b.created_date, DATE '{t}' - 365))
    """


# Group key expression and extra joins per dimension (base tables).
ROOT_CAUSE_SQL = ("CASE WHEN o.root_cause IN ({}) THEN o.root_cause ELSE 'unknown' END"
                  .format(", ".join(f"'{r}'" for r in ROOT_CAUSES)))
BASE_KEYS = {
    None: ("''", ""),
    "region": (f"coalesce(loc.region, '{NONE_KEY}')",
               "LEFT JOIN locations loc ON loc.location_id = b.location_id"),
    "location": ("b.location_id", ""),
    "part": ("b.part_id", ""),
    "product_line": (f"coalesce(p.product_line, '{NONE_KEY}')", ""),
    "criticality": (f"coalesce(p.criticality, '{NONE_KEY}')", ""),
    "tier": (f"coalesce(c.tier, '{NONE_KEY}')", ""),
    "customer": ("b.customer_id", ""),
    "supplier": (f"coalesce(p.primary_supplier_id, '{NONE_KEY}')", ""),
    "root_cause": (ROOT_CAUSE_SQL,
                   "LEFT JOIN root_cause_override o ON o.order_id = b.order_id "
                   "AND o.order_line = b.order_line"),
}

# The same lines, materialised once with every group attribute (`prepped`).
PREPPED_COLS = {
    "region": f"coalesce(loc.region, '{NONE_KEY}')",
    "location": "b.location_id",
    "product_line": f"coalesce(p.product_line, '{NONE_KEY}')",
    "criticality": f"coalesce(p.criticality, '{NONE_KEY}')",
    "tier": f"coalesce(c.tier, '{NONE_KEY}')",
    "supplier": f"coalesce(p.primary_supplier_id, '{NONE_KEY}')",
    "root_cause": ROOT_CAUSE_SQL,
}
PREPPED_KEYS = {None: "''", "part": "part_id", "customer": "customer_id",
                **{d: d for d in PREPPED_COLS}}


def prepare(con, t):
    cols = ", ".join(f"{sql} AS {name}" for name, sql in PREPPED_COLS.items())
    joins = ("LEFT JOIN locations loc ON loc.location_id = b.location_id "
             "LEFT JOIN root_cause_override o ON o.order_id = b.order_id "
             "AND o.order_line = b.order_line")
    base = line_rows(t, "''", joins).replace("SELECT b.customer_id,", f"SELECT {cols}, b.customer_id,", 1)
    con.execute(f"""
        CREATE OR REPLACE TABLE lines_prepped AS
        SELECT * EXCLUDE (g, max_days, penalty_per_day, value),
               CASE WHEN is_open THEN value ELSE 0 END AS value,
               (is_open AND max_days IS NOT NULL AND age > max_days) AS breach,
               CASE WHEN is_open AND max_days IS NOT NULL AND age > max_days
                    THEN (age - max_days) * coalesce(penalty_per_day, 0) ELSE 0 END AS penalty
        FROM ({base})
        ORDER BY customer_id, s""")


def aggregate(rows_sql, prepped):
    """The KPIs per g of the contributing lines `rows_sql`.

    customer_impact_days: per (group, customer), the union of the [s, e)
    intervals (gaps and islands): in start order, each interval adds only
    its part beyond the furthest end of the earlier ones (the current
    island's end); that sum is the length of the union.
    """
    if prepped:
        breach = "breach"
        penalty = "penalty"
        value = "value"
    else:
        breach = "(is_open AND max_days IS NOT NULL AND age > max_days)"
        penalty = (f"CASE WHEN {breach} THEN (age - max_days) * coalesce(penalty_per_day, 0) "
                   "ELSE 0 END")
        value = "CASE WHEN is_open THEN value ELSE 0 END"
    return f"""
    WITH l AS ({rows_sql}),
    w AS (
        SELECT *, max(e) OVER (PARTITION BY g, customer_id ORDER BY s
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS island_end
        FROM l
    )
    SELECT g,
           count(*) FILTER (WHERE is_open) AS open_lines,
           coalesce(sum(qty_open) FILTER (WHERE is_open), 0) AS open_qty,
           coalesce(sum({value}), 0) AS open_value,
           coalesce(avg(age) FILTER (WHERE is_open), 0) AS mean_age_days,
           coalesce(max(age) FILTER (WHERE is_open), 0) AS max_age_days,
           sum(e - s) AS backorder_days,
           count(DISTINCT part_id) FILTER (WHERE e > s) AS parts_affected,
           CASE WHEN count(DISTINCT part_id) FILTER (WHERE e > s) = 0 THEN 0
                ELSE sum(e - s) / count(DISTINCT part_id) FILTER (WHERE e > s) END
               AS backorder_days_per_part,
           sum(greatest(0, e - greatest(s, coalesce(island_end, s)))) AS customer_impact_days,
           count(*) FILTER (WHERE {breach}) AS sla_breaches,
           coalesce(sum({penalty}), 0) AS penalty_exposure,
           count(*) FILTER (WHERE is_open AND age > 30) AS lines_over_30_days
    FROM w
    GROUP BY g
    ORDER BY g
    """


def query(t, dim, prepped):
    if prepped:
        rows = (f"SELECT {PREPPED_KEYS[dim]} AS g, customer_id, part_id, is_open, qty_open, "
                f"value, age, s, e, breach, penalty FROM lines_prepped")
    else:
        key_sql, joins = BASE_KEYS[dim]
        rows = line_rows(t, key_sql, joins)
    return aggregate(rows, prepped)


def totals_extra(con, t):
    """fill_rate and supplier_on_time_pct (computed once, like our engine)."""
    y, m = int(t[:4]), int(t[5:7])
    this_month = y * 12 + m - 1
    fill = con.execute(f"""
        WITH d AS (
            SELECT year(pd) * 12 + month(pd) - 1 AS mi, qty_demanded, qty_filled
            FROM (SELECT try_strptime(period || '-01', '%Y-%m-%d')::DATE AS pd,
                         qty_demanded, qty_filled FROM demand_history)
            WHERE pd IS NOT NULL)
        SELECT CASE WHEN sum(qty_demanded) = 0 OR sum(qty_demanded) IS NULL THEN NULL
                    ELSE sum(coalesce(qty_filled, qty_demanded)) / sum(qty_demanded) END
        FROM d WHERE mi >= {this_month - 12} AND mi < {this_month}""").fetchone()[0]
    on_time = con.execute(f"""
        SELECT CASE WHEN count(*) = 0 THEN NULL
                    ELSE 100.0 * count(*) FILTER (WHERE received_date <= committed_date) / count(*) END
        FROM purchase_orders
        WHERE committed_date IS NOT NULL
          AND received_date >= DATE '{t}' - 365 AND received_date < DATE '{t}'""").fetchone()[0]
    return fill, on_time


def as_dicts(rows):
    return {r[0]: dict(zip(KPIS, r[1:])) for r in rows}


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return a == b or abs(a - b) <= 1e-6 * max(abs(a), abs(b))


def compare(label, ours, theirs, out):
    """Appends to `out` a line per differing figure of two {key: figures}."""
    for key in sorted(set(ours) | set(theirs)):
        if key not in theirs:
            out.append(f"{label}: group {key!r} only in ours")
            continue
        if key not in ours:
            out.append(f"{label}: group {key!r} only in duckdb")
            continue
        for k in KPIS:
            if not close(ours[key][k], theirs[key][k]):
                out.append(f"{label}: group {key!r} {k}: ours {ours[key][k]!r}, "
                           f"duckdb {theirs[key][k]!r}")


def pct(times, p):
    """As kpi_bench: the sorted sample at round((n - 1) * p), half away from 0."""
    times = sorted(times)
    return times[int(math.floor((len(times) - 1) * p + 0.5))]


def call(con, t, dim, prepped):
    """One dashboard call: the totals plus one drill-down, results fetched."""
    total = con.execute(query(t, None, prepped)).fetchall()
    groups = con.execute(query(t, dim, prepped)).fetchall()
    return total, groups


def parse_ours(path):
    ours = {}
    cold = None
    with open(path) as f:
        for line in f:
            m = re.match(r"cold \(load \+ prepare \+ totals\): ([\d.]+) ms", line)
            if m:
                cold = float(m.group(1))
            parts = line.split()
            if len(parts) == 3 and parts[0] in DIMS:
                ours[parts[0]] = (float(parts[1]), float(parts[2]))
    return cold, ours


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", required=True)
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--bodesk", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--ours")
    ap.add_argument("--threads", type=int, default=0, help="DuckDB threads (default: DuckDB's)")
    args = ap.parse_args()
    t = args.as_of

    con = duckdb.connect(":memory:")
    if args.threads:
        con.execute(f"SET threads = {args.threads}")
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(f"duckdb {duckdb.__version__}, {threads} threads, T = {t}")

    t0 = time.perf_counter()
    load(con, args.csv)
    load_ms = (time.perf_counter() - t0) * 1e3
    n_lines = con.execute("SELECT count(*) FROM backorders").fetchone()[0]
    t0 = time.perf_counter()
    prepare(con, t)
    prep_ms = (time.perf_counter() - t0) * 1e3
    t0 = time.perf_counter()
    fill, on_time = totals_extra(con, t)
    extra_ms = (time.perf_counter() - t0) * 1e3
    print(f"load CSV into tables: {load_ms:.0f} ms ({n_lines} backorder lines); "
          f"prepped table: {prep_ms:.0f} ms; fill_rate + on-time: {extra_ms:.0f} ms (none timed below)")

    # --- check: DuckDB's figures against `bodesk kpi --by DIM --json` -------
    mismatches = []
    for dim in DIMS:
        r = subprocess.run([args.bodesk, "--db", args.db, "kpi", "--by", dim, "--json"],
                           check=True, capture_output=True, text=True)
        ours = json.loads(r.stdout)
        if ours["as_of"] != t:
            mismatches.append(f"as_of: ours {ours['as_of']}, bench {t}")
        ours_groups = {g["key"]: g for g in ours["groups"]}
        for prepped in (False, True):
            variant = "prepped" if prepped else "base"
            total, groups = call(con, t, dim, prepped)
            if dim == DIMS[0]:
                compare(f"[{variant}] total", {"": ours["total"]}, as_dicts(total), mismatches)
            compare(f"[{variant}] by {dim}", ours_groups, as_dicts(groups), mismatches)
        if dim == DIMS[0]:
            for k, v in (("fill_rate", fill), ("supplier_on_time_pct", on_time)):
                if not close(ours["total"][k], v):
                    mismatches.append(f"total {k}: ours {ours['total'][k]!r}, duckdb {v!r}")
        print(f"checked {dim:<13} {len(ours_groups):>6} groups")
    if mismatches:
        print(f"MISMATCH: {len(mismatches)} figure(s) differ (first 50):")
        for m in mismatches[:50]:
            print("  " + m)
    else:
        print("check: every figure of the totals and of every drill-down equals ours "
              "(rel. 1e-6), both variants; fill_rate and supplier_on_time_pct too")

    # --- timing ---------------------------------------------------------------
    print(f"warm timings, totals + one drill-down, {args.runs} runs each (1 untimed warm-up)")
    print(f"{'drill-down':<14} {'base p50':>9} {'base p95':>9} {'prep p50':>9} {'prep p95':>9}")
    duck = {}
    for dim in DIMS:
        row = []
        for prepped in (False, True):
            call(con, t, dim, prepped)
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                call(con, t, dim, prepped)
                times.append((time.perf_counter() - t0) * 1e3)
            row += [pct(times, 0.5), pct(times, 0.95)]
        duck[dim] = row
        print(f"{dim:<14} {row[0]:>9.2f} {row[1]:>9.2f} {row[2]:>9.2f} {row[3]:>9.2f}")

    if args.ours:
        cold, ours = parse_ours(args.ours)
        print()
        print(f"== ours vs DuckDB: totals + one drill-down, warm, ms ({args.runs} runs; "
              f"ours cold load + prepare + totals {cold} ms)")
        print("   duckdb base: joins the loaded base tables every call; "
              "duckdb prepped: aggregates a pre-joined line table")
        hdr = (f"{'dimension':<13} {'ours p50':>8} {'ours p95':>8} | {'base p50':>8} {'base p95':>8} "
               f"{'ratio95':>7} | {'prep p50':>8} {'prep p95':>8} {'ratio95':>7} | target")
        print(hdr)
        print("-" * len(hdr))
        for dim in DIMS:
            o50, o95 = ours[dim]
            b50, b95, p50, p95 = duck[dim]
            ok = "ok" if o95 < 50 and o95 <= b95 else "MISSED"
            print(f"{dim:<13} {o50:>8.2f} {o95:>8.2f} | {b50:>8.2f} {b95:>8.2f} {o95 / b95:>7.3f} | "
                  f"{p50:>8.2f} {p95:>8.2f} {o95 / p95:>7.3f} | {ok}")
        print("ratio95 = ours p95 / DuckDB p95; target: ours p95 < 50 ms and ratio95 <= 1 (vs base)")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
