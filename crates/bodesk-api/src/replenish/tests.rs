use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::*;
use crate::dto::ImportOptions;

/// A hand-made export as of 2026-11-29, imported with the real importer:
/// - P1 at W1: 3 on hand (1 in quality inspection), PO 4500/10 with 4 of 5
///   still to come, one open line of 1, about 2 a month → an order;
/// - P2 at W1 (lead time 90 days): nothing on hand or on order, a line of 2
///   open for 50 days (SLA 60 days) → an emergency;
/// - P3 at W1: 50 on hand for 1 a month → no order.
pub(super) fn working_set(dir: &Path) -> Workspace {
    let files: &[(&str, &str)] = &[
        (
            "parts.csv",
            "part_id,unit_cost,criticality,lead_time_days,primary_supplier_id,moq\n\
             P1,10,B,30,S1,\n\
             P2,25,A,90,S1,1\n\
             P3,5,C,30,S1,\n",
        ),
        ("locations.csv", "location_id,region\nW1,EMEA\n"),
        ("suppliers.csv", "supplier_id,name\nS1,Supplier One\n"),
        ("customers.csv", "customer_id,tier\nC1,gold\n"),
        (
            "sla.csv",
            "tier,criticality,max_backorder_days,penalty_per_day\ngold,A,60,100\ngold,B,60,50\n",
        ),
        (
            "stock.csv",
            "part_id,location_id,on_hand,quality_inspection,blocked\nP1,W1,3,1,0\nP2,W1,0,0,0\nP3,W1,50,0,0\n",
        ),
        (
            "purchase_orders.csv",
            "po_id,po_line,part_id,supplier_id,location_id,qty_ordered,qty_received,order_date,committed_date,status\n\
             4500,10,P1,S1,W1,5,1,2026-11-01,2026-12-15,open\n",
        ),
        (
            "backorders.csv",
            "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date,status\n\
             9001,10,C1,P1,W1,1,2026-11-20,open\n\
             9002,10,C1,P2,W1,2,2026-10-10,open\n",
        ),
    ];
    let mut demand = String::from("period,part_id,location_id,qty_demanded\n");
    let p1 = [2, 1, 3, 2, 0, 4, 1, 3, 2, 2, 3, 1];
    for (i, q) in p1.iter().enumerate() {
        let period = format!("2025-{:02}", i + 1);
        demand.push_str(&format!("{period},P1,W1,{q}\n"));
        demand.push_str(&format!("{period},P2,W1,{}\n", i % 2));
        demand.push_str(&format!("{period},P3,W1,1\n"));
    }
    for (m, q) in [
        (1, 2),
        (2, 3),
        (3, 1),
        (4, 2),
        (5, 2),
        (6, 3),
        (7, 1),
        (8, 2),
        (9, 2),
        (10, 2),
    ] {
        demand.push_str(&format!(
            "2026-{m:02},P1,W1,{q}\n2026-{m:02},P2,W1,{}\n2026-{m:02},P3,W1,1\n",
            m % 2
        ));
    }
    let folder = dir.join("export");
    std::fs::create_dir_all(&folder).unwrap();
    for (name, text) in files {
        std::fs::write(folder.join(name), text).unwrap();
    }
    std::fs::write(folder.join("demand_history.csv"), demand).unwrap();
    let mut ws = Workspace::open(&dir.join("ws.sqlite")).unwrap();
    let report = ws
        .import(
            &[folder],
            &ImportOptions {
                as_of: Some("2026-11-29".into()),
                keep_valid: false,
                profile_toml: None,
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert!(report.committed, "{:?}", report.rejects.first());
    ws
}

fn row<'a>(r: &'a ReplenishmentReport, id: &str) -> &'a ReplenishmentSuggestionDto {
    r.rows
        .iter()
        .find(|x| x.suggestion_id == id)
        .unwrap_or_else(|| {
            panic!(
                "no {id} in {:?}",
                r.rows.iter().map(|x| &x.suggestion_id).collect::<Vec<_>>()
            )
        })
}

fn decide(
    ws: &mut Workspace,
    id: &str,
    decision: &str,
    note: &str,
) -> Result<ReplenishmentSuggestionDto, ApiError> {
    ws.decide_replenishment(&DecideReplenishment {
        suggestion_id: id.into(),
        decision: decision.into(),
        note: note.into(),
    })
}

#[test]
fn suggestions_from_a_hand_made_working_set() {
    let dir = tempfile::tempdir().unwrap();
    let ws = working_set(dir.path());
    let r = ws.replenishment(&ReplenishmentArgs::default()).unwrap();
    assert_eq!(r.as_of, "2026-11-29");
    let ids: Vec<&str> = r.rows.iter().map(|x| x.suggestion_id.as_str()).collect();
    // Emergency first; P3 needs no order.
    assert_eq!(ids[0], "1-E-P2@W1", "{ids:?}");
    assert!(ids.contains(&"1-R-P1@W1"), "{ids:?}");
    assert!(!ids.iter().any(|i| i.contains("P3")), "{ids:?}");
    assert_eq!(r.emergency_count, 1);

    let p1 = row(&r, "1-R-P1@W1");
    // Usable 3 − 1 in inspection = 2; 5 − 1 received = 4 on order; 1 backordered.
    assert_eq!(
        (
            p1.on_hand,
            p1.on_order,
            p1.backorders,
            p1.inventory_position
        ),
        (2.0, 4.0, 1.0, 5.0)
    );
    assert_eq!(p1.supplier_id.as_deref(), Some("S1"));
    assert_eq!(p1.kind, "reorder");
    assert_eq!(p1.phase, "recovery");
    assert_eq!(p1.delivery_date.as_deref(), Some("2026-12-29"));
    assert!(p1.suggested_qty > 0.0 && p1.inventory_position <= p1.reorder_point);
    assert_eq!(p1.suggested_qty, p1.max - p1.inventory_position);
    assert_eq!(p1.value, p1.suggested_qty * 10.0);
    assert!(p1.demand_per_month.unwrap() > 1.0);

    let p2 = row(&r, "1-E-P2@W1");
    assert_eq!(p2.kind, "emergency");
    assert_eq!(p2.suggested_qty, 2.0);
    assert_eq!(p2.target_fill_rate, 0.95);
    assert!(
        p2.reason.starts_with(
            "1 line in extended backorder (oldest 50 days, SLA limit 60 days): 2 units"
        ),
        "{}",
        p2.reason
    );

    let all = ws
        .replenishment(&ReplenishmentArgs {
            include_no_order: true,
            ..Default::default()
        })
        .unwrap();
    let p3 = row(&all, "1-R-P3@W1");
    assert_eq!(p3.suggested_qty, 0.0);
    assert!(
        p3.reason
            .starts_with("inventory position 50 is above the reorder point"),
        "{}",
        p3.reason
    );

    let only = ws
        .replenishment(&ReplenishmentArgs {
            part_id: Some("P1".into()),
            location_id: Some("W1".into()),
            include_no_order: true,
        })
        .unwrap();
    assert_eq!(only.rows.len(), 1);
    assert_eq!(only.rows[0].suggested_qty, p1.suggested_qty);
}

#[test]
fn accept_reject_reopen_are_audited_and_the_export_holds_the_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = working_set(dir.path());
    let qty = row(
        &ws.replenishment(&ReplenishmentArgs::default()).unwrap(),
        "1-R-P1@W1",
    )
    .suggested_qty;

    let accepted = decide(&mut ws, "1-R-P1@W1", "accepted", "=order via SRM").unwrap();
    assert_eq!(accepted.decision.as_deref(), Some("accepted"));
    assert_eq!(accepted.decision_note.as_deref(), Some("=order via SRM"));
    assert!(accepted.decided_at.is_some());
    let rejected = decide(&mut ws, "1-E-P2@W1", "rejected", "customer agreed to wait").unwrap();
    assert_eq!(rejected.decision.as_deref(), Some("rejected"));

    let r = ws.replenishment(&ReplenishmentArgs::default()).unwrap();
    assert_eq!((r.accepted_count, r.rejected_count), (1, 1));
    assert_eq!(
        row(&r, "1-E-P2@W1").decision_note.as_deref(),
        Some("customer agreed to wait")
    );

    let export = ws.replenishment_export().unwrap();
    assert_eq!(export.file_name, "replenishment-accepted-2026-11-29.csv");
    let text = export.text.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "plant,material,quantity,delivery_date,supplier,kind,reason,suggestion_id,note,accepted_by"
    );
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].starts_with(&format!("W1,P1,{qty},2026-12-29,S1,reorder,")),
        "{}",
        lines[1]
    );
    // The note is written formula-safe.
    assert!(
        lines[1].contains(",1-R-P1@W1,'=order via SRM,"),
        "{}",
        lines[1]
    );

    let reopened = decide(&mut ws, "1-R-P1@W1", "open", "").unwrap();
    assert_eq!(reopened.decision, None);
    let r = ws.replenishment(&ReplenishmentArgs::default()).unwrap();
    assert_eq!((r.accepted_count, r.rejected_count), (0, 1));
    assert_eq!(
        ws.replenishment_export()
            .unwrap()
            .text
            .unwrap()
            .lines()
            .count(),
        1
    );

    let audits: Vec<(String, String)> = ws
        .store()
        .conn()
        .prepare(
            "SELECT entity_key, detail FROM audit_log WHERE action = 'decide_replenishment' ORDER BY audit_id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(audits.len(), 3);
    assert_eq!(audits[0].0, "1-R-P1@W1");
    let last: Value = serde_json::from_str(&audits[2].1).unwrap();
    assert_eq!(last["decision"], "open");
    assert_eq!(last["before"]["decision"], "accepted");
}

#[test]
fn decisions_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = working_set(dir.path());
    // (id, decision, code, message starts with)
    let table = [
        (
            "1-R-P1@W1",
            "maybe",
            ErrorCode::InvalidInput,
            "decision \"maybe\"",
        ),
        (
            "P1",
            "accepted",
            ErrorCode::InvalidInput,
            "\"P1\" is not a suggestion id",
        ),
        (
            "7-R-P1@W1",
            "accepted",
            ErrorCode::NotFound,
            "suggestion 7-R-P1@W1 was made for import batch 7",
        ),
        (
            "1-E-P1@W1",
            "accepted",
            ErrorCode::NotFound,
            "no suggestion 1-E-P1@W1",
        ),
        (
            "1-R-P3@W1",
            "accepted",
            ErrorCode::InvalidInput,
            "suggestion 1-R-P3@W1 orders nothing",
        ),
    ];
    for (id, decision, code, message) in table {
        let e = decide(&mut ws, id, decision, "").unwrap_err();
        assert_eq!(e.code, code, "{id}: {}", e.message);
        assert!(e.message.starts_with(message), "{id}: {}", e.message);
    }
    let audits: i64 = ws
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'decide_replenishment'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audits, 0);
}

#[test]
fn suggestion_ids_round_trip_with_awkward_ids() {
    for (part, loc) in [("P1", "W1"), ("A-B@C", "x%40y"), ("100%", "@")] {
        let id = suggestion_id(12, Kind::Emergency, part, loc);
        assert_eq!(
            parse_suggestion_id(&id),
            Some((12, Kind::Emergency, part.to_string(), loc.to_string())),
            "{id}"
        );
    }
}

#[test]
fn settings_change_the_fill_rate_and_are_validated() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = working_set(dir.path());
    let before = row(
        &ws.replenishment(&ReplenishmentArgs::default()).unwrap(),
        "1-R-P1@W1",
    )
    .reorder_point;
    let s = ReplenishmentSettings {
        fill_rate: [("B".to_string(), 0.99)].into_iter().collect(),
        ..Default::default()
    };
    ws.set_replenishment_settings(&s).unwrap();
    assert_eq!(ws.replenishment_settings().unwrap(), s);
    let p1 = row(
        &ws.replenishment(&ReplenishmentArgs::default()).unwrap(),
        "1-R-P1@W1",
    )
    .clone();
    assert_eq!(p1.target_fill_rate, 0.99);
    assert!(
        p1.reorder_point > before,
        "{} vs {before}",
        p1.reorder_point
    );
    let bad = ReplenishmentSettings {
        fill_rate: [("B".to_string(), 1.5)].into_iter().collect(),
        ..Default::default()
    };
    let e = ws.set_replenishment_settings(&bad).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert!(e.message.contains("fill rate of B 1.5"), "{}", e.message);
}

#[test]
fn the_app_commands_answer_as_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let ws = working_set(dir.path());
    let direct = ws.replenishment(&ReplenishmentArgs::default()).unwrap();
    drop(ws);
    let app = crate::App::open(&dir.path().join("ws.sqlite")).unwrap();
    let listed = app.call("replenishment", Value::Null).unwrap();
    assert_eq!(listed, serde_json::to_value(&direct).unwrap());
    let decided = app
        .call(
            "decide_replenishment",
            json!({"suggestion_id": "1-R-P1@W1", "decision": "accepted"}),
        )
        .unwrap();
    assert_eq!(decided["decision"], "accepted");
    let export = app.call("replenishment_export", json!({})).unwrap();
    assert_eq!(export["text"].as_str().unwrap().lines().count(), 2);
    let e = app
        .call("replenishment_export", json!({"x": 1}))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    assert_eq!(
        crate::access_of("decide_replenishment"),
        Some(crate::Access::Write)
    );
    assert_eq!(
        crate::access_of("replenishment_export"),
        Some(crate::Access::Read)
    );
}
