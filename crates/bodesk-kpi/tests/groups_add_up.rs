//! Properties on random networks (fixed seeds): the groups of every
//! dimension add up to the totals for the additive KPIs, and every figure
//! equals a plain, day-by-day reading of `kpis.md`.
//!
//! Quantities, costs, SLA maxima and penalties are small dyadic numbers, so
//! every `f64` sum is exact whatever the order and equality can be exact.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use bodesk_kpi::{
    group_key, line_figures, Criticality, Dim, Group, KpiConfig, Kpis, Line, LineStatus, Network,
    PoLine, Prepared, RootCause, SupplierFigures,
};
use chrono::{Duration, NaiveDate};
use common::*;

fn random_network(seed: u64, lines: usize) -> Network {
    let mut rng = fastrand::Rng::with_seed(seed);
    let t = cfg().as_of;
    let mut net = Network::default();
    let tiers = ["platinum", "gold", "silver", "bronze"];
    let crits = Criticality::ALL;
    let regions = ["EU", "US", "APAC"];
    // Some ids of each kind are missing from the lookups on purpose.
    for p in 0..40 {
        let product_line = [Some("pumps"), Some("valves"), Some("seals"), None][rng.usize(..4)];
        let supplier = [Some("S0"), Some("S1"), Some("S2"), Some("S3"), None][rng.usize(..5)];
        part_full(
            &mut net,
            &format!("P{p}"),
            rng.u32(0..800) as f64 / 8.0,
            crits[rng.usize(..3)],
            product_line,
            supplier,
        );
    }
    for l in 0..8 {
        location(&mut net, &format!("L{l}"), regions[rng.usize(..3)]);
    }
    for c in 0..25 {
        customer(&mut net, &format!("C{c}"), tiers[rng.usize(..4)]);
    }
    for tier in tiers {
        for crit in crits {
            if rng.bool() {
                let penalty = rng.bool().then(|| rng.u32(0..50) as f64);
                sla(&mut net, tier, crit, rng.u32(0..120) as f64 / 2.0, penalty);
            }
        }
    }
    let day = |offset: i64| t + Duration::days(offset);
    for i in 0..lines {
        // Half of the lines recent, so that ages meet the SLA maxima.
        let created = day(-(if rng.bool() {
            rng.i64(-20..500)
        } else {
            rng.i64(0..60)
        }));
        let mut line = ln(
            &format!("o{i}"),
            &format!("C{}", rng.usize(..30)),
            &format!("P{}", rng.usize(..50)),
            &created.format("%Y-%m-%d").to_string(),
        )
        .qty(rng.u32(0..40) as f64 / 4.0)
        .at(&format!("L{}", rng.usize(..10)));
        line.status = [LineStatus::Open, LineStatus::Closed, LineStatus::Cancelled][rng.usize(..3)];
        line.closed_date = match rng.u32(..20) {
            0..=1 => None,
            2 => Some(created - Duration::days(3)),
            _ => Some(created + Duration::days(rng.i64(0..400))),
        };
        if rng.u32(..10) < 6 {
            root_cause(&mut net, &line.order_id, RootCause::ALL[rng.usize(..6)]);
        }
        net.lines.push(line);
    }
    use LineStatus::*;
    for _ in 0..lines / 4 {
        let committed = day(-rng.i64(-30..420));
        let received = (rng.u32(..4) > 0).then(|| committed + Duration::days(rng.i64(-20..40)));
        let status = [Open, Closed, Cancelled][rng.usize(..3)];
        let mut row = po(&format!("S{}", rng.usize(..6)), "2024-01-01", None, status);
        row.committed_date = committed;
        row.received_date = received;
        net.po_lines.push(row);
    }
    net
}

/// `kpis.md` read literally, one day at a time.
fn reference_kpis(net: &Network, t: NaiveDate, lines: &[&Line]) -> Kpis {
    let w0 = t - Duration::days(365);
    let mut k = Kpis::default();
    let mut age_sum = 0;
    let mut part_days: BTreeMap<&str, u64> = BTreeMap::new();
    let mut customer_days: BTreeMap<&str, BTreeSet<NaiveDate>> = BTreeMap::new();
    for line in lines {
        if line.created_date > t {
            continue;
        }
        let end = match line.status {
            LineStatus::Open => t,
            _ => line.closed_date.unwrap_or(line.created_date),
        };
        let mut days = 0;
        let mut d = line.created_date;
        while d < end {
            if d >= w0 && d < t {
                days += 1;
                customer_days
                    .entry(&line.customer_id)
                    .or_default()
                    .insert(d);
            }
            d = d.succ_opt().unwrap();
        }
        k.backorder_days += days;
        *part_days.entry(&line.part_id).or_default() += days;
        if line.status == LineStatus::Open && line.qty_open > 0.0 {
            let age = (t - line.created_date).num_days() as u64;
            let part = net.parts.get(&line.part_id);
            k.open_lines += 1;
            k.open_qty += line.qty_open;
            k.open_value += line.qty_open * part.map_or(0.0, |p| p.unit_cost);
            age_sum += age;
            k.max_age_days = k.max_age_days.max(age);
            if age > 30 {
                k.lines_over_30_days += 1;
            }
            let tier = net.customers.get(&line.customer_id).map(|c| c.tier.clone());
            if let (Some(tier), Some(part)) = (tier, part) {
                if let Some(terms) = net.sla.get(&(tier, part.criticality)) {
                    if age as f64 > terms.max_backorder_days {
                        k.sla_breaches += 1;
                        k.penalty_exposure += (age as f64 - terms.max_backorder_days)
                            * terms.penalty_per_day.unwrap_or(0.0);
                    }
                }
            }
        }
    }
    if k.open_lines > 0 {
        k.mean_age_days = age_sum as f64 / k.open_lines as f64;
    }
    k.parts_affected = part_days.values().filter(|&&d| d > 0).count() as u64;
    if k.parts_affected > 0 {
        k.backorder_days_per_part = k.backorder_days as f64 / k.parts_affected as f64;
    }
    k.customer_impact_days = customer_days.values().map(|s| s.len() as u64).sum();
    k
}

/// The groups `kpis.md` implies: lines by [`group_key`], a group listed when
/// one of its lines is open or has a day in the window.
fn reference_groups(net: &Network, cfg: &KpiConfig, dim: Dim) -> Vec<Group> {
    let mut by_key: BTreeMap<String, Vec<&Line>> = BTreeMap::new();
    for line in &net.lines {
        by_key
            .entry(group_key(net, line, dim))
            .or_default()
            .push(line);
    }
    by_key
        .into_iter()
        .filter(|(_, lines)| {
            lines.iter().any(|l| {
                let f = line_figures(net, cfg, l);
                f.open || f.backorder_days > 0
            })
        })
        .map(|(key, lines)| Group {
            key,
            kpis: reference_kpis(net, cfg.as_of, &lines),
        })
        .collect()
}

fn reference_scorecard(net: &Network, t: NaiveDate) -> Vec<SupplierFigures> {
    let w0 = t - Duration::days(365);
    let mut ids: BTreeSet<&str> = net
        .po_lines
        .iter()
        .map(|p| p.supplier_id.as_str())
        .collect();
    let caused = |s: &str| {
        net.lines
            .iter()
            .filter(|l| {
                l.status == LineStatus::Open
                    && l.qty_open > 0.0
                    && l.created_date <= t
                    && net
                        .root_causes
                        .get(&(l.order_id.clone(), l.order_line.clone()))
                        == Some(&RootCause::SupplierDelay)
                    && net
                        .parts
                        .get(&l.part_id)
                        .and_then(|p| p.primary_supplier_id.as_deref())
                        == Some(s)
            })
            .count() as u64
    };
    for p in net.parts.values() {
        if let Some(s) = p.primary_supplier_id.as_deref() {
            if caused(s) > 0 {
                ids.insert(s);
            }
        }
    }
    ids.into_iter()
        .map(|s| {
            let received: Vec<&PoLine> = net
                .po_lines
                .iter()
                .filter(|p| p.supplier_id == s && p.received_date.is_some_and(|r| r >= w0 && r < t))
                .collect();
            let n = received.len() as f64;
            let on_time = received
                .iter()
                .filter(|p| p.received_date.unwrap() <= p.committed_date)
                .count();
            let delay: i64 = received
                .iter()
                .map(|p| {
                    (p.received_date.unwrap() - p.committed_date)
                        .num_days()
                        .max(0)
                })
                .sum();
            SupplierFigures {
                supplier_id: s.to_string(),
                received_lines: received.len() as u64,
                on_time_pct: (n > 0.0).then(|| 100.0 * on_time as f64 / n),
                avg_delay_days: (n > 0.0).then(|| delay as f64 / n),
                past_due_lines: net
                    .po_lines
                    .iter()
                    .filter(|p| {
                        p.supplier_id == s && p.status == LineStatus::Open && p.committed_date < t
                    })
                    .count() as u64,
                backorders_caused: caused(s),
            }
        })
        .collect()
}

const SEEDS: [u64; 6] = [1, 2, 3, 42, 2024, 77_777];

#[test]
fn groups_add_up_to_the_totals_for_every_dim() {
    for seed in SEEDS {
        let net = random_network(seed, 1500);
        let prepared = Prepared::new(&net, &cfg());
        let total = prepared.totals().kpis;
        assert!(
            total.open_lines > 100 && total.sla_breaches > 10,
            "seed {seed}: a weak network"
        );
        for dim in Dim::ALL {
            let groups = prepared.drill_down(dim);
            let sum = |f: fn(&Kpis) -> f64| groups.iter().map(|g| f(&g.kpis)).sum::<f64>();
            let ctx = format!("seed {seed}, dim {dim}");
            assert_eq!(
                sum(|k| k.open_lines as f64),
                total.open_lines as f64,
                "{ctx}: open_lines"
            );
            assert_eq!(sum(|k| k.open_qty), total.open_qty, "{ctx}: open_qty");
            assert_eq!(sum(|k| k.open_value), total.open_value, "{ctx}: open_value");
            assert_eq!(
                sum(|k| k.backorder_days as f64),
                total.backorder_days as f64,
                "{ctx}: backorder_days"
            );
            assert_eq!(
                sum(|k| k.sla_breaches as f64),
                total.sla_breaches as f64,
                "{ctx}: sla_breaches"
            );
            assert_eq!(
                sum(|k| k.penalty_exposure),
                total.penalty_exposure,
                "{ctx}: penalty_exposure"
            );
            assert_eq!(
                sum(|k| k.lines_over_30_days as f64),
                total.lines_over_30_days as f64,
                "{ctx}: lines_over_30_days"
            );
            let max_age = groups
                .iter()
                .map(|g| g.kpis.max_age_days)
                .max()
                .unwrap_or(0);
            assert_eq!(max_age, total.max_age_days, "{ctx}: max_age_days");

            // Not additive in general, but exactly so when each part (or
            // customer) falls in one group, and never less than the total.
            let parts = sum(|k| k.parts_affected as f64);
            let impact = sum(|k| k.customer_impact_days as f64);
            if matches!(
                dim,
                Dim::Part | Dim::ProductLine | Dim::Criticality | Dim::Supplier
            ) {
                assert_eq!(parts, total.parts_affected as f64, "{ctx}: parts_affected");
            } else {
                assert!(
                    parts >= total.parts_affected as f64,
                    "{ctx}: parts_affected"
                );
            }
            if matches!(dim, Dim::Customer | Dim::Tier) {
                assert_eq!(impact, total.customer_impact_days as f64, "{ctx}: impact");
            } else {
                assert!(impact >= total.customer_impact_days as f64, "{ctx}: impact");
            }

            let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
            let mut sorted = keys.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(keys, sorted, "{ctx}: keys sorted and distinct");
        }
    }
}

#[test]
fn every_figure_matches_a_day_by_day_reading_of_the_spec() {
    for seed in SEEDS {
        let net = random_network(seed, 600);
        let cfg = cfg();
        let prepared = Prepared::new(&net, &cfg);
        let all: Vec<&Line> = net.lines.iter().collect();
        assert_eq!(
            prepared.totals().kpis,
            reference_kpis(&net, cfg.as_of, &all),
            "seed {seed}: totals"
        );
        for dim in Dim::ALL {
            assert_eq!(
                prepared.drill_down(dim),
                reference_groups(&net, &cfg, dim),
                "seed {seed}, dim {dim}"
            );
        }
        assert_eq!(
            prepared.supplier_scorecard(),
            reference_scorecard(&net, cfg.as_of),
            "seed {seed}: scorecard"
        );
    }
}

#[test]
fn the_result_does_not_depend_on_the_order_of_the_rows() {
    let net = random_network(9, 800);
    let mut shuffled = net.clone();
    fastrand::Rng::with_seed(10).shuffle(&mut shuffled.lines);
    fastrand::Rng::with_seed(11).shuffle(&mut shuffled.po_lines);
    let (a, b) = (
        Prepared::new(&net, &cfg()),
        Prepared::new(&shuffled, &cfg()),
    );
    assert_eq!(a.totals(), b.totals());
    for dim in Dim::ALL {
        assert_eq!(a.drill_down(dim), b.drill_down(dim), "dim {dim}");
    }
    let distinct_lines: HashSet<_> = net.lines.iter().map(|l| &l.order_id).collect();
    assert_eq!(distinct_lines.len(), 800);
}

/// A drill-down path (region, then location, then any dimension) gives the
/// figures of a day-by-day reading over just the lines on that path.
#[test]
fn filtered_drill_downs_match_the_reference_over_the_filtered_lines() {
    for seed in SEEDS {
        let net = random_network(seed, 600);
        let cfg = cfg();
        let prepared = Prepared::new(&net, &cfg);
        for region in prepared.drill_down(Dim::Region) {
            let path = vec![(Dim::Region, region.key.clone())];
            assert_eq!(prepared.totals_where(&path), region.kpis, "seed {seed}");
            for location in prepared.drill_down_where(&path, Dim::Location) {
                let mut deeper = path.clone();
                deeper.push((Dim::Location, location.key.clone()));
                assert_eq!(prepared.totals_where(&deeper), location.kpis);
                for dim in Dim::ALL {
                    let on_path: Vec<Line> = net
                        .lines
                        .iter()
                        .filter(|l| deeper.iter().all(|(d, k)| group_key(&net, l, *d) == *k))
                        .cloned()
                        .collect();
                    let sub = Network {
                        lines: on_path,
                        ..net.clone()
                    };
                    assert_eq!(
                        prepared.drill_down_where(&deeper, dim),
                        reference_groups(&sub, &cfg, dim),
                        "seed {seed}, {deeper:?} by {dim}"
                    );
                }
            }
        }
        // A key that names no group matches nothing.
        let nowhere = [(Dim::Region, "no such region".to_string())];
        assert_eq!(prepared.totals_where(&nowhere), Kpis::default());
        assert!(prepared.drill_down_where(&nowhere, Dim::Part).is_empty());
    }
}
