//! KPIs on the demo network, end to end through the real binary: the demo's
//! export files in each header vocabulary import to identical KPIs; groups of
//! additive KPIs add up to the totals; output is byte-identical run to run.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn bodesk(db: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_bodesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run bodesk");
    assert!(
        out.status.success(),
        "bodesk {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

const DIMS: [&str; 9] = [
    "region",
    "location",
    "part",
    "product_line",
    "criticality",
    "tier",
    "customer",
    "supplier",
    "root_cause",
];

/// Writes the small demo in `vocabulary` (3 monthly exports) and imports the
/// exports in order into a fresh working set.
fn load(dir: &Path, vocabulary: &str) -> std::path::PathBuf {
    let files = dir.join(format!("files-{vocabulary}"));
    let db = dir.join(format!("{vocabulary}.sqlite"));
    let out = bodesk(
        &db,
        &[
            "demo",
            "--vocabulary",
            vocabulary,
            "--exports",
            "3",
            "--seed",
            "7",
            "--out",
            files.to_str().unwrap(),
        ],
    );
    let listing = String::from_utf8(out.stdout).unwrap();
    let exports: Vec<(&str, &str)> = listing.lines().filter_map(|l| l.split_once("  ")).collect();
    assert_eq!(exports.len(), 3, "{listing}");
    for (as_of, folder) in exports {
        bodesk(&db, &["import", folder.trim(), "--as-of", as_of]);
    }
    db
}

fn kpi(db: &Path, by: Option<&str>) -> String {
    let mut args = vec!["kpi", "--json"];
    if let Some(b) = by {
        args.extend(["--by", b]);
    }
    String::from_utf8(bodesk(db, &args).stdout).unwrap()
}

#[test]
fn every_vocabulary_gives_identical_kpis_and_groups_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let generic = load(dir.path(), "generic");

    // The demo has something to show.
    let total: Value = serde_json::from_str(&kpi(&generic, None)).unwrap();
    assert!(
        total["total"]["open_lines"].as_u64().unwrap() > 20,
        "{total:#}"
    );
    assert!(
        total["total"]["sla_breaches"].as_u64().unwrap() > 0,
        "{total:#}"
    );
    assert!(
        total["total"]["fill_rate"].as_f64().unwrap() < 1.0,
        "{total:#}"
    );

    // Groups add up to the totals for the additive KPIs, for every dimension.
    for by in DIMS {
        let r: Value = serde_json::from_str(&kpi(&generic, Some(by))).unwrap();
        let groups = r["groups"].as_array().unwrap();
        assert!(!groups.is_empty(), "no groups by {by}");
        for key in [
            "open_lines",
            "open_qty",
            "open_value",
            "backorder_days",
            "sla_breaches",
            "penalty_exposure",
            "lines_over_30_days",
        ] {
            let sum: f64 = groups.iter().map(|g| g[key].as_f64().unwrap()).sum();
            let t = r["total"][key].as_f64().unwrap();
            assert!(
                (sum - t).abs() <= 1e-6 * t.abs().max(1.0),
                "{key} by {by}: groups sum to {sum}, total is {t}"
            );
        }
    }

    // The same working set always gives byte-identical output.
    assert_eq!(kpi(&generic, Some("region")), kpi(&generic, Some("region")));

    // SAP-DE (cp1252, `;`, decimal comma, German labels) and SAP-EN (UTF-16,
    // tab, YYYYMMDD, zero-padded numbers) import to the very same figures.
    for vocabulary in ["sap-de", "sap-en"] {
        let db = load(dir.path(), vocabulary);
        for by in [
            None,
            Some("region"),
            Some("part"),
            Some("customer"),
            Some("tier"),
        ] {
            assert_eq!(
                kpi(&db, by),
                kpi(&generic, by),
                "{vocabulary} differs from generic by {by:?}"
            );
        }
    }
}

#[test]
fn lines_behind_a_group_match_its_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = load(dir.path(), "generic");
    let r: Value = serde_json::from_str(&kpi(&db, Some("region"))).unwrap();
    for g in r["groups"].as_array().unwrap() {
        let key = g["key"].as_str().unwrap();
        let out = bodesk(
            &db,
            &[
                "lines",
                "--where",
                &format!("region={key}"),
                "--open",
                "--json",
            ],
        );
        let lines: Value = serde_json::from_slice(&out.stdout).unwrap();
        let lines = lines.as_array().unwrap();
        assert_eq!(
            lines.len() as u64,
            g["open_lines"].as_u64().unwrap(),
            "open lines of {key}"
        );
        let breaches = lines.iter().filter(|l| l["sla_breach"] == true).count() as u64;
        assert_eq!(
            breaches,
            g["sla_breaches"].as_u64().unwrap(),
            "breaches of {key}"
        );
    }
}

#[test]
fn a_snapshot_is_kept_per_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = load(dir.path(), "generic");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let dates: Vec<String> = conn
        .prepare("SELECT as_of FROM kpi_snapshot WHERE dim = 'total' ORDER BY as_of")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(dates.len(), 3, "{dates:?}");
    // The last snapshot equals the KPIs computed now.
    let last: Value = serde_json::from_str(
        &conn
            .query_row(
                "SELECT figures FROM kpi_snapshot WHERE dim = 'total' AND as_of = ?1",
                [&dates[2]],
                |r| r.get::<_, String>(0),
            )
            .unwrap(),
    )
    .unwrap();
    let now: Value = serde_json::from_str(&kpi(&db, None)).unwrap();
    assert_eq!(last, now["total"]);
}
