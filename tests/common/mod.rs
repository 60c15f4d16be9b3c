//! Shared helpers of the end-to-end suites: a temporary working set, running
//! the real `bodesk` binary against it, writing export files byte for byte,
//! reading the working set back with SQL, and encoding text the way ERPs do.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Bookkeeping tables that an import (also a rejected one) appends to.
pub const BOOKKEEPING: &[&str] = &["import_batch", "import_file", "import_reject", "audit_log"];

/// A temporary folder holding a working set (`ws.sqlite`) and export files.
pub struct Ws {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

/// What a run of `bodesk` printed and how it ended.
#[derive(Debug)]
pub struct Out {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }
    /// Panics with the whole output unless the run exited 0.
    #[track_caller]
    pub fn assert_ok(&self) -> &Self {
        assert!(self.ok(), "bodesk failed: {self:#?}");
        self
    }
    /// Panics unless the run exited non-zero (and was not killed by a signal).
    #[track_caller]
    pub fn assert_failed(&self) -> &Self {
        assert!(
            matches!(self.code, Some(c) if c != 0),
            "bodesk should have failed: {self:#?}"
        );
        self
    }
    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:#?}"))
    }
}

impl Ws {
    pub fn new() -> Ws {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("ws.sqlite");
        Ws { dir, db }
    }

    /// A path inside the temporary folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `bytes` exactly to `name` (sub-folders created) and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&p, bytes).expect("write file");
        p
    }

    /// Runs `bodesk --db <ws> ARGS…`.
    pub fn bodesk<S: AsRef<std::ffi::OsStr>>(&self, args: &[S]) -> Out {
        run_bodesk(Some(&self.db), args)
    }

    /// `bodesk import PATHS… EXTRA…` (paths are files or folders).
    pub fn import<P: AsRef<Path>>(&self, paths: &[P], extra: &[&str]) -> Out {
        let mut args: Vec<std::ffi::OsString> = vec!["import".into()];
        args.extend(paths.iter().map(|p| p.as_ref().as_os_str().to_owned()));
        args.extend(extra.iter().map(|s| (*s).into()));
        self.bodesk(&args)
    }

    /// `bodesk import … --json`, parsed.
    pub fn import_json<P: AsRef<Path>>(
        &self,
        paths: &[P],
        extra: &[&str],
    ) -> (Out, serde_json::Value) {
        let mut e = extra.to_vec();
        e.push("--json");
        let out = self.import(paths, &e);
        let json = out.json();
        (out, json)
    }

    /// `bodesk check` must pass.
    #[track_caller]
    pub fn assert_check(&self) {
        let out = self.bodesk(&["check", "--json"]);
        assert!(out.ok(), "bodesk check found problems: {out:#?}");
        assert_eq!(out.json()["ok"], serde_json::Value::Bool(true), "{out:#?}");
    }

    pub fn conn(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db).expect("open working set")
    }

    /// Every table of the working set (`sqlite_%` excluded), by name.
    pub fn tables(&self) -> Vec<String> {
        let c = self.conn();
        let mut s = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        let v = s
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<Vec<String>, _>>()
            .unwrap();
        v
    }

    /// Rows of every table.
    pub fn counts(&self) -> BTreeMap<String, i64> {
        let c = self.conn();
        self.tables()
            .into_iter()
            .map(|t| {
                let n: i64 = c
                    .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                    .unwrap();
                (t, n)
            })
            .collect()
    }

    /// Rows of every table except the import bookkeeping ([`BOOKKEEPING`]).
    pub fn data_counts(&self) -> BTreeMap<String, i64> {
        let mut c = self.counts();
        c.retain(|t, _| !BOOKKEEPING.contains(&t.as_str()));
        c
    }

    pub fn count(&self, table: &str) -> i64 {
        self.conn()
            .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                r.get(0)
            })
            .unwrap()
    }

    /// Every row of every table, typed and sorted: equal dumps mean equal contents.
    pub fn dump(&self) -> BTreeMap<String, Vec<String>> {
        let c = self.conn();
        self.tables()
            .into_iter()
            .map(|t| {
                let rows = dump_rows(&c, &format!("SELECT * FROM \"{t}\""));
                (t, rows)
            })
            .collect()
    }

    /// [`Ws::dump`] without the import bookkeeping tables.
    pub fn dump_data(&self) -> BTreeMap<String, Vec<String>> {
        let mut d = self.dump();
        d.retain(|t, _| !BOOKKEEPING.contains(&t.as_str()));
        d
    }

    /// The rows of a query, each as `col=value` cells joined with ` | `
    /// (text as is, NULL as `NULL`, numbers in Rust's `Display`).
    pub fn rows(&self, sql: &str) -> Vec<String> {
        let c = self.conn();
        let mut s = c.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let n = s.column_count();
        let mut out = Vec::new();
        let mut rows = s.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            out.push(
                (0..n)
                    .map(|i| cell(r.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join(" | "),
            );
        }
        out
    }

    /// The single value of a query, as [`Ws::rows`] shows it.
    #[track_caller]
    pub fn value(&self, sql: &str) -> String {
        let rows = self.rows(sql);
        assert_eq!(rows.len(), 1, "{sql}: expected one row, got {rows:?}");
        rows.into_iter().next().unwrap()
    }
}

/// Runs the `bodesk` binary, with `--db` when given, and no `BODESK_DB` from outside.
pub fn run_bodesk<S: AsRef<std::ffi::OsStr>>(db: Option<&Path>, args: &[S]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bodesk"));
    cmd.env_remove("BODESK_DB");
    if let Some(db) = db {
        cmd.arg("--db").arg(db);
    }
    cmd.args(args);
    let o = cmd.output().expect("run bodesk");
    Out {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn cell(v: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("blob:{b:02x?}"),
    }
}

/// Rows of a query with typed cells (`i:`, `r:` with the exact bits, `t:`, `b:`, `NULL`), sorted.
fn dump_rows(c: &rusqlite::Connection, sql: &str) -> Vec<String> {
    use rusqlite::types::ValueRef;
    let mut s = c.prepare(sql).unwrap();
    let n = s.column_count();
    let mut out = Vec::new();
    let mut rows = s.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        let cells: Vec<String> = (0..n)
            .map(|i| match r.get_ref(i).unwrap() {
                ValueRef::Null => "NULL".into(),
                ValueRef::Integer(v) => format!("i:{v}"),
                ValueRef::Real(v) => format!("r:{v}/{:x}", v.to_bits()),
                ValueRef::Text(t) => format!("t:{:?}", String::from_utf8_lossy(t)),
                ValueRef::Blob(b) => format!("b:{b:02x?}"),
            })
            .collect();
        out.push(cells.join(","));
    }
    out.sort();
    out
}

// ---- encodings, written by hand the way the ERPs write them ----

/// UTF-8 with a byte-order mark.
pub fn utf8_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xEF, 0xBB, 0xBF];
    v.extend_from_slice(s.as_bytes());
    v
}

/// UTF-16 little endian with a byte-order mark.
pub fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xFF, 0xFE];
    for u in s.encode_utf16() {
        v.extend_from_slice(&u.to_le_bytes());
    }
    v
}

/// UTF-16 big endian with a byte-order mark.
pub fn utf16be_bom(s: &str) -> Vec<u8> {
    let mut v = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        v.extend_from_slice(&u.to_be_bytes());
    }
    v
}

/// Windows-1252: ASCII and Latin-1 letters as one byte each, plus `€`;
/// panics on anything else (a test would be wrong).
pub fn cp1252(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '€' => 0x80,
            '„' => 0x84,
            '“' => 0x93,
            '–' => 0x96,
            c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u32 as u8,
            c => panic!("{c:?} is not in this cp1252 table"),
        })
        .collect()
}

/// Lines joined with `end` after each line (LF, CRLF or CR).
pub fn lines(rows: &[&str], end: &str) -> String {
    rows.iter().map(|r| format!("{r}{end}")).collect()
}

// ---- a small generic network to start from ----

/// A small, valid export in the generic vocabulary: two parts, two
/// locations, a supplier, a customer, stock, a purchase order and two
/// backorder lines. Files are written to `folder` inside the working set's
/// temporary folder; returns the folder's path.
pub fn write_network(ws: &Ws, folder: &str) -> PathBuf {
    let files: &[(&str, &str)] = &[
        (
            "parts.csv",
            "part_id,description,unit_cost,criticality,lead_time_days\nP-1,Pump seal,12.5,A,10\nP-2,Filter,3,C,5\n",
        ),
        ("locations.csv", "location_id,name,region\nDC01,Central DC,EMEA\nRW-N,North,EMEA\n"),
        ("suppliers.csv", "supplier_id,name\nV100,Acme\n"),
        ("customers.csv", "customer_id,name,tier\nC001,St. Mary,gold\n"),
        ("stock.csv", "part_id,location_id,on_hand\nP-1,DC01,4\nP-2,RW-N,7\n"),
        (
            "purchase_orders.csv",
            "po_id,po_line,part_id,supplier_id,location_id,qty_ordered,order_date,committed_date\n4500000001,10,P-1,V100,DC01,10,2026-10-01,2026-11-01\n",
        ),
        (
            "backorders.csv",
            "order_id,order_line,customer_id,part_id,location_id,qty_open,created_date\n700001,10,C001,P-1,DC01,2,2026-11-02\n700002,10,C001,P-2,RW-N,1,2026-11-03\n",
        ),
    ];
    for (name, text) in files {
        ws.write(&format!("{folder}/{name}"), text);
    }
    ws.path(folder)
}

/// A working set holding [`write_network`], imported as of 2026-11-20.
pub fn seeded() -> Ws {
    let ws = Ws::new();
    let folder = write_network(&ws, "seed");
    ws.import(&[folder], &["--as-of", "2026-11-20"]).assert_ok();
    ws
}
