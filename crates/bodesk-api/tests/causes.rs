//! Root causes on the demo network: the planted stories come out tagged with
//! their causes; overrides survive the import of a newer export; rule
//! changes are previewed, then applied with an audit record.

mod common;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use bodesk_api::demo::DemoConfig;
use bodesk_api::dto::{ImportOptions, LineCause};
use bodesk_api::{App, Workspace};
use serde_json::{json, Value};

fn cause_of(app: &App, order_id: &str, order_line: &str) -> LineCause {
    let v = app
        .call(
            "line_detail",
            json!({"order_id": order_id, "order_line": order_line}),
        )
        .unwrap();
    serde_json::from_value(v["cause"].clone()).unwrap()
}

/// The open lines of `causes` as (order, line, part, location, cause, rule, evidence).
fn open_lines(app: &App) -> Vec<(String, String, String, String, String, String, Vec<String>)> {
    let r = app.call("causes", json!({"limit": 100000})).unwrap();
    r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let c = &l["cause"];
            let s = |v: &Value| v.as_str().unwrap().to_string();
            (
                s(&c["order_id"]),
                s(&c["order_line"]),
                s(&l["part_id"]),
                s(&l["location_id"]),
                s(&c["root_cause"]),
                s(&c["rule"]),
                c["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| s(e))
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn each_planted_story_is_tagged_with_its_cause_closed_lines_keep_theirs_and_stopped_repairs_are_listed(
) {
    let dir = tempfile::tempdir().unwrap();
    let app = common::demo_app(&dir);
    let lines = open_lines(&app);
    assert!(lines.len() > 50, "{}", lines.len());

    // blocked_transfer: the platinum customer's line at EF03.
    let c = cause_of(&app, "9000000001", "10");
    assert_eq!(
        (c.root_cause.as_str(), c.rule.as_str()),
        ("internal_transfer", "internal_transfer")
    );
    assert!(
        c.evidence[0].starts_with("transfer 4899000001 from ER01 blocked, expected 2026-10-12"),
        "{:?}",
        c.evidence
    );
    assert!(
        c.evidence.iter().any(|e| e.starts_with(
            "service event 390000001 on 2026-10-06: waiting_for_part, machine 10000001"
        )),
        "the technician's report is evidence: {:?}",
        c.evidence
    );

    let story = |part: &str| -> Vec<_> { lines.iter().filter(|l| l.2 == part).collect() };
    // eol_successor: every open line of 100007.
    let eol = story("100007");
    assert!(eol.len() >= 10, "{}", eol.len());
    for l in &eol {
        assert_eq!(l.4, "eol_transition", "{l:?}");
        assert_eq!(
            l.6[0],
            "part EOL since 2026-06-30, successor 100008 not stocked here (stocked at AC01)",
            "{l:?}"
        );
    }
    // campaign_spike: 100011 at ER01.
    let campaign: Vec<_> = story("100011")
        .into_iter()
        .filter(|l| l.3 == "ER01")
        .collect();
    assert!(!campaign.is_empty());
    for l in &campaign {
        assert_eq!(
            (l.4.as_str(), l.5.as_str()),
            ("demand_spike", "campaign"),
            "{l:?}"
        );
        assert!(l.6[0].starts_with("campaign CMP-0001 at ER01"), "{l:?}");
    }
    // late_supplier: the fast movers 100020..100024 of supplier 200003.
    let late: Vec<_> = lines
        .iter()
        .filter(|l| ("100020".."100025").contains(&l.2.as_str()))
        .collect();
    assert!(late.len() >= 5, "{}", late.len());
    for l in &late {
        assert_eq!(l.4, "supplier_delay", "{l:?}");
        assert!(l.6[0].contains("(supplier 200003,"), "{l:?}");
        assert!(l.6[0].contains("days late"), "{l:?}");
    }

    // The KPI breakdown by root cause shows them too, and adds up.
    let k = app.call("kpis", json!({"by": "root_cause"})).unwrap();
    let groups: Vec<(String, u64)> = k["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap().to_string(),
                g["open_lines"].as_u64().unwrap(),
            )
        })
        .collect();
    let summary = app.call("causes", json!({"limit": 0})).unwrap();
    for s in summary["summary"].as_array().unwrap() {
        let key = s["root_cause"].as_str().unwrap();
        let n = s["lines"].as_u64().unwrap();
        let kpi = groups.iter().find(|g| g.0 == key).map_or(0, |g| g.1);
        assert_eq!(kpi, n, "{key}: kpi {kpi} vs causes {n}");
    }
    for cause in [
        "supplier_delay",
        "demand_spike",
        "internal_transfer",
        "eol_transition",
    ] {
        assert!(
            groups.iter().any(|g| g.0 == cause && g.1 > 0),
            "{cause}: {groups:?}"
        );
    }

    // A line closed since an earlier export keeps that export's tag.
    let ws = Workspace::open(&dir.path().join("ws.sqlite")).unwrap();
    let (closed_tagged, latest): (i64, String) = ws
        .store()
        .conn()
        .query_row(
            "SELECT count(*), (SELECT max(as_of) FROM import_batch)
             FROM root_cause_tag t JOIN backorders b USING (order_id, order_line)
             WHERE b.status <> 'open' AND t.as_of < (SELECT max(as_of) FROM import_batch)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(
        closed_tagged > 0,
        "lines closed since an earlier export keep that export's tag"
    );
    assert_eq!(latest, "2026-10-31");

    // Field feedback: the EOL part stops repairs again and again.
    let r = app.call("field_report", json!({})).unwrap();
    let parts = r["parts"].as_array().unwrap();
    assert!(!parts.is_empty());
    let eol = parts
        .iter()
        .find(|p| p["part_id"] == "100007")
        .expect("the EOL part stops repairs");
    assert!(eol["part_unavailable"].as_u64().unwrap() >= 2, "{eol}");
    assert!(eol["open_lines"].as_u64().unwrap() >= 10, "{eol}");
    let counts: Vec<u64> = parts
        .iter()
        .map(|p| p["events"].as_u64().unwrap())
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most first: {counts:?}"
    );
    assert!(counts.iter().all(|c| *c >= 2));
}

fn import(ws: &mut Workspace, folder: &PathBuf, as_of: &str) {
    let r = ws
        .import(
            std::slice::from_ref(folder),
            &ImportOptions {
                as_of: Some(as_of.to_string()),
                keep_valid: false,
                profile_toml: None,
            },
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert!(r.committed, "{r:?}");
}

#[test]
fn an_override_is_audited_and_survives_the_import_of_a_newer_export() {
    let dir = tempfile::tempdir().unwrap();
    let exports =
        bodesk_api::demo::write_demo(&DemoConfig::default(), &dir.path().join("demo")).unwrap();
    let (last_as_of, last) = exports.last().unwrap().clone();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite")).unwrap();
    for (as_of, folder) in &exports[..exports.len() - 1] {
        import(&mut ws, folder, as_of);
    }
    // A line of the EOL part open before the last export and still open after it.
    let (order_id, order_line) = ("1000000073", "10");
    let before = ws.line_cause(order_id, order_line).unwrap();
    assert_eq!(before.override_, None);

    let refused = ws
        .override_cause(order_id, order_line, "supplier_delay", "  ")
        .unwrap_err();
    assert_eq!(refused.code, bodesk_api::ErrorCode::InvalidInput);
    let refused = ws
        .override_cause(order_id, order_line, "weather", "storm")
        .unwrap_err();
    assert!(
        refused.message.contains("unknown root cause \"weather\""),
        "{}",
        refused.message
    );

    let set = ws
        .override_cause(
            order_id,
            order_line,
            "supplier_delay",
            "supplier 200005 never confirmed the last-time buy",
        )
        .unwrap();
    assert_eq!(set.root_cause, "supplier_delay");
    assert_eq!(set.tagged_cause, before.tagged_cause);

    import(&mut ws, &last, &last_as_of);
    let after = ws.line_cause(order_id, order_line).unwrap();
    assert_eq!(after.root_cause, "supplier_delay", "the override survives");
    assert_eq!(
        after.tagged_cause, "eol_transition",
        "the rules retagged underneath"
    );
    assert_eq!(after.as_of.as_deref(), Some(last_as_of.as_str()));
    assert_eq!(
        after.override_.as_ref().map(|o| o.reason.as_str()),
        Some("supplier 200005 never confirmed the last-time buy")
    );
    let kpi = ws.kpis(None, Some("root_cause")).unwrap();
    assert!(kpi.groups.iter().any(|g| g.key == "supplier_delay"));

    let cleared = ws
        .clear_override(order_id, order_line, "checked again: it is the EOL")
        .unwrap();
    assert_eq!(
        (cleared.root_cause.as_str(), cleared.override_.is_none()),
        ("eol_transition", true)
    );
    let again = ws
        .clear_override(order_id, order_line, "twice")
        .unwrap_err();
    assert_eq!(again.code, bodesk_api::ErrorCode::NotFound);

    let audits: Vec<(String, String)> = {
        let conn = ws.store().conn();
        let mut stmt = conn
            .prepare("SELECT action, entity_key FROM audit_log WHERE action IN ('override_cause', 'clear_override') ORDER BY audit_id")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.map(Result::unwrap).collect()
    };
    assert_eq!(
        audits,
        [
            ("override_cause".to_string(), "1000000073/10".to_string()),
            ("clear_override".to_string(), "1000000073/10".to_string())
        ]
    );
}

#[test]
fn a_rule_change_is_previewed_then_applied_with_an_audit_record() {
    let dir = tempfile::tempdir().unwrap();
    let app = common::demo_app(&dir);
    let rules = app.call("cause_rules", json!({})).unwrap();
    assert_eq!(rules["is_default"], true);
    assert_eq!(rules["rules"].as_array().unwrap().len(), 6);

    // Without the supplier rule, the late-supplier lines go elsewhere.
    let without_supplier: String = rules["default_toml"]
        .as_str()
        .unwrap()
        .replace("min_days_late = 7", "min_days_late = 3650");
    let before = app.call("causes", json!({"limit": 0})).unwrap();
    let supplier_before = before["summary"][0]["lines"].as_u64().unwrap();
    assert_eq!(before["summary"][0]["root_cause"], "supplier_delay");
    assert!(supplier_before > 0);

    let preview = app
        .call("cause_rules_preview", json!({"toml": without_supplier}))
        .unwrap();
    assert_eq!(preview["error"], Value::Null);
    let moved: u64 = preview["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["from"] == "supplier_delay")
        .map(|c| c["lines"].as_u64().unwrap())
        .sum();
    assert_eq!(moved, supplier_before, "{preview}");
    assert!(preview["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["from"] == "supplier_delay"));
    assert_eq!(preview["applied"], false);
    let unchanged = app.call("causes", json!({"limit": 0})).unwrap();
    assert_eq!(
        unchanged["summary"], before["summary"],
        "a preview writes nothing"
    );

    let bad = app
        .call(
            "cause_rules_preview",
            json!({"toml": "[[rule]]\nkind = \"supplier_delay\"\nmin_days_late = -1\n"}),
        )
        .unwrap();
    assert_eq!(bad["error"]["line"], 3);
    assert_eq!(bad["error"]["column"], 17);
    let refused = app
        .call(
            "cause_rules_apply",
            json!({"toml": "[[rule]]\nkind = \"nope\"\n"}),
        )
        .unwrap_err();
    assert!(
        refused
            .message
            .contains("line 2, column 8: unknown rule kind"),
        "{}",
        refused.message
    );

    let applied = app
        .call("cause_rules_apply", json!({"toml": without_supplier}))
        .unwrap();
    assert_eq!(applied["applied"], true);
    assert_eq!(applied["changes"], preview["changes"]);
    let after = app.call("causes", json!({"limit": 0})).unwrap();
    assert_eq!(after["summary"][0]["lines"], 0);
    assert_eq!(after["rules_source"], "working set");
    let k = app.call("kpis", json!({"by": "root_cause"})).unwrap();
    assert!(
        k["groups"]
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["key"] != "supplier_delay" || g["open_lines"] == 0),
        "the KPIs see the retag at once: {k}"
    );
    let stored = app.call("cause_rules", json!({})).unwrap();
    assert_eq!(stored["toml"].as_str(), Some(without_supplier.as_str()));
    assert_eq!(stored["is_default"], false);
    let ws = Workspace::open(&dir.path().join("ws.sqlite")).unwrap();
    let audit: String = ws
        .store()
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'apply_cause_rules'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let audit: Value = serde_json::from_str(&audit).unwrap();
    assert_eq!(audit["old"], Value::Null);
    assert_eq!(audit["new"].as_str(), Some(without_supplier.as_str()));
    assert_eq!(audit["changes"], applied["changes"]);
}
