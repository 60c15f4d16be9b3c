//! End to end: each export file is a full snapshot of its entity
//! (`shared/spec/erp-exports.md`, issue 2 "Snapshot semantics"): vanished
//! backorder lines are closed with their history kept, vanished stock rows
//! are removed, identical re-imports are no-ops, planners' overrides and the
//! audit log survive re-imports, rejected imports change nothing but their
//! batch record, and a working set from a newer version is left alone.

mod common;

use common::{seeded, write_network, Ws};
use serde_json::Value;

fn file_report<'a>(json: &'a Value, file: &str) -> &'a Value {
    json["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["file"] == file)
        .unwrap_or_else(|| panic!("no report for {file}: {json:#}"))
}

/// `bodesk batches --json`, newest first.
fn batches(ws: &Ws) -> Vec<Value> {
    let out = ws.bodesk(&["batches", "--json"]);
    out.assert_ok();
    out.json().as_array().expect("a list of batches").clone()
}

const BACKORDER_HEADER: &str = "order_id,order_line,customer_id,part_id,location_id,qty_open,qty_ordered,created_date,status,closed_date";

#[test]
fn second_export_closes_vanished_backorder_lines_and_keeps_history() {
    let ws = Ws::new();
    let folder = write_network(&ws, "v1");
    // v1: two open lines and one already closed on 2026-11-10.
    ws.write(
        "v1/backorders.csv",
        format!(
            "{BACKORDER_HEADER}\n\
             700001,10,C001,P-1,DC01,2,2,2026-11-02,,\n\
             700002,10,C001,P-2,RW-N,1,1,2026-11-03,,\n\
             700003,10,C001,P-2,RW-N,0,4,2026-10-01,closed,2026-11-10\n"
        ),
    );
    let (out, json) = ws.import_json(&[&folder], &["--as-of", "2026-11-20"]);
    out.assert_ok();
    assert_eq!(file_report(&json, "backorders.csv")["vanished"], 0);
    let b1 = json["batch_id"].as_i64().unwrap();

    // v2, a week later: 700001 is gone (filled), 700002 changed, 700004 is new, 700003 gone too.
    let v2 = ws.write(
        "v2/backorders.csv",
        format!(
            "{BACKORDER_HEADER}\n\
             700002,10,C001,P-2,RW-N,3,3,2026-11-03,,\n\
             700004,10,C001,P-1,DC01,5,5,2026-11-25,,\n"
        ),
    );
    let (out, json) = ws.import_json(&[v2], &["--as-of", "2026-11-27"]);
    out.assert_ok();
    let b2 = json["batch_id"].as_i64().unwrap();
    assert!(b2 > b1);
    assert_eq!(
        file_report(&json, "backorders.csv")["vanished"],
        1,
        "one open line vanished: {json:#}"
    );

    assert_eq!(
        ws.rows("SELECT order_id, order_line, qty_open, qty_ordered, created_date, status, closed_date, batch_id FROM backorders ORDER BY 1"),
        [
            format!("700001 | 10 | 0 | 2 | 2026-11-02 | closed | 2026-11-27 | {b1}"),
            format!("700002 | 10 | 3 | 3 | 2026-11-03 | open | NULL | {b2}"),
            format!("700003 | 10 | 0 | 4 | 2026-10-01 | closed | 2026-11-10 | {b1}"),
            format!("700004 | 10 | 5 | 5 | 2026-11-25 | open | NULL | {b2}"),
        ],
        "the vanished open line is closed as of the new as-of date; the closed one keeps its date"
    );
    // Other entities were not in the second import: untouched.
    assert_eq!(ws.count("parts"), 2);
    assert_eq!(ws.count("stock"), 2);
    assert_eq!(ws.count("purchase_orders"), 1);
    ws.assert_check();

    // A third export where the closed line comes back open (re-opened order).
    let v3 = ws.write(
        "v3/backorders.csv",
        format!(
            "{BACKORDER_HEADER}\n\
             700001,10,C001,P-1,DC01,1,2,2026-11-02,open,\n\
             700002,10,C001,P-2,RW-N,3,3,2026-11-03,,\n\
             700004,10,C001,P-1,DC01,5,5,2026-11-25,,\n"
        ),
    );
    ws.import(&[v3], &["--as-of", "2026-11-28"]).assert_ok();
    assert_eq!(
        ws.rows("SELECT order_id, qty_open, status, closed_date FROM backorders WHERE order_id = '700001'"),
        ["700001 | 1 | open | NULL"]
    );
    ws.assert_check();
}

#[test]
fn identical_reimport_is_a_no_op() {
    let ws = seeded();
    let before = ws.dump();
    let batches_before = batches(&ws);
    assert_eq!(batches_before.len(), 1);

    let (out, json) = ws.import_json(&[ws.path("seed")], &["--as-of", "2026-11-20"]);
    out.assert_ok();
    assert_eq!(json["unchanged"], true, "{json:#}");
    assert_eq!(json["batch_id"], Value::Null, "no new batch: {json:#}");
    for f in json["files"].as_array().unwrap() {
        assert_eq!(f["status"], "unchanged", "{f:#}");
    }
    assert!(
        ws.dump() == before,
        "every table byte-identical after an identical re-import"
    );
    assert_eq!(batches(&ws), batches_before);

    // The same bytes under another folder (a new download of the same export): still a no-op.
    for name in ["parts.csv", "stock.csv", "backorders.csv"] {
        let bytes = std::fs::read(ws.path(&format!("seed/{name}"))).unwrap();
        ws.write(&format!("copy/{name}"), bytes);
    }
    let (out, json) = ws.import_json(&[ws.path("copy")], &["--as-of", "2026-11-20"]);
    out.assert_ok();
    assert_eq!(json["unchanged"], true, "{json:#}");
    assert!(
        ws.dump() == before,
        "every table byte-identical after re-importing copies"
    );

    // The text output says so.
    let out = ws.import(&[ws.path("seed")], &["--as-of", "2026-11-20"]);
    out.assert_ok();
    assert!(out.stdout.contains("unchanged"), "{out:#?}");
    assert!(ws.dump() == before);
    ws.assert_check();
}

#[test]
fn overrides_and_audit_records_survive_a_reimport() {
    let ws = seeded();
    {
        let c = ws.conn();
        c.execute(
            "INSERT INTO root_cause_override (order_id, order_line, root_cause, reason, user_name, at)
             VALUES ('700001', '10', 'supplier_late', 'V100 slipped twice', 'ana', '2026-11-21T09:00:00Z'),
                    ('700002', '10', 'forecast_miss', 'new installation', 'ana', '2026-11-21T09:05:00Z')",
            [],
        )
        .unwrap();
        c.execute(
            "INSERT INTO audit_log (at, user_name, action, entity, entity_key, detail)
             VALUES ('2026-11-21T09:00:00Z', 'ana', 'override_root_cause', 'backorders', '700001/10', '{\"root_cause\":\"supplier_late\"}')",
            [],
        )
        .unwrap();
    }
    let overrides = ws.rows("SELECT * FROM root_cause_override ORDER BY 1, 2");
    let audit = ws.rows("SELECT * FROM audit_log ORDER BY audit_id");
    assert_eq!(overrides.len(), 2);

    // A newer export: 700001 changes, 700002 vanishes (closed), everything else re-delivered changed.
    write_network(&ws, "v2");
    ws.write(
        "v2/backorders.csv",
        "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n\
         700001,10,C001,P-1,DC01,1,2026-11-02\n",
    );
    ws.write(
        "v2/stock.csv",
        "part_id,location_id,on_hand\nP-1,DC01,3\nP-2,RW-N,7\n",
    );
    let (out, json) = ws.import_json(&[ws.path("v2")], &["--as-of", "2026-11-27"]);
    out.assert_ok();
    assert_eq!(json["unchanged"], false);

    assert_eq!(
        ws.rows("SELECT * FROM root_cause_override ORDER BY 1, 2"),
        overrides,
        "overrides survive"
    );
    let audit_after = ws.rows("SELECT * FROM audit_log ORDER BY audit_id");
    assert_eq!(
        &audit_after[..audit.len()],
        &audit[..],
        "earlier audit records unchanged"
    );
    assert_eq!(
        audit_after.len(),
        audit.len() + 1,
        "the import appended one audit record"
    );
    assert!(
        audit_after
            .iter()
            .any(|r| r.contains("override_root_cause") && r.contains("700001/10")),
        "{audit_after:?}"
    );
    assert_eq!(
        ws.rows("SELECT order_id, qty_open, status, closed_date FROM backorders ORDER BY 1"),
        [
            "700001 | 1 | open | NULL",
            "700002 | 0 | closed | 2026-11-27"
        ]
    );

    // And an identical re-import, and a rejected one, leave them too.
    ws.import(&[ws.path("v2")], &["--as-of", "2026-11-27"])
        .assert_ok();
    ws.write("bad/backorders.csv", "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n700001,10,C001,P-1,DC01,x,2026-11-02\n");
    ws.import(&[ws.path("bad")], &["--as-of", "2026-11-28"])
        .assert_failed();
    assert_eq!(
        ws.rows("SELECT * FROM root_cause_override ORDER BY 1, 2"),
        overrides
    );
    let audit_end = ws.rows("SELECT * FROM audit_log ORDER BY audit_id");
    assert_eq!(&audit_end[..audit_after.len()], &audit_after[..]);
    ws.assert_check();
}

#[test]
fn stock_rows_absent_from_a_newer_stock_export_are_removed() {
    let ws = seeded();
    assert_eq!(
        ws.rows("SELECT part_id, location_id, on_hand FROM stock ORDER BY 1"),
        ["P-1 | DC01 | 4", "P-2 | RW-N | 7"]
    );
    let parts_before = ws.rows("SELECT * FROM parts ORDER BY 1");

    let f = ws.write(
        "v2/stock.csv",
        "part_id,location_id,on_hand\nP-1,DC01,9\nP-1,RW-N,1\n",
    );
    let (out, json) = ws.import_json(&[f], &["--as-of", "2026-11-27"]);
    out.assert_ok();
    assert_eq!(file_report(&json, "stock.csv")["vanished"], 1, "{json:#}");
    assert_eq!(
        ws.rows("SELECT part_id, location_id, on_hand FROM stock ORDER BY 1, 2"),
        ["P-1 | DC01 | 9", "P-1 | RW-N | 1"]
    );
    assert_eq!(
        ws.rows("SELECT * FROM parts ORDER BY 1"),
        parts_before,
        "parts untouched by a stock import"
    );
    ws.assert_check();

    // With --keep-valid and a rejected row, a row missing from the file may be
    // the rejected one: nothing is removed.
    let f = ws.write(
        "v3/stock.csv",
        "part_id,location_id,on_hand\nP-1,DC01,8\nP-1,RW-N,bad\n",
    );
    let (out, json) = ws.import_json(&[f], &["--as-of", "2026-11-28", "--keep-valid"]);
    out.assert_ok();
    assert_eq!(json["rejects_total"], 1, "{json:#}");
    assert_eq!(
        ws.rows("SELECT part_id, location_id, on_hand FROM stock ORDER BY 1, 2"),
        ["P-1 | DC01 | 8", "P-1 | RW-N | 1"]
    );
    ws.assert_check();
}

#[test]
fn rejected_import_leaves_the_working_set_as_before_and_records_a_rejected_batch() {
    let ws = seeded();
    let data_before = ws.dump_data();
    let audit_before = ws.rows("SELECT * FROM audit_log ORDER BY audit_id");

    // A folder with a valid parts file and a backorders file with one bad row:
    // all or nothing, so not even the parts are written.
    ws.write(
        "v2/parts.csv",
        "part_id,description,unit_cost,criticality,lead_time_days\nP-1,Pump seal v2,13,A,10\nP-2,Filter,3,C,5\nP-3,New,1,B,1\n",
    );
    ws.write(
        "v2/backorders.csv",
        "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n\
         700001,10,C001,P-1,DC01,2,2026-11-02\n\
         700009,10,C999,P-3,DC01,1,2026-11-22\n",
    );
    let (out, json) = ws.import_json(&[ws.path("v2")], &["--as-of", "2026-11-27"]);
    out.assert_failed();
    assert_eq!(json["committed"], false);
    let batch = json["batch_id"]
        .as_i64()
        .expect("a rejected import has a batch record");
    assert_eq!(json["rejects_total"], 1, "{json:#}");
    let r = &json["rejects"][0];
    assert_eq!(r["file"], "backorders.csv");
    assert_eq!(r["line"], 3);
    assert_eq!(r["column"], "customer_id");
    assert_eq!(r["value"], "C999");

    assert!(
        ws.dump_data() == data_before,
        "the working set's data is exactly as before"
    );
    assert_eq!(
        ws.value("SELECT description FROM parts WHERE part_id = 'P-1'"),
        "Pump seal"
    );
    let audit_after = ws.rows("SELECT * FROM audit_log ORDER BY audit_id");
    assert_eq!(
        &audit_after[..audit_before.len()],
        &audit_before[..],
        "audit log only appended to"
    );
    ws.assert_check();

    let list = batches(&ws);
    assert_eq!(list.len(), 2, "{list:#?}");
    let b = &list[0];
    assert_eq!(b["batch_id"], batch);
    assert_eq!(b["status"], "rejected");
    assert_eq!(b["rejects"], 1);
    assert_eq!(b["rows_written"], 0);
    assert_eq!(b["as_of"], "2026-11-27");
    let files = b["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{b:#}");
    for f in files {
        assert_ne!(
            f["status"], "imported",
            "nothing of a rejected batch was imported: {b:#}"
        );
    }
    assert_eq!(list[1]["status"], "committed");

    let text = ws.bodesk(&["batches"]);
    text.assert_ok();
    let line = text
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with(&batch.to_string()))
        .expect("the batch is listed");
    assert!(line.contains("rejected"), "{text:#?}");

    // The rejects of the batch can be exported.
    let csv = ws.path("rejects.csv");
    ws.bodesk(&[
        "rejects".as_ref(),
        batch.to_string().as_ref(),
        "--out".as_ref(),
        csv.as_os_str(),
    ])
    .assert_ok();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.lines()
            .nth(1)
            .unwrap()
            .starts_with(&format!("{batch},backorders.csv,3,")),
        "{text}"
    );

    // The valid file of the rejected batch was never imported: importing it now is not a no-op.
    let (out, json) = ws.import_json(&[ws.path("v2/parts.csv")], &["--as-of", "2026-11-27"]);
    out.assert_ok();
    assert_eq!(
        file_report(&json, "parts.csv")["status"],
        "imported",
        "{json:#}"
    );
    assert_eq!(
        ws.value("SELECT description FROM parts WHERE part_id = 'P-1'"),
        "Pump seal v2"
    );
    ws.assert_check();
}

#[test]
fn working_set_from_a_newer_schema_is_refused_and_left_untouched() {
    for journal in ["wal", "delete"] {
        let ws = seeded();
        {
            let c = ws.conn();
            c.pragma_update(None, "journal_mode", journal).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let bytes = std::fs::read(&ws.db).unwrap();
        ws.write("v2/stock.csv", "part_id,location_id,on_hand\nP-1,DC01,9\n");
        let v2 = ws.path("v2");
        let runs: Vec<Vec<&std::ffi::OsStr>> = vec![
            vec![
                "import".as_ref(),
                v2.as_os_str(),
                "--as-of".as_ref(),
                "2026-11-27".as_ref(),
            ],
            vec!["check".as_ref()],
            vec!["batches".as_ref()],
        ];
        for args in runs {
            let out = ws.bodesk(&args);
            out.assert_failed();
            let err = out.stderr.to_lowercase();
            assert!(err.contains("newer"), "{journal}: a clear error: {out:#?}");
            assert!(
                err.contains("99"),
                "{journal}: names the schema found: {out:#?}"
            );
            assert!(
                out.stderr.contains(ws.db.to_str().unwrap()),
                "{journal}: names the file: {out:#?}"
            );
            assert!(!err.contains("panicked"), "{out:#?}");
            assert!(
                std::fs::read(&ws.db).unwrap() == bytes,
                "{journal}: the working set file is left byte for byte as it was ({args:?})"
            );
        }
        let v: i64 = ws
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 99, "never downgraded");
        assert_eq!(
            ws.value("SELECT on_hand FROM stock WHERE part_id = 'P-1'"),
            "4"
        );
    }
}
