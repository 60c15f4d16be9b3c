//! Supplier lateness vs demand above plan on a hand-made history.

mod common;

use bodesk_actions::attribution::{attribute, By};
use bodesk_actions::*;
use common::*;

/// Part P1 at F1 from S1; part P2 at F1 from S2. As of 2026-11-20.
fn history() -> Network {
    let mut net = network(vec![
        part("P1", 30.0, "S1", 1.0),
        part("P2", 14.0, "S2", 1.0),
    ]);
    // 3 a month from 2025-09 to 2026-08, 6 in 2026-09, 2 in 2026-10.
    for m in 0..12 {
        let (y, mo) = if m < 4 { (2025, 9 + m) } else { (2026, m - 3) };
        net.demand
            .push(demand(&format!("{y}-{mo:02}"), "P1", "F1", 3.0));
    }
    net.demand.push(demand("2026-09", "P1", "F1", 6.0));
    net.demand.push(demand("2026-10", "P1", "F1", 2.0));
    net.po_lines = vec![
        // Cycle A: 10 days late.
        received_po(
            "A",
            "P1",
            "S1",
            "F1",
            "2026-09-01",
            "2026-10-01",
            "2026-10-11",
        ),
        // Cycle B: early.
        received_po(
            "B",
            "P1",
            "S1",
            "F1",
            "2026-10-01",
            "2026-11-01",
            "2026-10-30",
        ),
        // Cycle C: on time, no backorders.
        received_po(
            "C",
            "P2",
            "S2",
            "F1",
            "2026-09-01",
            "2026-09-15",
            "2026-09-15",
        ),
        // Received after T, and cancelled: no cycles.
        received_po(
            "D",
            "P1",
            "S1",
            "F1",
            "2026-10-20",
            "2026-11-15",
            "2026-11-25",
        ),
        PoLine {
            status: Status::Cancelled,
            ..received_po(
                "E",
                "P1",
                "S1",
                "F1",
                "2026-09-01",
                "2026-09-10",
                "2026-10-01",
            )
        },
    ];
    net.lines = vec![
        closed_line("L1", "P1", "F1", "2026-09-21", "2026-10-11"),
        closed_line("L2", "P1", "F1", "2026-10-05", "2026-10-11"),
        closed_line("L3", "P1", "F1", "2026-10-20", "2026-10-25"),
        // Another location: not in F1's cycles.
        closed_line("X1", "P1", "F2", "2026-09-05", "2026-10-30"),
        // Open after every cycle.
        line("L4", "P1", "F1", 1.0, "2026-11-10"),
    ];
    net
}

#[test]
fn each_cycle_splits_its_backorder_days_at_the_committed_date() {
    // Cycle A, window [09-01, 10-11), committed 10-01:
    //   L1 [09-21, 10-11): 10 days before 10-01, 10 after; L2 [10-05, 10-11): 6 after.
    //   Demand over [09-01, 10-01) = all of September = 6; planned = 36 / 12
    //   (2025-09..2026-08) × 30 / 30.4375 = 2.96: above plan.
    //   → supplier 16, demand 10, other 0.
    // Cycle B, window [10-11 (A's receipt), 10-30), committed 11-01 (after
    //   receipt, so no supplier days): L3 [10-20, 10-25) = 5 days.
    //   Demand over [10-01, 11-01) = 2; planned = 39 / 12 × 31 / 30.4375 = 3.31:
    //   within plan → other 5.
    let net = history();
    let cfg = Config::new(d("2026-11-20"));
    let a = attribute(&net, &cfg, By::Part);
    let ids: Vec<&str> = a.cycles.iter().map(|c| c.po_id.as_str()).collect();
    assert_eq!(ids, ["A", "B", "C"]);
    let split = |c: &attribution::Cycle| {
        (
            c.backorder_days,
            c.supplier_days,
            c.demand_days,
            c.other_days,
            c.days_late,
        )
    };
    assert_eq!(split(&a.cycles[0]), (26, 16, 10, 0, 10));
    assert!(a.cycles[0].demand_above_plan);
    assert!((a.cycles[0].planned_demand - 3.0 * 30.0 / 30.4375).abs() < 1e-9);
    assert!((a.cycles[0].lead_time_demand - 6.0).abs() < 1e-9);
    assert_eq!(a.cycles[1].window_start, d("2026-10-11"));
    assert_eq!(split(&a.cycles[1]), (5, 0, 0, 5, 0));
    assert!(!a.cycles[1].demand_above_plan);
    assert_eq!(split(&a.cycles[2]), (0, 0, 0, 0, 0));

    let p1 = &a.groups[0];
    assert_eq!(p1.key, "P1");
    assert_eq!(
        (
            p1.backorder_days,
            p1.supplier_days,
            p1.demand_days,
            p1.other_days,
            p1.late_cycles
        ),
        (31, 16, 10, 5, 1)
    );
    assert!((p1.supplier_share - 16.0 / 31.0).abs() < 1e-12);
    assert!((p1.demand_share - 10.0 / 31.0).abs() < 1e-12);
    assert!((p1.other_share - 5.0 / 31.0).abs() < 1e-12);
    assert_eq!(p1.cycles, [0, 1], "most backorder days first");
    assert_eq!(a.groups[1].key, "P2");
    assert_eq!(a.groups[1].supplier_share, 0.0);
}

#[test]
fn by_supplier_groups_the_same_cycles() {
    let net = history();
    let cfg = Config::new(d("2026-11-20"));
    let a = attribute(&net, &cfg, By::Supplier);
    let keys: Vec<(&str, i64, i64, usize)> = a
        .groups
        .iter()
        .map(|g| {
            (
                g.key.as_str(),
                g.backorder_days,
                g.supplier_days,
                g.cycles.len(),
            )
        })
        .collect();
    assert_eq!(keys, [("S1", 31, 16, 2), ("S2", 0, 0, 1)]);
}

#[test]
fn a_cycle_committed_before_the_previous_receipt_is_all_supplier_days() {
    // B2 committed 10-05, before A's receipt (10-11): its window [10-11,
    // 10-30) lies wholly after its committed date.
    let mut net = history();
    net.po_lines[1].committed_date = d("2026-10-05");
    let a = attribute(&net, &Config::new(d("2026-11-20")), By::Part);
    let b = a.cycles.iter().find(|c| c.po_id == "B").unwrap();
    assert_eq!((b.backorder_days, b.supplier_days, b.other_days), (5, 5, 0));
    assert_eq!(b.days_late, 25);
}
