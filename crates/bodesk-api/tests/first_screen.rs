//! The first dashboard after a start: while the KPI engine is not prepared,
//! the app answers the whole network's totals and stored breakdowns from the
//! newest import's KPI snapshot, with exactly the engine's figures; once the
//! engine is prepared it answers, and a snapshot older than the working set
//! (any audited change since) is never used.

mod common;

use bodesk_api::{App, Workspace};
use common::demo_app;
use serde_json::{json, Value};

/// The engine's answer to a command, on a connection of its own (a plain
/// workspace, as the CLI opens it, never answers from a snapshot).
fn engine_answer(ws: &Workspace, command: &str, args: &Value) -> Value {
    let by = args["by"].as_str();
    match command {
        "kpis" => serde_json::to_value(ws.kpis(None, by).unwrap()).unwrap(),
        "drill" => serde_json::to_value(ws.drill(&[], by, None).unwrap()).unwrap(),
        other => panic!("no engine answer for {other}"),
    }
}

/// `kpis` total open lines as the app answers it now.
fn open_lines(app: &App) -> Value {
    app.call("kpis", json!({})).unwrap()["total"]["open_lines"].clone()
}

#[test]
fn snapshot_answers_are_the_engine_answers() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir);
    let ws = Workspace::open(&dir.path().join("ws.sqlite")).unwrap();
    let calls = [
        ("kpis", json!({})),
        ("kpis", json!({ "by": "region" })),
        ("kpis", json!({ "by": "root_cause" })),
        ("kpis", json!({ "by": "criticality" })),
        ("kpis", json!({ "by": "tier" })),
        ("kpis", json!({ "by": "supplier" })),
        ("drill", json!({})),
        ("drill", json!({ "filters": [], "by": "region" })),
        ("drill", json!({ "filters": [], "by": "tier" })),
        // Not in the snapshot: the engine answers.
        ("kpis", json!({ "by": "part" })),
        ("drill", json!({ "filters": [], "by": "location" })),
    ];
    for (command, args) in &calls {
        let answer = app.call(command, args.clone()).unwrap();
        assert_eq!(
            answer,
            engine_answer(&ws, command, args),
            "{command} {args}"
        );
    }
    let by_tier = app.call("kpis", json!({ "by": "tier" })).unwrap();
    assert!(by_tier["groups"].as_array().unwrap().len() >= 2);
}

#[test]
fn a_current_snapshot_answers_until_the_engine_is_ready_and_a_stale_one_never() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ws.sqlite");
    let app = demo_app(&dir);
    let ws = Workspace::open(&path).unwrap();
    let engine_open_lines = engine_answer(&ws, "kpis", &json!({}))["total"]["open_lines"].clone();
    assert!(engine_open_lines.as_u64().unwrap() > 0);

    // Marks the stored snapshot (behind the app's back, unaudited) to see
    // where an answer comes from.
    let marked = 987_654_321u64;
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE kpi_snapshot SET figures = json_set(figures, '$.open_lines', ?1)
             WHERE dim = 'total' AND as_of = '2026-10-31'",
            [marked],
        )
        .unwrap();
    assert_eq!(
        open_lines(&app),
        json!(marked),
        "engine not prepared: the snapshot answers"
    );

    // A drill-down below the top needs the engine; once prepared, it answers.
    app.call(
        "drill",
        json!({ "filters": [{ "dim": "tier", "value": "gold" }], "by": "region" }),
    )
    .unwrap();
    assert_eq!(
        open_lines(&app),
        engine_open_lines,
        "engine prepared: it answers"
    );

    // A new start, after an audited change: the snapshot is older than the
    // working set and is not used.
    drop(app);
    let app = App::open(&path).unwrap();
    assert_eq!(open_lines(&app), json!(marked), "still current");
    let mut ws = Workspace::open(&path).unwrap();
    ws.set_setting("first_screen.test", "1").unwrap();
    let app = App::open(&path).unwrap();
    assert_eq!(
        open_lines(&app),
        engine_open_lines,
        "stale: the engine answers"
    );
}

#[test]
fn each_import_stores_demand_per_month() {
    let dir = tempfile::tempdir().unwrap();
    let _app = demo_app(&dir);
    let c = rusqlite::Connection::open(dir.path().join("ws.sqlite")).unwrap();
    let rows = |sql: &str| -> Vec<(String, f64, f64)> {
        let mut stmt = c.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let stored = rows("SELECT period, qty_demanded, qty_filled FROM demand_month ORDER BY period");
    let summed = rows(
        "SELECT period, sum(qty_demanded), sum(coalesce(qty_filled, qty_demanded))
         FROM demand_history GROUP BY period ORDER BY period",
    );
    assert!(stored.len() >= 12, "{stored:?}");
    assert_eq!(stored, summed);
}
