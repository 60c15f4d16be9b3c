//! Crash safety: an import killed (SIGKILL) at any moment leaves the working
//! set exactly as it was before the import.
//!
//! A working set holding the small example export is the committed state. A
//! large export (the example's master files, plus a generated
//! `backorders.csv` and `demand_history.csv` referencing its parts, locations
//! and customers) is then imported again and again, each time from that same
//! committed state, and the `bodesk` process is killed after a random delay
//! within the import's measured run time. After each kill:
//! `PRAGMA integrity_check` is `ok`, `bodesk check` exits 0 and a dump of
//! every table (every row, hashed) equals the dump taken before.
//!
//! One import that is left to finish must change the dump, so the comparison
//! can fail. A kill that lands after the commit but before the process exits
//! is allowed only if the working set then equals that finished import
//! exactly (all or nothing), and most kills must land mid-import.
//!
//! Environment: `BODESK_CRASH_MOMENTS` (default 20) kills;
//! `BODESK_CRASH_SEED` the random seed (printed; default fixed);
//! `BODESK_CRASH_ROWS` generated rows per large file (default: from 12000,
//! grown until the import takes about 1.5 s in this build).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use rusqlite::types::ValueRef;
use rusqlite::Connection;

mod support;
use support::*;

const DEFAULT_SEED: u64 = 0x0B0D_E5C0_C4A5_0001;
const AS_OF_BASE: &str = "2026-11-20";
const AS_OF_BIG: &str = "2026-11-21";
/// The large import's aimed-at run time.
const TARGET: Duration = Duration::from_millis(1500);
/// Upper bound on generated rows per large file.
const MAX_ROWS: usize = 400_000;

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

fn bodesk(db: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run bodesk")
}

// ---------------------------------------------------------------------------
// Dumps: every table, every row, in key order, hashed (FNV-1a 64).

/// Per table: (row count, hash of all rows in order).
type Dump = BTreeMap<String, (u64, u64)>;

fn dump(db: &Path) -> Dump {
    let conn = Connection::open(db).expect("open working set");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Dump::new();
    for t in tables {
        let ncols: usize = conn
            .query_row(
                &format!("SELECT count(*) FROM pragma_table_info('{t}')"),
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap() as usize;
        let order = (1..=ncols.max(1))
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY {order}"))
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let (mut n, mut h) = (0u64, Fnv::new());
        while let Some(row) = rows.next().unwrap() {
            n += 1;
            h.bytes(b"\n");
            for i in 0..ncols {
                match row.get_ref(i).unwrap() {
                    ValueRef::Null => h.tagged(0, &[]),
                    ValueRef::Integer(v) => h.tagged(1, &v.to_le_bytes()),
                    ValueRef::Real(v) => h.tagged(2, &v.to_bits().to_le_bytes()),
                    ValueRef::Text(v) => h.tagged(3, v),
                    ValueRef::Blob(v) => h.tagged(4, v),
                }
            }
        }
        out.insert(t, (n, h.0));
    }
    out
}

/// The tables in which two dumps differ, for messages.
fn diff(a: &Dump, b: &Dump) -> Vec<String> {
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|t| a.get(*t) != b.get(*t))
        .map(|t| format!("{t}: {:?} -> {:?}", a.get(t), b.get(t)))
        .collect()
}

/// Tables whose rows carry wall-clock times (differ between two equal imports).
const TIMED: &[&str] = &["import_batch", "audit_log"];

fn untimed(d: &Dump) -> Dump {
    d.iter()
        .filter(|(t, _)| !TIMED.contains(&t.as_str()))
        .map(|(t, v)| (t.clone(), *v))
        .collect()
}

fn integrity(db: &Path) -> String {
    let conn = Connection::open(db).expect("open working set");
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.join("; ")
}

/// Replaces the working set at `db` by the saved copy `from` (no WAL left behind).

/// Folds the WAL into the main file so that the file alone is the state.
fn checkpoint(db: &Path) {
    let conn = Connection::open(db).unwrap();
    let _: (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    drop(conn);
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "WAL left after checkpoint"
    );
}

// ---------------------------------------------------------------------------
// The large export.

fn first_column(file: &Path) -> Vec<String> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

/// The example's master files, plus `rows` generated backorder lines and
/// about `rows` demand rows; all keys unique, all references known.
fn write_large_export(dir: &Path, rows: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let ex = example_dir();
    for e in std::fs::read_dir(&ex).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if name != "backorders.csv" && name != "demand_history.csv" {
            std::fs::copy(&p, dir.join(&name)).unwrap();
        }
    }
    let parts = first_column(&ex.join("parts.csv"));
    let locations = first_column(&ex.join("locations.csv"));
    let customers = first_column(&ex.join("customers.csv"));
    assert!(!parts.is_empty() && !locations.is_empty() && !customers.is_empty());

    let mut b = String::from(
        "order_id,order_line,customer_id,part_id,location_id,qty_open,qty_ordered,created_date,promised_date,equipment_id,status,closed_date\n",
    );
    for i in 0..rows {
        let (m, d) = (i % 12 + 1, i % 28 + 1);
        let qty = i % 7 + 1;
        if i % 5 == 4 {
            b.push_str(&format!(
                "{:010},{},{},{},{},0,{qty},2025-{m:02}-{d:02},2025-{m:02}-{d:02},,closed,2026-{m:02}-{d:02}\n",
                9_000_000_000u64 + (i / 3) as u64,
                (i % 3 + 1) * 10,
                customers[i % customers.len()],
                parts[(i / 7) % parts.len()],
                locations[i % locations.len()],
            ));
        } else {
            b.push_str(&format!(
                "{:010},{},{},{},{},{qty},{},2026-{m:02}-{d:02},2026-12-{d:02},,open,\n",
                9_000_000_000u64 + (i / 3) as u64,
                (i % 3 + 1) * 10,
                customers[i % customers.len()],
                parts[(i / 7) % parts.len()],
                locations[i % locations.len()],
                qty + i % 3,
            ));
        }
    }
    std::fs::write(dir.join("backorders.csv"), b).unwrap();

    let mut d = String::from("period,part_id,location_id,qty_demanded,qty_filled,stockout_days\n");
    let per_period = parts.len() * locations.len();
    let periods = rows.div_ceil(per_period);
    let mut n = 0usize;
    for k in 0..periods {
        let (y, m) = (1990 + k / 12, k % 12 + 1);
        for p in &parts {
            for l in &locations {
                let q = (n * 7) % 13;
                d.push_str(&format!("{y}-{m:02},{p},{l},{q},{},{}\n", q - q / 4, n % 3));
                n += 1;
            }
        }
    }
    std::fs::write(dir.join("demand_history.csv"), d).unwrap();
}

// ---------------------------------------------------------------------------

#[test]
fn an_import_killed_at_random_moments_leaves_the_working_set_as_it_was() {
    let _cleanup = RemoveBinCopy;
    bin();
    let moments = env_u64("BODESK_CRASH_MOMENTS", 20);
    let seed = env_u64("BODESK_CRASH_SEED", DEFAULT_SEED);
    let fixed_rows = std::env::var_os("BODESK_CRASH_ROWS").is_some();
    let mut rows = env_u64("BODESK_CRASH_ROWS", 12_000) as usize;
    eprintln!("crash_safety: BODESK_CRASH_SEED={seed} BODESK_CRASH_MOMENTS={moments}");
    let mut rng = fastrand::Rng::with_seed(seed);

    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big-export");
    write_large_export(&big, rows);
    let db = tmp.path().join("working-set.sqlite");
    let saved = tmp.path().join("committed-state.sqlite");

    // The committed state: the small example export.
    let o = bodesk(
        &db,
        &[
            "import",
            example_dir().to_str().unwrap(),
            "--as-of",
            AS_OF_BASE,
        ],
    );
    assert!(
        o.status.success(),
        "importing the example failed\n{}",
        show(&o)
    );
    checkpoint(&db);
    std::fs::copy(&db, &saved).unwrap();
    let before = dump(&db);
    assert!(
        before.get("backorders").is_some_and(|(n, _)| *n > 0),
        "the example holds backorders: {before:?}"
    );

    // One complete run: calibrates the kill window and proves the dump moves.
    // The export grows until the import takes about TARGET (the build's speed
    // varies), unless BODESK_CRASH_ROWS fixes its size.
    let import_args = ["import", big.to_str().unwrap(), "--as-of", AS_OF_BIG];
    let (o, full) = loop {
        restore(&saved, &db);
        let t0 = Instant::now();
        let o = bodesk(&db, &import_args);
        let full = t0.elapsed();
        assert!(
            o.status.success(),
            "the large import of {rows} rows failed\n{}",
            show(&o)
        );
        if fixed_rows || full >= TARGET / 2 || rows >= MAX_ROWS {
            break (o, full);
        }
        eprintln!("import of {rows} + ~{rows} rows took {full:?}: growing the export");
        let factor = (TARGET.as_secs_f64() / full.as_secs_f64().max(0.01)).min(20.0);
        rows = ((rows as f64 * factor) as usize).clamp(rows + 1, MAX_ROWS);
        write_large_export(&big, rows);
    };
    let tag = format!(
        "(BODESK_CRASH_SEED={seed} BODESK_CRASH_MOMENTS={moments} BODESK_CRASH_ROWS={rows})"
    );
    assert!(o.status.success());
    assert_eq!(integrity(&db), "ok");
    let o = bodesk(&db, &["check"]);
    assert!(
        o.status.success(),
        "bodesk check after the complete import {tag}\n{}",
        show(&o)
    );
    let after = dump(&db);
    assert_ne!(
        before, after,
        "a complete import must change the working set {tag}"
    );
    assert!(
        after
            .get("backorders")
            .is_some_and(|(n, _)| *n as usize >= rows),
        "the large import wrote its backorder lines: {after:?}"
    );
    eprintln!("complete import of {rows} + ~{rows} rows: {full:?}");
    assert!(
        full >= Duration::from_millis(100),
        "the import is too quick ({full:?}) to kill mid-way: raise BODESK_CRASH_ROWS"
    );

    let window_us = full.as_micros() as u64;
    let (mut mid_import, mut after_commit, mut exited_first) = (0u64, 0u64, 0u64);
    for moment in 0..moments {
        restore(&saved, &db);
        assert_eq!(dump(&db), before, "restoring the committed state");
        let delay = Duration::from_micros(rng.u64(0..window_us));
        let mut child = Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args(import_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn bodesk import");
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap();
        let status = match finished {
            Some(s) => s,
            None => {
                child.kill().expect("SIGKILL the import");
                child.wait().unwrap()
            }
        };
        let at = format!("moment {moment}: kill after {delay:?}, {status:?}");
        let what = format!("{at} {tag}");

        assert_eq!(integrity(&db), "ok", "integrity_check after {what}");
        let o = bodesk(&db, &["check"]);
        assert!(
            o.status.success(),
            "bodesk check after {what}\n{}",
            show(&o)
        );
        let now = dump(&db);
        if finished.is_some() {
            // The import ended on its own before the kill: it must have committed.
            assert!(status.success(), "the import failed on its own, {what}");
            assert_eq!(
                untimed(&now),
                untimed(&after),
                "a finished import, {what}: {:?}",
                diff(&after, &now)
            );
            exited_first += 1;
        } else if now == before {
            mid_import += 1;
        } else {
            // Killed between its commit and its exit: all of it, never a part.
            assert_eq!(
                untimed(&now),
                untimed(&after),
                "killed import left a partial working set, {what}: {:?}",
                diff(&before, &now)
            );
            after_commit += 1;
        }
        eprintln!(
            "{at}: {}",
            if finished.is_some() {
                "finished before the kill"
            } else if now == before {
                "unchanged"
            } else {
                "committed before the kill"
            }
        );
    }
    eprintln!(
        "kills: {mid_import} mid-import (state unchanged), {after_commit} after commit, {exited_first} finished first"
    );
    assert!(
        moments == 0 || mid_import * 2 >= moments,
        "most kills should land while the import runs: {mid_import} of {moments} {tag}"
    );
}
