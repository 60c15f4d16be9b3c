//! End of life on hand-made data: rates, successor coverage, last-time buy.

mod common;

use bodesk_actions::eol::report;
use bodesk_actions::*;
use common::*;

/// E1 is EOL since 2026-07-01 with successor N1; as of 2026-11-20.
fn network_with_eol() -> Network {
    let mut net = network(vec![
        Part {
            lifecycle: Lifecycle::Eol,
            eol_date: Some(d("2026-07-01")),
            successor_part_id: Some("N1".into()),
            ..part("E1", 60.0, "S1", 1.0)
        },
        part("N1", 30.0, "S1", 1.0),
        part("A1", 30.0, "S1", 1.0),
    ]);
    net.regions = [("L1", "AMER"), ("L2", "EMEA"), ("L3", "EMEA")]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    // 12 whole months before 2026-11: 2025-11 .. 2026-10.
    for m in 0..12 {
        let (y, mo) = if m < 2 { (2025, 11 + m) } else { (2026, m - 1) };
        net.demand
            .push(demand(&format!("{y}-{mo:02}"), "E1", "L1", 2.0));
        if mo >= 5 && y == 2026 {
            net.demand
                .push(demand(&format!("{y}-{mo:02}"), "E1", "L2", 1.0));
        }
    }
    // Outside the 12 months: counted in no last-time buy.
    net.demand.push(demand("2026-11", "E1", "L1", 50.0));
    net.demand.push(demand("2025-10", "E1", "L1", 50.0));
    net.stock = vec![
        stock("E1", "L1", 3.0, 0.0),
        stock("N1", "L1", 4.0, 0.0),
        stock("N1", "L2", 2.0, 2.0), // all blocked: not stocked
    ];
    net.po_lines = vec![open_po(
        "P",
        "E1",
        "S1",
        "L1",
        5.0,
        "2026-06-01",
        "2026-08-01",
    )];
    net.lines = vec![
        closed_line("B1", "E1", "L1", "2025-08-01", "2025-08-10"),
        closed_line("B2", "E1", "L1", "2026-06-30", "2026-07-10"),
        closed_line("A1", "E1", "L1", "2026-07-01", "2026-07-05"),
        closed_line("A2", "E1", "L2", "2026-08-01", "2026-08-05"),
        line("A3", "E1", "L2", 1.0, "2026-10-01"),
        line("A4", "E1", "L3", 1.0, "2026-11-01"),
        line("Z9", "A1", "L3", 1.0, "2026-11-01"),
    ];
    net
}

#[test]
fn last_time_buy_arithmetic_for_several_horizons() {
    // 12-month demand: L1 12 × 2 = 24, L2 6 × 1 = 6 → 30, mean 2.5 a month.
    // On hand 3 (L1), on order 5 (PO P outstanding).
    let cases = [
        // horizon, need, rest, buy
        (24.0, 60.0, 52.0, 52.0),
        (10.0, 25.0, 17.0, 17.0),
        (5.0, 12.5, 4.5, 5.0), // rounded up to whole units
        (3.0, 7.5, -0.5, 0.0), // floored at 0
    ];
    let net = network_with_eol();
    for (horizon, need, rest, buy) in cases {
        let cfg = Config {
            as_of: d("2026-11-20"),
            horizon_months: horizon,
        };
        let parts = report(&net, &cfg);
        assert_eq!(parts.len(), 1, "only E1 is end-of-life");
        let ltb = &parts[0].last_time_buy;
        assert_eq!(
            (ltb.demand_12m, ltb.mean_monthly, ltb.on_hand, ltb.on_order),
            (30.0, 2.5, 3.0, 5.0)
        );
        assert!(
            (ltb.need - need).abs() < 1e-9,
            "{horizon}: {}",
            ltb.arithmetic
        );
        assert_eq!(ltb.quantity, buy, "{horizon}: {}", ltb.arithmetic);
        assert!(
            ltb.arithmetic
                .contains(&format!("= {}", bodesk_actions_num(rest))),
            "{}",
            ltb.arithmetic
        );
    }
    let parts = report(&net, &Config::new(d("2026-11-20")));
    assert_eq!(
        parts[0].last_time_buy.arithmetic,
        "mean monthly demand 2.5 (30 over 2025-11 to 2026-10, 12 months) × 24 months = 60; − on hand 3 − on order 5 = 52 → buy 52"
    );
}

fn bodesk_actions_num(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[test]
fn successor_not_stocked_where_the_part_is_wanted() {
    let parts = report(&network_with_eol(), &Config::new(d("2026-11-20")));
    let e1 = &parts[0];
    let wanted: Vec<(&str, Option<&str>, f64, usize, bool)> = e1
        .wanted_at
        .iter()
        .map(|w| {
            (
                w.location_id.as_str(),
                w.region.as_deref(),
                w.demand_12m,
                w.open_lines,
                w.successor_stocked,
            )
        })
        .collect();
    assert_eq!(
        wanted,
        [
            ("L1", Some("AMER"), 24.0, 0, true),
            ("L2", Some("EMEA"), 6.0, 1, false), // on hand 2, all blocked
            ("L3", Some("EMEA"), 0.0, 1, false), // an open line, no demand
        ]
    );
    assert_eq!(e1.successor_missing_at, ["L2", "L3"]);
    assert_eq!(e1.open_lines, 2);
}

#[test]
fn backorder_rate_before_and_after_the_eol_date() {
    // Before: [2025-07-01, 2026-07-01), 365 days: B1, B2 → 2 lines.
    // After: [2026-07-01, 2026-11-20), 142 days: A1..A4 → 4 lines.
    let parts = report(&network_with_eol(), &Config::new(d("2026-11-20")));
    let (before, after) = (
        parts[0].before.clone().unwrap(),
        parts[0].after.clone().unwrap(),
    );
    assert_eq!((before.days, before.lines), (365, 2));
    assert_eq!((after.days, after.lines), (142, 4));
    assert!((after.lines_per_month - 4.0 / (142.0 / 30.4375)).abs() < 1e-9);
    assert!((before.lines_per_month - 2.0 / (365.0 / 30.4375)).abs() < 1e-9);
    // Demand after: L1 Jul–Oct 8 + Nov 1–19 of 50 (50 × 19 / 30) + L2 4.
    let expected = 8.0 + 50.0 * 19.0 / 30.0 + 4.0;
    assert!((after.demand - expected).abs() < 1e-9, "{}", after.demand);
    assert!(after.lines_per_month > before.lines_per_month);
}
