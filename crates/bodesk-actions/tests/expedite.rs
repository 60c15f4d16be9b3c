//! Expedite vs penalty on hand-made lane tables.

mod common;

use bodesk_actions::expedite::{plan, ActionKind, LinePlan, NoAction};
use bodesk_actions::*;
use common::*;

const T: &str = "2026-11-20";

/// Part P1 (lead time 30 days, supplier S1, 2 kg). Line O1 at F1: 3 units,
/// created 2026-10-01 (age 50 on T), SLA 30 days at 100 a day, machine E1
/// down at 500 a day. PO 45/10 of 3 units from S1 to F1 committed 2026-12-10.
fn base() -> Network {
    let mut net = network(vec![part("P1", 30.0, "S1", 2.0)]);
    net.lines.push(Line {
        equipment_id: Some("E1".into()),
        sla: Some(SlaTerms {
            max_backorder_days: 30.0,
            penalty_per_day: 100.0,
        }),
        downtime_cost_per_day: Some(500.0),
        ..line("O1", "P1", "F1", 3.0, "2026-10-01")
    });
    // R1's own line (2 units) is what R1's stock is promised to first.
    net.lines.push(line("O9", "P1", "R1", 2.0, "2026-11-01"));
    net.po_lines.push(open_po(
        "45",
        "P1",
        "S1",
        "F1",
        3.0,
        "2026-10-05",
        "2026-12-10",
    ));
    net.stock.push(stock("P1", "R1", 10.0, 5.0)); // free 10 − 5 − 2 = 3
    net.stock.push(stock("P1", "R2", 1.0, 0.0)); // free 1: too little
    net.lanes = vec![
        lane("S1", "F1", Mode::Air, 4.0, 300.0, 10.0),
        lane("S1", "F1", Mode::Courier, 2.0, 2000.0, 50.0),
        lane("R1", "F1", Mode::Ground, 2.0, 150.0, 5.0),
        lane("R2", "F1", Mode::Ground, 1.0, 10.0, 1.0),
    ];
    net
}

fn run(net: &Network) -> Vec<LinePlan> {
    plan(net, &Config::new(d(T)))
}

fn of<'p>(net: &Network, plans: &'p [LinePlan], order: &str) -> &'p LinePlan {
    plans
        .iter()
        .find(|p| net.lines[p.line].order_id == order)
        .unwrap()
}

#[test]
fn the_cheapest_worthwhile_action_and_its_saving_match_a_hand_calculation() {
    // Waiting ends with PO 45/10 on 2026-12-10: 20 days after T.
    // Penalty starts after age 30 (2026-10-31); ending on 2026-12-10 owes
    // (70 − 30) × 100 = 4000.
    //
    // Air from S1 (PO outstanding, ships now): arrives T + 4 = 2026-11-24,
    //   16 days saved; cost 300 + 10 × 2 kg × 3 = 360; penalty then
    //   (54 − 30) × 100 = 2400, avoided 1600; downtime 16 × 500 = 8000;
    //   saving 1600 + 8000 − 360 = 9240.
    // Courier from S1: T + 2 = 2026-11-22, 18 days; cost 2000 + 50 × 6 = 2300;
    //   avoided 1800 + 9000 = 10800; saving 8500.
    // Ground from R1 (free 10 − 5 blocked − 2 own = 3 ≥ 3): T + 2, 18 days;
    //   cost 150 + 5 × 6 = 180; saving 10800 − 180 = 10620.
    // R2 has 1 free unit: no candidate.
    // Cheapest with a positive saving: R1 ground, cost 180, saving 10620.
    let net = base();
    let plans = run(&net);
    let p = of(&net, &plans, "O1");
    assert_eq!(p.waiting.until, d("2026-12-10"));
    assert_eq!(p.waiting.days, 20);
    assert_eq!(p.candidates, 3);
    let a = p.action.as_ref().expect("an action");
    assert_eq!(
        (a.kind, a.from_id.as_str(), a.mode),
        (ActionKind::Transfer, "R1", Mode::Ground)
    );
    assert_eq!(a.arrival, d("2026-11-22"));
    assert_eq!(a.days_saved, 18);
    assert_eq!(a.cost, 180.0);
    assert_eq!(a.avoided_penalty, 1800.0);
    assert_eq!(a.avoided_downtime, 9000.0);
    assert_eq!(a.saving, 10620.0);
    assert!(
        a.evidence
            .contains("R1 has 3 free (on hand 10 − blocked 5 − its own open lines 2)"),
        "{}",
        a.evidence
    );
    // Ranked first: the only line with an action.
    assert_eq!(net.lines[plans[0].line].order_id, "O1");
}

#[test]
fn without_free_stock_the_supplier_air_lane_wins_and_nothing_on_order_adds_production_time() {
    // No R1 stock, no PO: waiting = lead time 30 days → 2026-12-20.
    // A ground lane S1 → F1 of 5 days is part of the lead time, so S1 makes
    // the part in 30 − 5 = 25 days; air arrives T + 25 + 4 = 2026-12-19:
    // 1 day saved; penalty (80 − 30) vs (79 − 30) → 100; downtime 500;
    // cost 360; saving 240. Courier: T + 27 = 2026-12-17, 3 days; cost 2300;
    // avoided 300 + 1500 = 1800: negative.
    let mut net = base();
    net.po_lines.clear();
    net.stock.clear();
    net.lanes
        .push(lane("S1", "F1", Mode::Ground, 5.0, 100.0, 1.0));
    let plans = run(&net);
    let p = of(&net, &plans, "O1");
    assert_eq!(p.waiting.until, d("2026-12-20"));
    let a = p.action.as_ref().expect("an action");
    assert_eq!((a.kind, a.mode), (ActionKind::SupplierExpedite, Mode::Air));
    assert_eq!(a.arrival, d("2026-12-19"));
    assert_eq!((a.days_saved, a.cost, a.saving), (1, 360.0, 240.0));
    assert!(a
        .evidence
        .contains("makes it in 25 days (lead time 30 − ground transit 5)"));
}

/// Lines without a worthwhile action, and the reason each gives.
#[test]
fn lines_without_a_worthwhile_action_say_why() {
    struct Case {
        name: &'static str,
        change: fn(&mut Network),
        reason: NoAction,
        says: &'static [&'static str],
    }
    let cases = [
        Case {
            name: "no lane: stock at R1 but no lane from it, no supplier lane",
            change: |net| net.lanes.clear(),
            reason: NoAction::NoRoute,
            says: &[
                "no air or courier lane from supplier S1 to F1",
                "free stock at R1 (3) but no lane to F1",
            ],
        },
        Case {
            name: "no free stock: R1's stock all blocked, supplier lanes gone",
            change: |net| {
                net.stock[0].blocked = 8.0;
                net.lanes.retain(|l| l.from_id != "S1");
            },
            reason: NoAction::NoRoute,
            says: &[
                "no air or courier lane from supplier S1 to F1",
                "no other location has 3 free units",
            ],
        },
        Case {
            name: "no primary supplier, no free stock",
            change: |net| {
                net.parts.get_mut("P1").unwrap().primary_supplier_id = None;
                net.stock.clear();
            },
            reason: NoAction::NoRoute,
            says: &[
                "the part has no primary supplier",
                "no other location has 3 free units",
            ],
        },
        Case {
            name: "not worth it: no machine, penalty only after the PO arrives",
            change: |net| {
                let l = &mut net.lines[0];
                l.downtime_cost_per_day = None;
                l.sla = Some(SlaTerms {
                    max_backorder_days: 90.0,
                    penalty_per_day: 100.0,
                });
            },
            reason: NoAction::NotWorthIt,
            says: &["not worth it", "costs 10", "avoids only 0"],
        },
        Case {
            name: "not faster: the PO arrives tomorrow",
            change: |net| net.po_lines[0].committed_date = d("2026-11-21"),
            reason: NoAction::NotFaster,
            says: &["no option arrives before 2026-11-21", "PO 45/10"],
        },
    ];
    for c in cases {
        let mut net = base();
        // A cheaper near source that is only just big enough, to make the
        // not-worth-it message name the best option.
        net.stock.push(stock("P1", "R3", 3.0, 0.0));
        net.lanes
            .push(lane("R3", "F1", Mode::Ground, 1.0, 10.0, 0.0));
        (c.change)(&mut net);
        if c.reason == NoAction::NoRoute {
            net.lanes.retain(|l| l.from_id != "R3");
            net.stock.retain(|s| s.location_id != "R3");
        }
        let plans = run(&net);
        let p = of(&net, &plans, "O1");
        assert!(p.action.is_none(), "{}: {:?}", c.name, p.action);
        let (reason, words) = p.no_action.clone().unwrap();
        assert_eq!(reason, c.reason, "{}: {words}", c.name);
        for s in c.says {
            assert!(words.contains(s), "{}: {words:?} lacks {s:?}", c.name);
        }
    }
}

#[test]
fn two_lines_are_never_sent_the_same_free_units() {
    // A second line O2 at F1 wanting the same 3 units, cheaper to wait for
    // (no machine): O1 decides first and takes R1's 3 free units; O2 falls
    // back to the supplier's air lane.
    let mut net = base();
    net.lines.push(Line {
        sla: Some(SlaTerms {
            max_backorder_days: 10.0,
            penalty_per_day: 100.0,
        }),
        ..line("O2", "P1", "F1", 3.0, "2026-10-01")
    });
    let plans = run(&net);
    let first = of(&net, &plans, "O1").action.clone().unwrap();
    let second = of(&net, &plans, "O2").action.clone().unwrap();
    assert_eq!(first.from_id, "R1");
    assert_eq!((second.from_id.as_str(), second.mode), ("S1", Mode::Air));
    // Ranked by saving: O1 (10620) before O2 (1600 − 360 = 1240).
    assert_eq!(second.saving, 1240.0);
    assert_eq!(net.lines[plans[0].line].order_id, "O1");
    assert_eq!(net.lines[plans[1].line].order_id, "O2");
}
