#!/usr/bin/env python3
"""Writes a large, valid ERP export in the generic vocabulary, for benchmarks.

    bench/gen_large_export.py OUTDIR [--scale 1.0]

At scale 1.0: 50,000 parts, 200 locations, 500 customers, 50 suppliers, the
12 SLA rows, 1,000,000 backorder lines and 5,000,000 demand-history rows (the
DESIGN.md performance target). A smaller scale shrinks every count (with small
minimums). Every key is unique and every reference points at a row of the same
export, so the whole folder imports without a reject.

Deterministic: the same scale always writes byte-identical files (no clock,
no random module; values come from an integer hash of the row number).
Python 3 standard library only.
"""

import argparse
import os
import sys

TIERS = ("platinum", "gold", "silver", "bronze")
CRIT = ("A", "B", "C")
REGIONS = ("EMEA", "AMER", "APAC")
COUNTRIES = ("DE", "FR", "IT", "SE", "GB", "US", "MX", "BR", "JP", "SG", "AU", "IN")
KINDS = ("central", "regional", "field", "depot")
LINES = ("Pumps", "Motion", "Imaging", "Electronics", "Optics", "Cooling")
PERIODS_PER_SERIES = 25  # demand rows per (part, location) series


def h(n, salt=0):
    """A cheap, stable 32-bit hash of an integer (deterministic across runs)."""
    x = (n * 0x9E3779B1 + salt * 0x85EBCA77 + 0x165667B1) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 0x2C1B3C6D) & 0xFFFFFFFF
    x ^= x >> 12
    x = (x * 0x297A2D39) & 0xFFFFFFFF
    x ^= x >> 15
    return x


def date(day_index):
    """Day 0 = 2023-01-01; a valid YYYY-MM-DD (28-day months keep it simple)."""
    y, rest = divmod(day_index, 336)
    m, d = divmod(rest, 28)
    return "%04d-%02d-%02d" % (2023 + y, m + 1, d + 1)


class Out:
    """Buffered writer: joins lines in chunks (much faster than line by line)."""

    def __init__(self, path, header):
        self.f = open(path, "w", encoding="utf-8", newline="")
        self.buf = [header]
        self.rows = 0

    def row(self, line):
        self.buf.append(line)
        self.rows += 1
        if len(self.buf) >= 65536:
            self.flush()

    def flush(self):
        self.f.write("\n".join(self.buf) + "\n")
        self.buf = []

    def close(self):
        if self.buf:
            self.flush()
        self.f.close()
        return self.rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    if a.scale <= 0:
        ap.error("--scale must be positive")
    s = a.scale
    n_parts = max(100, round(50_000 * s))
    n_locs = max(5, round(200 * s))
    n_cust = max(5, round(500 * s))
    n_supp = max(3, round(50 * s))
    n_back = max(100, round(1_000_000 * s))
    n_dem = max(100, round(5_000_000 * s))
    if n_dem > n_parts * n_locs * PERIODS_PER_SERIES:
        sys.exit("scale too small for that many demand rows")
    os.makedirs(a.outdir, exist_ok=True)
    path = lambda name: os.path.join(a.outdir, name)
    counts = {}

    part = lambda i: "P%07d" % i
    loc = lambda i: "L%04d" % i
    cust = lambda i: "C%06d" % i
    supp = lambda i: "V%05d" % i

    o = Out(path("suppliers.csv"), "supplier_id,name,country,otd_target_pct,consignment")
    for i in range(n_supp):
        x = h(i, 1)
        o.row("%s,Supplier %d,%s,%d,%s" % (supp(i), i, COUNTRIES[x % 12], 85 + x % 15, "true" if x % 7 == 0 else "false"))
    counts["suppliers.csv"] = o.close()

    o = Out(path("locations.csv"), "location_id,name,region,country,kind,latitude,longitude")
    for i in range(n_locs):
        x = h(i, 2)
        o.row("%s,Location %d,%s,%s,%s,%.4f,%.4f" % (
            loc(i), i, REGIONS[x % 3], COUNTRIES[x % 12], KINDS[0 if i == 0 else 1 + x % 3],
            (x % 12000) / 100.0 - 60.0, (x % 36000) / 100.0 - 180.0))
    counts["locations.csv"] = o.close()

    o = Out(path("customers.csv"), "customer_id,name,tier,region")
    for i in range(n_cust):
        x = h(i, 3)
        o.row("%s,Customer %d,%s,%s" % (cust(i), i, TIERS[x % 4], REGIONS[(x >> 4) % 3]))
    counts["customers.csv"] = o.close()

    o = Out(path("sla.csv"), "tier,criticality,max_backorder_days,penalty_per_day")
    for t, tier in enumerate(TIERS):
        for c, crit in enumerate(CRIT):
            o.row("%s,%s,%d,%.1f" % (tier, crit, 2 * (t + 1) * (c + 1), 250.0 / (t + 1) / (c + 1)))
    counts["sla.csv"] = o.close()

    o = Out(path("parts.csv"),
            "part_id,description,unit_cost,criticality,lifecycle,eol_date,successor_part_id,lead_time_days,"
            "primary_supplier_id,safety_stock,reorder_point,max_stock,moq,weight_kg,product_line")
    for i in range(n_parts):
        x = h(i, 4)
        ss = x % 10
        o.row("%s,Spare part %d,%d.%02d,%s,active,,,%d,%s,%d,%d,%d,%d,%d.%d,%s" % (
            part(i), i, 1 + x % 5000, (x >> 8) % 100, CRIT[(x >> 3) % 3], 5 + (x >> 5) % 90,
            supp((x >> 7) % n_supp), ss, 2 * ss, 10 + 4 * ss, 1 + (x >> 9) % 10,
            (x >> 11) % 50, (x >> 13) % 10, LINES[(x >> 15) % 6]))
    counts["parts.csv"] = o.close()

    # Backorder lines: orders of 1-3 lines; 70 % open, 30 % closed.
    o = Out(path("backorders.csv"),
            "order_id,order_line,customer_id,part_id,location_id,qty_open,qty_ordered,created_date,"
            "promised_date,equipment_id,status,closed_date")
    order, line = 7_000_000_000, 0
    for i in range(n_back):
        x = h(i, 5)
        if line == 0 or x % 3 == 0 or line >= 30:
            order, line = order + 1, 10
        else:
            line += 10
        created = (x >> 4) % 1000
        qty = 1 + (x >> 2) % 20
        if x % 10 < 7:
            o.row("%010d,%d,%s,%s,%s,%d,%d,%s,%s,,open," % (
                order, line, cust((x >> 6) % n_cust), part((x >> 8) % n_parts), loc((x >> 20) % n_locs),
                qty, qty + x % 3, date(created), date(created + 3 + x % 20)))
        else:
            o.row("%010d,%d,%s,%s,%s,0,%d,%s,%s,,closed,%s" % (
                order, line, cust((x >> 6) % n_cust), part((x >> 8) % n_parts), loc((x >> 20) % n_locs),
                qty, date(created), date(created + 3 + x % 20), date(created + 5 + x % 60)))
    counts["backorders.csv"] = o.close()

    # Demand history, part by part (as a material-based report lists it): each
    # part at a few locations, PERIODS_PER_SERIES months each.
    o = Out(path("demand_history.csv"), "period,part_id,location_id,qty_demanded,qty_filled,stockout_days")
    periods = ["%04d-%02d" % (2021 + k // 12, k % 12 + 1) for k in range(PERIODS_PER_SERIES)]
    locs_per_part = -(-n_dem // (n_parts * PERIODS_PER_SERIES))
    left = n_dem
    for p in range(n_parts):
        if left <= 0:
            break
        pid = part(p)
        for j in range(locs_per_part):
            if left <= 0:
                break
            lid = loc((p * 7 + j) % n_locs)
            for k, per in enumerate(periods):
                if left <= 0:
                    break
                x = h(p * 1000 + j * 31 + k, 6)
                q = x % 12
                filled = q - (x >> 5) % (q + 1) // 3
                o.row("%s,%s,%s,%d,%d,%d" % (per, pid, lid, q, filled, 0 if filled == q else (x >> 9) % 10))
                left -= 1
    counts["demand_history.csv"] = o.close()

    for name, n in counts.items():
        print("%-20s %10d rows" % (name, n))


if __name__ == "__main__":
    main()
