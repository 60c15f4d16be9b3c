//! Hand-made cases, one table: each case adds a few facts to one open line
//! and names the cause, the deciding rule and the exact evidence.

use bodesk_causes::{
    tag_lines, Campaign, DemandMonth, Facts, OpenLine, Part, PurchaseOrder, RootCause, RuleKind,
    RuleSet, ServiceEvent, Stock, Transfer,
};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const AS_OF: &str = "2026-11-20";

/// Line 1/10: part P1 at L1 since 2026-10-01, for machine M1.
fn line() -> OpenLine {
    OpenLine {
        order_id: "1".into(),
        order_line: "10".into(),
        part_id: "P1".into(),
        location_id: "L1".into(),
        created_date: d("2026-10-01"),
        equipment_id: Some("M1".into()),
    }
}

/// P1: active, 30 days lead time, reorder point 5, safety stock 2.
fn base() -> Facts {
    Facts {
        parts: vec![Part {
            part_id: "P1".into(),
            lifecycle: "active".into(),
            eol_date: None,
            successor_part_id: None,
            lead_time_days: 30.0,
            reorder_point: Some(5.0),
            safety_stock: Some(2.0),
        }],
        ..Facts::default()
    }
}

fn eol(f: &mut Facts, lifecycle: &str, date: Option<&str>, successor: Option<&str>) {
    let p = &mut f.parts[0];
    p.lifecycle = lifecycle.into();
    p.eol_date = date.map(d);
    p.successor_part_id = successor.map(Into::into);
}

fn stock(f: &mut Facts, part: &str, location: &str, on_hand: f64) {
    f.stock.push(Stock {
        part_id: part.into(),
        location_id: location.into(),
        on_hand,
    });
}

fn transfer(f: &mut Facts, id: &str, from: &str, status: &str, expected: &str) {
    f.transfers.push(Transfer {
        transfer_id: id.into(),
        part_id: "P1".into(),
        from_location_id: from.into(),
        to_location_id: "L1".into(),
        qty: 2.0,
        ship_date: None,
        expected_date: d(expected),
        received_date: None,
        status: status.into(),
    });
}

fn po(f: &mut Facts, id: &str, committed: &str, received: Option<&str>) {
    f.purchase_orders.push(PurchaseOrder {
        po_id: id.into(),
        po_line: "10".into(),
        part_id: "P1".into(),
        supplier_id: "S1".into(),
        location_id: "L1".into(),
        qty_ordered: 5.0,
        qty_received: if received.is_some() { 5.0 } else { 0.0 },
        committed_date: d(committed),
        received_date: received.map(d),
        status: if received.is_some() { "closed" } else { "open" }.into(),
    });
}

/// Monthly demand of P1 at L1: `(YYYY-MM, qty)`.
fn demand(f: &mut Facts, months: &[(&str, f64)]) {
    for (m, q) in months {
        f.demand.push(DemandMonth {
            part_id: "P1".into(),
            location_id: "L1".into(),
            period: d(&format!("{m}-01")),
            qty_demanded: *q,
        });
    }
}

/// Twelve months 2025-09 … 2026-08 summing to 25 (mean 2.1), then Sep and Oct.
fn history(f: &mut Facts, sep: f64, oct: f64) {
    let base = [
        "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04",
        "2026-05", "2026-06", "2026-07", "2026-08",
    ];
    let months: Vec<(&str, f64)> = base
        .iter()
        .enumerate()
        .map(|(i, m)| (*m, if i == 0 { 3.0 } else { 2.0 }))
        .chain([("2026-09", sep), ("2026-10", oct)])
        .collect();
    demand(f, &months);
}

fn event(
    f: &mut Facts,
    id: &str,
    date: &str,
    part: Option<&str>,
    machine: Option<&str>,
    outcome: &str,
    note: &str,
) {
    f.service_events.push(ServiceEvent {
        event_id: id.into(),
        date: d(date),
        equipment_id: machine.map(Into::into),
        part_id: part.map(Into::into),
        location_id: Some("L1".into()),
        outcome: outcome.into(),
        note: Some(note.into()).filter(|n: &String| !n.is_empty()),
    });
}

fn rules_in(order: &[RuleKind]) -> RuleSet {
    let all = RuleSet::default();
    RuleSet {
        rules: order
            .iter()
            .map(|k| all.rules.iter().find(|r| r.kind == *k).unwrap().clone())
            .collect(),
    }
}

struct Case {
    name: &'static str,
    facts: fn(&mut Facts),
    rules: Option<fn() -> RuleSet>,
    cause: RootCause,
    rule: &'static str,
    evidence: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "nothing known",
        facts: |_| {},
        rules: None,
        cause: RootCause::Unknown,
        rule: "none",
        evidence: &["no rule matched"],
    },
    Case {
        name: "EOL part, successor stocked elsewhere",
        facts: |f| {
            eol(f, "eol", Some("2026-06-30"), Some("P2"));
            stock(f, "P2", "L9", 4.0);
            stock(f, "P2", "L3", 1.0);
        },
        rules: None,
        cause: RootCause::EolTransition,
        rule: "eol_transition",
        evidence: &["part EOL since 2026-06-30, successor P2 not stocked here (stocked at L3, L9)"],
    },
    Case {
        name: "obsolete part, successor stocked here, line older than the EOL",
        facts: |f| {
            eol(f, "obsolete", Some("2026-10-31"), Some("P2"));
            stock(f, "P2", "L1", 3.0);
        },
        rules: None,
        cause: RootCause::EolTransition,
        rule: "eol_transition",
        evidence: &["part obsolete since 2026-10-31, successor P2 stocked here: 3 on hand"],
    },
    Case {
        name: "an EOL date still ahead is not a cause",
        facts: |f| eol(f, "eol", Some("2026-12-20"), None),
        rules: None,
        cause: RootCause::Unknown,
        rule: "none",
        evidence: &["no rule matched"],
    },
    Case {
        name: "an EOL date within days_before_eol ahead",
        facts: |f| eol(f, "eol", Some("2026-12-20"), None),
        rules: Some(|| RuleSet {
            rules: vec![bodesk_causes::Rule::new(RuleKind::EolTransition).with("days_before_eol", 30.0)],
        }),
        cause: RootCause::EolTransition,
        rule: "eol_transition",
        evidence: &["part EOL from 2026-12-20, no successor"],
    },
    Case {
        name: "blocked transfer",
        facts: |f| transfer(f, "T-889", "L004", "blocked", "2026-11-01"),
        rules: None,
        cause: RootCause::InternalTransfer,
        rule: "internal_transfer",
        evidence: &["transfer T-889 from L004 blocked, expected 2026-11-01, 19 days late"],
    },
    Case {
        name: "late transfer in transit",
        facts: |f| transfer(f, "T-1", "L2", "in_transit", "2026-11-18"),
        rules: None,
        cause: RootCause::InternalTransfer,
        rule: "internal_transfer",
        evidence: &["transfer T-1 from L2 in transit, expected 2026-11-18, 2 days late"],
    },
    Case {
        name: "a transfer not yet due is no cause",
        facts: |f| transfer(f, "T-1", "L2", "planned", "2026-11-25"),
        rules: None,
        cause: RootCause::Unknown,
        rule: "none",
        evidence: &["no rule matched"],
    },
    Case {
        name: "open PO past its committed date",
        facts: |f| po(f, "4500012345", "2026-10-02", None),
        rules: None,
        cause: RootCause::SupplierDelay,
        rule: "supplier_delay",
        evidence: &["PO 4500012345/10 committed 2026-10-02, not received, 49 days late (supplier S1, to L1)"],
    },
    Case {
        name: "PO received late, after the line was created",
        facts: |f| po(f, "4500000001", "2026-09-20", Some("2026-10-05")),
        rules: None,
        cause: RootCause::SupplierDelay,
        rule: "supplier_delay",
        evidence: &["PO 4500000001/10 committed 2026-09-20, received 2026-10-05, 15 days late (supplier S1, to L1)"],
    },
    Case {
        name: "PO received late before the line is not its cause",
        facts: |f| po(f, "4500000001", "2026-09-01", Some("2026-09-25")),
        rules: None,
        cause: RootCause::Unknown,
        rule: "none",
        evidence: &["no rule matched"],
    },
    Case {
        name: "PO late less than min_days_late",
        facts: |f| po(f, "4500000001", "2026-11-15", None),
        rules: None,
        cause: RootCause::Unknown,
        rule: "none",
        evidence: &["no rule matched"],
    },
    Case {
        name: "campaign at the line's location",
        facts: |f| {
            f.campaigns.push(Campaign {
                campaign_id: "C1".into(),
                part_id: "P1".into(),
                location_id: "L1".into(),
                qty: 100.0,
                start_date: d("2026-10-15"),
                end_date: d("2026-12-31"),
            })
        },
        rules: None,
        cause: RootCause::DemandSpike,
        rule: "campaign",
        evidence: &["campaign C1 at L1 from 2026-10-15 to 2026-12-31: 100 units planned"],
    },
    Case {
        name: "demand spike",
        facts: |f| history(f, 8.0, 6.0),
        rules: None,
        cause: RootCause::DemandSpike,
        rule: "demand_spike",
        evidence: &["demand in the 60 days before (2026-09 to 2026-10): 14 units, 12-month monthly mean 2.1"],
    },
    Case {
        name: "forecast error: lead-time demand above the reorder point, supply on time",
        facts: |f| {
            history(f, 2.0, 6.0);
            po(f, "4500000001", "2026-09-20", Some("2026-09-20"));
        },
        rules: None,
        cause: RootCause::ForecastError,
        rule: "forecast_error",
        evidence: &["demand over the 30-day lead time (2026-10): 6 units, planned level 5 (reorder point); supply on time"],
    },
    Case {
        name: "forecast error needs supply on time",
        facts: |f| {
            history(f, 2.0, 6.0);
            po(f, "4500000001", "2026-09-10", Some("2026-09-25"));
        },
        rules: Some(|| rules_in(&[RuleKind::ForecastError])),
        cause: RootCause::Unknown,
        rule: "none",
        evidence: &["no rule matched"],
    },
    Case {
        name: "conflict: EOL before a late PO (rule order)",
        facts: |f| {
            eol(f, "eol", Some("2026-06-30"), None);
            po(f, "4500012345", "2026-10-02", None);
        },
        rules: None,
        cause: RootCause::EolTransition,
        rule: "eol_transition",
        evidence: &["part EOL since 2026-06-30, no successor"],
    },
    Case {
        name: "conflict: the same facts, supplier rule first",
        facts: |f| {
            eol(f, "eol", Some("2026-06-30"), None);
            po(f, "4500012345", "2026-10-02", None);
        },
        rules: Some(|| rules_in(&[RuleKind::SupplierDelay, RuleKind::EolTransition])),
        cause: RootCause::SupplierDelay,
        rule: "supplier_delay",
        evidence: &["PO 4500012345/10 committed 2026-10-02, not received, 49 days late (supplier S1, to L1)"],
    },
    Case {
        name: "conflict: a blocked transfer before a late PO",
        facts: |f| {
            po(f, "4500012345", "2026-10-02", None);
            transfer(f, "T-889", "L004", "blocked", "2026-11-01");
        },
        rules: None,
        cause: RootCause::InternalTransfer,
        rule: "internal_transfer",
        evidence: &["transfer T-889 from L004 blocked, expected 2026-11-01, 19 days late"],
    },
    Case {
        name: "conflict: a spike before forecast error",
        facts: |f| history(f, 8.0, 6.0),
        rules: Some(|| rules_in(&[RuleKind::DemandSpike, RuleKind::ForecastError])),
        cause: RootCause::DemandSpike,
        rule: "demand_spike",
        evidence: &["demand in the 60 days before (2026-09 to 2026-10): 14 units, 12-month monthly mean 2.1"],
    },
    Case {
        name: "conflict: forecast error first when ordered so",
        facts: |f| history(f, 8.0, 6.0),
        rules: Some(|| rules_in(&[RuleKind::ForecastError, RuleKind::DemandSpike])),
        cause: RootCause::ForecastError,
        rule: "forecast_error",
        evidence: &["demand over the 30-day lead time (2026-10): 6 units, planned level 5 (reorder point); supply on time"],
    },
    Case {
        name: "service events follow the deciding fact",
        facts: |f| {
            transfer(f, "T-889", "L004", "blocked", "2026-11-01");
            event(f, "E1", "2026-10-02", Some("P1"), Some("M1"), "waiting_for_part", "Scanner down");
            event(f, "E2", "2026-11-03", None, Some("M1"), "part_unavailable", "");
            event(f, "E3", "2026-11-04", Some("P1"), Some("M7"), "fixed", "not a stop");
            event(f, "E4", "2025-01-04", Some("P1"), Some("M1"), "waiting_for_part", "too old");
        },
        rules: None,
        cause: RootCause::InternalTransfer,
        rule: "internal_transfer",
        evidence: &[
            "transfer T-889 from L004 blocked, expected 2026-11-01, 19 days late",
            "service event E2 on 2026-11-03: part_unavailable, machine M1",
            "service event E1 on 2026-10-02: waiting_for_part, machine M1: \"Scanner down\"",
        ],
    },
    Case {
        name: "service events are evidence of an unknown line too",
        facts: |f| event(f, "E1", "2026-10-02", Some("P1"), None, "waiting_for_part", ""),
        rules: None,
        cause: RootCause::Unknown,
        rule: "none",
        evidence: &["no rule matched", "service event E1 on 2026-10-02: waiting_for_part"],
    },
];

#[test]
fn each_case_gets_its_cause_rule_and_evidence() {
    let mut failures = Vec::new();
    for case in CASES {
        let mut facts = base();
        (case.facts)(&mut facts);
        let rules = case.rules.map_or_else(RuleSet::default, |r| r());
        let tags = tag_lines(&[line()], &facts, &rules, d(AS_OF));
        assert_eq!(tags.len(), 1);
        let t = &tags[0];
        let got = (t.cause, t.rule.as_str(), t.evidence.clone());
        let want = (
            case.cause,
            case.rule,
            case.evidence
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        );
        if got != want {
            failures.push(format!("{}:\n  got  {got:?}\n  want {want:?}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_line_gets_one_tag_in_order() {
    let mut other = line();
    other.order_id = "2".into();
    other.part_id = "P-unknown".into();
    let mut facts = base();
    po(&mut facts, "4500012345", "2026-10-02", None);
    let tags = tag_lines(&[line(), other], &facts, &RuleSet::default(), d(AS_OF));
    let got: Vec<(&str, RootCause)> = tags
        .iter()
        .map(|t| (t.order_id.as_str(), t.cause))
        .collect();
    assert_eq!(
        got,
        [("1", RootCause::SupplierDelay), ("2", RootCause::Unknown)]
    );
}

#[test]
fn the_field_report_lists_parts_that_stopped_repairs_repeatedly() {
    let mut f = Facts::default();
    let ev =
        |id: &str, date: &str, part: &str, loc: &str, machine: &str, outcome: &str| ServiceEvent {
            event_id: id.into(),
            date: d(date),
            equipment_id: Some(machine.into()),
            part_id: Some(part.into()),
            location_id: Some(loc.into()),
            outcome: outcome.into(),
            note: None,
        };
    f.service_events = vec![
        ev("1", "2026-10-01", "P1", "L1", "M1", "waiting_for_part"),
        ev("2", "2026-10-09", "P1", "L2", "M2", "part_unavailable"),
        ev("3", "2026-11-02", "P1", "L1", "M1", "waiting_for_part"),
        ev("4", "2026-10-05", "P2", "L1", "M3", "waiting_for_part"),
        ev("5", "2026-10-06", "P2", "L1", "M3", "fixed"),
        ev("6", "2025-01-06", "P2", "L1", "M3", "waiting_for_part"),
        ev("7", "2026-10-07", "P3", "L3", "M4", "part_unavailable"),
        ev("8", "2026-10-08", "P3", "L3", "M5", "part_unavailable"),
    ];
    let parts =
        bodesk_causes::stopped_parts(&f.service_events, &[line()], d("2025-11-20"), d(AS_OF), 2);
    /// part, events, waiting, unavailable, last date, locations, machines, open lines
    type Row<'a> = (&'a str, u64, u64, u64, String, Vec<String>, u64, u64);
    let got: Vec<Row> = parts
        .iter()
        .map(|p| {
            (
                p.part_id.as_str(),
                p.events,
                p.waiting_for_part,
                p.part_unavailable,
                p.last_date.to_string(),
                p.locations.clone(),
                p.machines,
                p.open_lines,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "P1",
                3,
                2,
                1,
                "2026-11-02".to_string(),
                vec!["L1".to_string(), "L2".to_string()],
                2,
                1
            ),
            (
                "P3",
                2,
                0,
                2,
                "2026-10-08".to_string(),
                vec!["L3".to_string()],
                2,
                0
            ),
        ],
        "P2 stopped once in the period (its other events are a fix and one too old)"
    );
}
