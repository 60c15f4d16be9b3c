//! Times the engine on a synthetic network of the `large` size (1M lines,
//! 50k parts, 200 locations): `Prepared::new` once, then totals and each
//! drill-down, p50 and p95 over 50 runs.
//!
//! `cargo run --release -p bodesk-kpi --example kpi_timing [LINES]`

use std::time::{Duration, Instant};

use bodesk_kpi::{
    Criticality, CustomerInfo, Dim, KpiConfig, Line, LineStatus, LocationInfo, Network, PartInfo,
    Prepared, RootCause, SlaTerms,
};
use chrono::NaiveDate;

fn main() {
    let lines: usize = std::env::args()
        .nth(1)
        .map_or(1_000_000, |s| s.parse().unwrap());
    let as_of = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
    let mut net = synthetic(lines, as_of);
    if std::env::var_os("KPI_NO_RC").is_some() {
        net.root_causes.clear();
    }
    let cfg = KpiConfig { as_of };

    let (started, cpu_started) = (Instant::now(), cpu_time());
    let prepared = Prepared::new(&net, &cfg);
    println!(
        "Prepared::new ({lines} lines): wall {:?}, on-cpu {:?}",
        started.elapsed(),
        cpu_time().saturating_sub(cpu_started)
    );
    if std::env::var_os("KPI_NEW_ONLY").is_some() {
        for _ in 0..4 {
            std::hint::black_box(Prepared::new(&net, &cfg));
        }
        return;
    }

    report("totals", || {
        std::hint::black_box(prepared.totals());
    });
    let only: Option<Dim> = std::env::var("KPI_DIM").ok().map(|d| d.parse().unwrap());
    for dim in Dim::ALL
        .into_iter()
        .filter(|d| only.is_none_or(|o| o == *d))
    {
        report(&format!("totals + drill_down({dim})"), || {
            std::hint::black_box(prepared.totals());
            std::hint::black_box(prepared.drill_down(dim));
        });
    }
}

fn report(what: &str, mut f: impl FnMut()) {
    f();
    let (mut wall, mut cpu): (Vec<Duration>, Vec<Duration>) = (0..50)
        .map(|_| {
            let (started, cpu_started) = (Instant::now(), cpu_time());
            f();
            (started.elapsed(), cpu_time().saturating_sub(cpu_started))
        })
        .unzip();
    wall.sort();
    cpu.sort();
    println!(
        "{what:40} wall p50 {:>9.2?} p95 {:>9.2?}   on-cpu p50 {:>9.2?} p95 {:>9.2?}",
        wall[25], wall[47], cpu[25], cpu[47]
    );
}

/// This thread's time on a CPU (Linux), so that a busy machine shows less
/// in the figures than in the wall clock; zero elsewhere.
fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

fn synthetic(lines: usize, as_of: NaiveDate) -> Network {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut net = Network::default();
    let tiers = ["platinum", "gold", "silver", "bronze"];
    for p in 0..50_000 {
        net.parts.insert(
            format!("PART-{p:06}"),
            PartInfo {
                unit_cost: rng.f64() * 500.0,
                criticality: Criticality::ALL[rng.usize(..3)],
                product_line: Some(format!("PL-{:02}", rng.usize(..40))),
                primary_supplier_id: Some(format!("SUP-{:03}", rng.usize(..300))),
            },
        );
    }
    for l in 0..200 {
        net.locations.insert(
            format!("LOC-{l:03}"),
            LocationInfo {
                region: format!("R{}", l % 8),
            },
        );
    }
    for c in 0..20_000 {
        net.customers.insert(
            format!("CUST-{c:05}"),
            CustomerInfo {
                tier: tiers[rng.usize(..4)].to_string(),
            },
        );
    }
    for tier in tiers {
        for crit in Criticality::ALL {
            net.sla.insert(
                (tier.to_string(), crit),
                SlaTerms {
                    max_backorder_days: rng.u32(3..30) as f64,
                    penalty_per_day: Some(50.0),
                },
            );
        }
    }
    // Orders of one to four lines, one customer and location per order, in
    // order-id order (as the api loads them).
    let (mut order, mut customer, mut location, mut left) = (0, 0, 0, 0);
    for i in 0..lines {
        if left == 0 {
            (order, left) = (order + 1, rng.u32(1..5));
            customer = rng.usize(..20_000);
            location = rng.usize(..200);
        }
        left -= 1;
        let created = as_of - chrono::Duration::days(rng.i64(0..700));
        let status = [
            LineStatus::Open,
            LineStatus::Closed,
            LineStatus::Closed,
            LineStatus::Cancelled,
        ][rng.usize(..4)];
        let closed_date =
            (status != LineStatus::Open).then(|| created + chrono::Duration::days(rng.i64(0..90)));
        let line = Line {
            order_id: format!("SO-{order:08}"),
            order_line: format!("{}", 10 * (i % 4 + 1)),
            customer_id: format!("CUST-{customer:05}"),
            part_id: format!("PART-{:06}", rng.usize(..50_000)),
            location_id: format!("LOC-{location:03}"),
            qty_open: rng.u32(1..20) as f64,
            created_date: created,
            closed_date,
            status,
        };
        if rng.u32(..4) == 0 {
            net.root_causes.insert(
                (line.order_id.clone(), line.order_line.clone()),
                RootCause::ALL[rng.usize(..6)],
            );
        }
        net.lines.push(line);
    }
    net
}
