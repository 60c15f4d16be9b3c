//! Fuzz-style property test of the import: random bytes and random mutations
//! of the valid example files, each imported into a working set that already
//! holds the example export.
//!
//! For every case:
//! - `bodesk import FILE --json` never panics: it exits 0 (committed) or 1
//!   (rejected), never 101 or by a signal, and stderr never says "panicked";
//! - exit 0 means the JSON report says committed with no rejects; exit 1 means
//!   it says not committed, every entity table is exactly as before (dump of
//!   all rows), the earlier batches are untouched and the only new batches are
//!   recorded as `rejected`;
//! - `bodesk check` exits 0 afterwards;
//! - `bodesk sniff FILE --json --out T.csv` never panics (exit 0, or 2 with a
//!   message for a file that is not a table).
//!
//! Environment: `BODESK_FUZZ_SEED` (printed; default fixed),
//! `BODESK_FUZZ_CASES` (default 300), `BODESK_FUZZ_CASE` (run only that case
//! of the seed, to reproduce a failure), `BODESK_FUZZ_VERBOSE` (print each
//! case and its outcome). A failing input is saved in the
//! system temp folder and its path printed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

use rusqlite::types::ValueRef;
use rusqlite::Connection;

mod support;
use support::*;

const DEFAULT_SEED: u64 = 20_261_125;
const DEFAULT_CASES: u64 = 300;
const AS_OF_BASE: &str = "2026-11-20";
const AS_OF_CASE: &str = "2026-11-21";

/// Tables that record imports (a rejected import adds its batch, files, rejects, audit record).
const BOOKKEEPING: &[&str] = &[
    "import_batch",
    "import_file",
    "import_reject",
    "audit_log",
    "sqlite_sequence",
];

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        v.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
    })
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(bin()).args(args).output().expect("run bodesk")
}

// ---------------------------------------------------------------------------
// Dumps (FNV-1a 64 over every row in key order).

type Dump = BTreeMap<String, (u64, u64)>;

fn hash_query(conn: &Connection, sql: &str) -> (u64, u64) {
    let mut stmt = conn.prepare(sql).unwrap();
    let ncols = stmt.column_count();
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
    (n, h.0)
}

/// The working set's data: every table but the import bookkeeping.
fn data_dump(conn: &Connection) -> Dump {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .filter(|t| !BOOKKEEPING.contains(&t.as_str()))
        .map(|t| {
            let ncols: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM pragma_table_info('{t}')"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            let order = (1..=ncols.max(1))
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let h = hash_query(conn, &format!("SELECT * FROM \"{t}\" ORDER BY {order}"));
            (t, h)
        })
        .collect()
}

/// The import history up to `max_batch`, and the audit log up to `max_audit`.
fn history_dump(conn: &Connection, max_batch: i64, max_audit: i64) -> Vec<(u64, u64)> {
    vec![
        hash_query(conn, &format!("SELECT * FROM import_batch WHERE batch_id <= {max_batch} ORDER BY batch_id")),
        hash_query(
            conn,
            &format!("SELECT * FROM import_file WHERE batch_id <= {max_batch} ORDER BY batch_id, file_no"),
        ),
        hash_query(
            conn,
            &format!("SELECT * FROM import_reject WHERE batch_id <= {max_batch} ORDER BY batch_id, reject_no"),
        ),
        hash_query(conn, &format!("SELECT * FROM audit_log WHERE audit_id <= {max_audit} ORDER BY audit_id")),
    ]
}

fn max_ids(conn: &Connection) -> (i64, i64) {
    let b = conn
        .query_row(
            "SELECT coalesce(max(batch_id), 0) FROM import_batch",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let a = conn
        .query_row(
            "SELECT coalesce(max(audit_id), 0) FROM audit_log",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (b, a)
}

fn diff(a: &Dump, b: &Dump) -> Vec<String> {
    a.iter()
        .filter(|(t, v)| b.get(*t) != Some(v))
        .map(|(t, v)| format!("{t}: {v:?} -> {:?}", b.get(t)))
        .collect()
}

// ---------------------------------------------------------------------------
// Inputs.

struct Case {
    name: String,
    bytes: Vec<u8>,
    how: Vec<String>,
}

const ENTITY_FILES: &[&str] = &[
    "parts.csv",
    "locations.csv",
    "suppliers.csv",
    "customers.csv",
    "sla.csv",
    "equipment.csv",
    "stock.csv",
    "purchase_orders.csv",
    "backorders.csv",
    "demand_history.csv",
    "transfers.csv",
    "equipment_parts.csv",
    "campaigns.csv",
    "substitutes.csv",
    "lanes.csv",
    "service_events.csv",
];

const NASTY_VALUES: &[&str] = &[
    "",
    "-1",
    "-0",
    "1e309",
    "NaN",
    "inf",
    "0x1F",
    "1.234,5",
    "1,234.5",
    "99999999999999999999999",
    "2026-02-30",
    "00000000",
    "31.12.9999",
    "2026-13-01",
    "12/11/2026",
    "=HYPERLINK(\"x\")",
    "+1",
    "@SUM(A1)",
    "\t1",
    "P-1001 ",
    " P-1001",
    "p-1001",
    "UNKNOWN",
    "é",
    "\u{202e}evil",
    "\u{feff}",
    "\"",
    "\"\"",
    "a\"b",
    "\"a,b\"",
    "\r",
    "\n",
    "1 000",
    "１２",
    "٣",
    "∞",
    "null",
    "NULL",
    "N/A",
    "\u{0}",
];

fn random_name(rng: &mut fastrand::Rng) -> String {
    match rng.u8(0..10) {
        0 => "export.csv".into(),
        1 => "data.txt".into(),
        2 => format!("x{}.csv", rng.u32(..)),
        _ => ENTITY_FILES[rng.usize(..ENTITY_FILES.len())].into(),
    }
}

fn random_bytes(rng: &mut fastrand::Rng) -> Vec<u8> {
    let len = match rng.u8(0..4) {
        0 => rng.usize(0..16),
        1 => rng.usize(16..512),
        _ => rng.usize(512..8192),
    };
    if rng.bool() {
        (0..len).map(|_| rng.u8(..)).collect()
    } else {
        // CSV-ish noise reaches further into the reader than uniform bytes.
        const ALPHABET: &[u8] =
            b"aZ09-.,;|\t\"'\\ \r\n\n\n,,P-1001DC01C001 2026-01-01\xff\x00\xef\xbb\xbf\xc3\xa9";
        (0..len)
            .map(|_| ALPHABET[rng.usize(..ALPHABET.len())])
            .collect()
    }
}

/// Line spans (start, end including the line end) of `b`.
fn lines(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\n' {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < b.len() {
        out.push((start, b.len()));
    }
    out
}

fn mutate(rng: &mut fastrand::Rng, b: &mut Vec<u8>) -> String {
    let pos = |rng: &mut fastrand::Rng, b: &Vec<u8>| rng.usize(0..=b.len());
    match rng.u8(0..20) {
        0 => {
            if b.is_empty() {
                return "flip (empty)".into();
            }
            let i = rng.usize(..b.len());
            let bit = rng.u8(0..8);
            b[i] ^= 1 << bit;
            format!("flip bit {bit} at {i}")
        }
        1 => {
            let i = pos(rng, b);
            let n = rng.usize(1..8);
            let ins: Vec<u8> = (0..n).map(|_| rng.u8(..)).collect();
            b.splice(i..i, ins);
            format!("insert {n} random bytes at {i}")
        }
        2 => {
            let i = pos(rng, b);
            let j = (i + rng.usize(1..64)).min(b.len());
            b.drain(i..j);
            format!("delete bytes {i}..{j}")
        }
        3 => {
            let i = pos(rng, b);
            b.truncate(i);
            format!("truncate at {i}")
        }
        4 => {
            let ls = lines(b);
            if ls.is_empty() {
                return "duplicate line (none)".into();
            }
            let k = rng.usize(..ls.len());
            let (s, e) = ls[k];
            let mut line = b[s..e].to_vec();
            if !line.ends_with(b"\n") {
                line.insert(0, b'\n');
            }
            let at = ls[rng.usize(..ls.len())].1;
            b.splice(at..at, line);
            format!("duplicate line {} at byte {at}", k + 1)
        }
        5 => {
            let ls = lines(b);
            if ls.is_empty() {
                return "delete line (none)".into();
            }
            let k = rng.usize(..ls.len());
            b.drain(ls[k].0..ls[k].1);
            format!("delete line {}", k + 1)
        }
        6 => {
            let ls = lines(b);
            if ls.len() < 2 {
                return "swap lines (too few)".into();
            }
            let (x, y) = (rng.usize(..ls.len()), rng.usize(..ls.len()));
            let mut all: Vec<Vec<u8>> = ls.iter().map(|(s, e)| b[*s..*e].to_vec()).collect();
            all.swap(x, y);
            if !all.last().unwrap().ends_with(b"\n") {
                for l in all.iter_mut() {
                    if !l.ends_with(b"\n") {
                        l.push(b'\n');
                    }
                }
            }
            *b = all.concat();
            format!("swap lines {} and {}", x + 1, y + 1)
        }
        7 => {
            let to = [b';', b'\t', b'|', b' ', b':'][rng.usize(..5)];
            let from = [b',', b';', b'\t'][rng.usize(..3)];
            if rng.bool() {
                for c in b.iter_mut() {
                    if *c == from {
                        *c = to;
                    }
                }
                format!("every {:?} to {:?}", from as char, to as char)
            } else {
                let hits: Vec<usize> = b
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c == from)
                    .map(|(i, _)| i)
                    .collect();
                if hits.is_empty() {
                    return "swap one delimiter (none)".into();
                }
                let i = hits[rng.usize(..hits.len())];
                b[i] = to;
                format!("one {:?} at {i} to {:?}", from as char, to as char)
            }
        }
        8 => {
            let i = pos(rng, b);
            let q = [b'"', b'"', b'\'', b'\\'][rng.usize(..4)];
            b.insert(i, q);
            format!("insert {:?} at {i}", q as char)
        }
        9 => {
            let i = pos(rng, b);
            b.insert(i, 0);
            format!("insert NUL at {i}")
        }
        10 => {
            let i = pos(rng, b);
            b.insert(i, 0xFF);
            format!("insert 0xFF at {i}")
        }
        11 => {
            // A huge line: one field over 1 MiB, or a very long line of many fields.
            let ls = lines(b);
            let at = if ls.is_empty() {
                0
            } else {
                ls[rng.usize(..ls.len())].1
            };
            let mut line = if rng.bool() {
                vec![b'x'; (1 << 20) + rng.usize(1..4096)]
            } else {
                b"1,".repeat(rng.usize(1000..50_000))
            };
            if rng.bool() {
                line.insert(0, b'"');
                line.push(b'"');
            }
            line.push(b'\n');
            let n = line.len();
            b.splice(at..at, line);
            format!("huge line of {n} bytes at {at}")
        }
        12 => {
            let crlf = rng.bool();
            let mut out = Vec::with_capacity(b.len() + b.len() / 16);
            for &c in b.iter() {
                if c == b'\n' {
                    if crlf {
                        out.extend_from_slice(b"\r\n");
                    } else {
                        out.push(b'\r');
                    }
                } else {
                    out.push(c);
                }
            }
            *b = out;
            (if crlf {
                "line ends CRLF"
            } else {
                "line ends CR"
            })
            .into()
        }
        13 => {
            let pre: &[u8] = [
                &b"\xef\xbb\xbf"[..],
                b"Report title\n\n",
                b"\xff\xfe",
                b"sep=,\n",
                b"\n\n\n",
            ][rng.usize(..5)];
            b.splice(0..0, pre.iter().copied());
            format!("prefix {pre:?}")
        }
        14 => {
            // One field replaced by a nasty value.
            let commas: Vec<usize> = b
                .iter()
                .enumerate()
                .filter(|(_, c)| **c == b',')
                .map(|(i, _)| i + 1)
                .collect();
            if commas.is_empty() {
                return "nasty value (no field)".into();
            }
            let s = commas[rng.usize(..commas.len())];
            let e = b[s..]
                .iter()
                .position(|c| *c == b',' || *c == b'\n')
                .map(|k| s + k)
                .unwrap_or(b.len());
            let v = NASTY_VALUES[rng.usize(..NASTY_VALUES.len())];
            b.splice(s..e, v.bytes());
            format!("field at {s} = {v:?}")
        }
        15 => {
            // Empty, or the header line only.
            let keep = rng.usize(0..=1);
            let end = if keep == 0 {
                0
            } else {
                lines(b).first().map(|l| l.1).unwrap_or(0)
            };
            b.truncate(end);
            format!("keep {keep} line(s)")
        }
        16 => {
            // Valid re-encoding: UTF-16 with BOM.
            let text = String::from_utf8_lossy(b).to_string();
            let le = rng.bool();
            let mut out: Vec<u8> = if le {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            for u in text.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            *b = out;
            (if le { "UTF-16LE" } else { "UTF-16BE" }).into()
        }
        17 => {
            // Trailing delimiters on some lines, or blank lines between.
            let ls = lines(b);
            let mut out = Vec::with_capacity(b.len() + ls.len());
            let blank = rng.bool();
            for (s, e) in ls {
                let line = &b[s..e];
                let body = line.strip_suffix(b"\n").unwrap_or(line);
                out.extend_from_slice(body);
                if blank {
                    out.extend_from_slice(b"\n");
                    if rng.u8(0..3) == 0 {
                        out.extend_from_slice(b"\n");
                    }
                } else {
                    if rng.u8(0..2) == 0 {
                        out.push(b',');
                    }
                    out.push(b'\n');
                }
            }
            *b = out;
            (if blank {
                "blank lines"
            } else {
                "trailing delimiters"
            })
            .into()
        }
        18 => {
            // Quote a random field, possibly without closing it.
            let commas: Vec<usize> = b
                .iter()
                .enumerate()
                .filter(|(_, c)| **c == b',')
                .map(|(i, _)| i + 1)
                .collect();
            if commas.is_empty() {
                return "quote field (no field)".into();
            }
            let s = commas[rng.usize(..commas.len())];
            b.insert(s, b'"');
            let close = rng.bool();
            if close {
                let e = b[s + 1..]
                    .iter()
                    .position(|c| *c == b',' || *c == b'\n')
                    .map(|k| s + 1 + k)
                    .unwrap_or(b.len());
                b.insert(e, b'"');
            }
            format!("quote at {s}{}", if close { "" } else { " (unclosed)" })
        }
        _ => {
            // Invalid UTF-8 / cp1252 text in a field.
            let i = pos(rng, b);
            let s: &[u8] = [
                &b"\xc3\x28"[..],
                b"\xe4\xf6\xfc",
                b"\xed\xa0\x80",
                b"\xf0\x28\x8c\x28",
                b"\x80",
            ][rng.usize(..5)];
            b.splice(i..i, s.iter().copied());
            format!("insert {s:?} at {i}")
        }
    }
}

fn make_case(rng: &mut fastrand::Rng, examples: &[(String, Vec<u8>)]) -> Case {
    if rng.u8(0..100) < 15 {
        let name = random_name(rng);
        let bytes = random_bytes(rng);
        return Case {
            how: vec![format!("{} random bytes", bytes.len())],
            name,
            bytes,
        };
    }
    let (orig, content) = &examples[rng.usize(..examples.len())];
    let mut bytes = content.clone();
    let mut how = vec![format!("from {orig}")];
    for _ in 0..rng.usize(1..=3) {
        how.push(mutate(rng, &mut bytes));
    }
    let name = if rng.u8(0..10) < 8 {
        orig.clone()
    } else {
        random_name(rng)
    };
    if name != *orig {
        how.push(format!("named {name}"));
    }
    Case { name, bytes, how }
}

// ---------------------------------------------------------------------------

fn check_case(
    file: &Path,
    db: &Path,
    dir: &Path,
    base_data: &Dump,
    base_history: &[(u64, u64)],
    base_ids: (i64, i64),
) -> Result<(), String> {
    let no_panic = |what: &str, o: &Output| -> Result<(), String> {
        let stderr = String::from_utf8_lossy(&o.stderr);
        if o.status.code().is_none() {
            return Err(format!("{what} ended by a signal\n{}", show(o)));
        }
        if o.status.code() == Some(101) || stderr.contains("panicked") {
            return Err(format!("{what} panicked\n{}", show(o)));
        }
        Ok(())
    };

    // Import.
    let o = run(&[
        "--db".as_ref(),
        db.as_os_str(),
        "import".as_ref(),
        file.as_os_str(),
        "--as-of".as_ref(),
        AS_OF_CASE.as_ref(),
        "--json".as_ref(),
    ]);
    no_panic("import", &o)?;
    let code = o.status.code().unwrap();
    if code != 0 && code != 1 {
        return Err(format!(
            "import exited {code}, expected 0 (committed) or 1 (rejected)\n{}",
            show(&o)
        ));
    }
    let report: serde_json::Value = serde_json::from_slice(&o.stdout)
        .map_err(|e| format!("import --json printed no JSON ({e})\n{}", show(&o)))?;
    let committed = report["committed"].as_bool();
    let conn = Connection::open(db).unwrap();
    if code == 0 {
        if committed != Some(true) || report["rejects_total"].as_u64().unwrap_or(0) != 0 {
            return Err(format!(
                "exit 0 but the report is not a clean commit\n{}",
                show(&o)
            ));
        }
    } else {
        if committed != Some(false) {
            return Err(format!(
                "exit 1 but the report does not say committed: false\n{}",
                show(&o)
            ));
        }
        let now = data_dump(&conn);
        if now != *base_data {
            return Err(format!(
                "a rejected import changed the working set: {:?}\n{}",
                diff(base_data, &now),
                show(&o)
            ));
        }
        if history_dump(&conn, base_ids.0, base_ids.1) != base_history {
            return Err(format!(
                "a rejected import changed earlier batches or audit records\n{}",
                show(&o)
            ));
        }
        let bad: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM import_batch WHERE batch_id > {} AND status <> 'rejected'", base_ids.0),
                [],
                |r| r.get(0),
            )
            .unwrap();
        if bad > 0 {
            return Err(format!(
                "a rejected import left {bad} batch(es) not marked rejected\n{}",
                show(&o)
            ));
        }
    }
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    drop(conn);
    if integrity != "ok" {
        return Err(format!("integrity_check: {integrity}"));
    }

    // Check.
    let o = run(&["--db".as_ref(), db.as_os_str(), "check".as_ref()]);
    no_panic("check", &o)?;
    if !o.status.success() {
        return Err(format!(
            "bodesk check failed after an import that exited {code}\n{}",
            show(&o)
        ));
    }

    // Sniff.
    let out = dir.join("sniffed.csv");
    let _ = std::fs::remove_file(&out);
    let o = run(&[
        "sniff".as_ref(),
        file.as_os_str(),
        "--json".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    no_panic("sniff", &o)?;
    match o.status.code() {
        Some(0) => {
            serde_json::from_slice::<serde_json::Value>(&o.stdout)
                .map_err(|e| format!("sniff --json printed no JSON ({e})\n{}", show(&o)))?;
        }
        Some(2) if !o.stderr.is_empty() => {}
        _ => return Err(format!("sniff: unexpected exit\n{}", show(&o))),
    }
    Ok(())
}

#[test]
fn random_and_mutated_files_never_panic_nor_write_a_partial_import() {
    let _cleanup = RemoveBinCopy;
    bin();
    let seed = env_u64("BODESK_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let cases = env_u64("BODESK_FUZZ_CASES").unwrap_or(DEFAULT_CASES);
    let only = env_u64("BODESK_FUZZ_CASE");
    let verbose = std::env::var_os("BODESK_FUZZ_VERBOSE").is_some();
    eprintln!("fuzz_import: BODESK_FUZZ_SEED={seed} BODESK_FUZZ_CASES={cases}");

    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base.sqlite");
    let o = run(&[
        "--db".as_ref(),
        base.as_os_str(),
        "import".as_ref(),
        example_dir().as_os_str(),
        "--as-of".as_ref(),
        AS_OF_BASE.as_ref(),
    ]);
    assert!(
        o.status.success(),
        "importing the example failed\n{}",
        show(&o)
    );
    let conn = Connection::open(&base).unwrap();
    let _: i64 = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .unwrap();
    let base_data = data_dump(&conn);
    let base_ids = max_ids(&conn);
    let base_history = history_dump(&conn, base_ids.0, base_ids.1);
    drop(conn);
    assert!(base_data.get("parts").is_some_and(|(n, _)| *n > 0));

    let mut examples: Vec<(String, Vec<u8>)> = std::fs::read_dir(example_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    examples.sort();
    assert!(examples.len() >= 10, "the example export is there");

    let db = tmp.path().join("case.sqlite");
    let inputs = tmp.path().join("in");
    let (mut committed, mut rejected) = (0u64, 0u64);
    let started = std::time::Instant::now();
    for i in 0..cases {
        if only.is_some_and(|k| k != i) {
            continue;
        }
        let mut rng = fastrand::Rng::with_seed(seed ^ (i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let case = make_case(&mut rng, &examples);
        let _ = std::fs::remove_dir_all(&inputs);
        std::fs::create_dir_all(&inputs).unwrap();
        let file = inputs.join(&case.name);
        std::fs::write(&file, &case.bytes).unwrap();
        restore(&base, &db);
        match check_case(&file, &db, tmp.path(), &base_data, &base_history, base_ids) {
            Ok(()) => {}
            Err(msg) => {
                let keep =
                    std::env::temp_dir().join(format!("bodesk-fuzz-{seed}-{i}-{}", case.name));
                std::fs::write(&keep, &case.bytes).unwrap();
                panic!(
                    "case {i} ({}; {} bytes; input saved as {}) failed: {msg}\nreproduce: BODESK_FUZZ_SEED={seed} BODESK_FUZZ_CASE={i}",
                    case.how.join("; "),
                    case.bytes.len(),
                    keep.display()
                );
            }
        }
        let c: i64 = Connection::open(&db)
            .unwrap()
            .query_row(
                &format!("SELECT count(*) FROM import_batch WHERE batch_id > {} AND status = 'committed'", base_ids.0),
                [],
                |r| r.get(0),
            )
            .unwrap();
        if verbose {
            eprintln!(
                "case {i}: {} ({} bytes): {}",
                case.how.join("; "),
                case.bytes.len(),
                if c > 0 { "committed" } else { "not committed" }
            );
        }
        if c > 0 {
            committed += 1;
        } else {
            rejected += 1;
        }
    }
    eprintln!(
        "fuzz_import: {} case(s) in {:?}: {committed} committed, {rejected} rejected or unchanged",
        committed + rejected,
        started.elapsed()
    );
    assert!(committed + rejected > 0, "no case ran");
}
