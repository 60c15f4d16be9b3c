//! Helpers shared by the process-level suites (crash safety, fuzzing, the
//! CLI suites): running `bodesk` on a working set, a private copy of the
//! binary, output for failure messages, FNV-1a hashing of dumps, and
//! restoring a working set file.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_bodesk");

/// `bodesk --db DB ARGS…` with the binary under test: `BODESK_BIN` when set
/// (a copy, when another build may replace cargo's), else cargo's. The
/// caller's `BODESK_DB` is ignored.
pub fn run(db: &Path, args: &[&str]) -> Output {
    let bin = std::env::var_os("BODESK_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(BIN));
    Command::new(bin)
        .env_remove("BODESK_DB")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run bodesk")
}

/// [`run`] that must succeed: its standard output.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "bodesk {args:?} failed: {}",
        show(&out)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A JSON array of numbers as `f64`s.
pub fn floats(v: &serde_json::Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Writes `files` (name, CSV text) into `dir/export` and imports them as one
/// batch as of `as_of` into a new working set `dir/ws.sqlite`.
pub fn import_files(dir: &Path, files: &[(&str, &str)], as_of: &str) -> PathBuf {
    let export = dir.join("export");
    std::fs::create_dir_all(&export).unwrap();
    for (name, text) in files {
        std::fs::write(export.join(name), text).unwrap();
    }
    let db = dir.join("ws.sqlite");
    ok(&db, &["import", export.to_str().unwrap(), "--as-of", as_of]);
    db
}

pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/erp-small")
}

/// The `bodesk` binary under test, copied once into a private folder so that
/// a rebuild of the shared target folder during the run cannot swap it.
pub fn bin() -> &'static Path {
    static COPY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    COPY.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("bodesk-test-bin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let copy = dir.join("bodesk");
        std::fs::copy(BIN, &copy).expect("copy the bodesk binary");
        copy
    })
}

/// Removes the copy of the binary when the test ends, passed or failed.
pub struct RemoveBinCopy;
impl Drop for RemoveBinCopy {
    fn drop(&mut self) {
        if let Some(dir) = bin().parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

pub fn show(o: &Output) -> String {
    let cut = |b: &[u8]| {
        let s = String::from_utf8_lossy(b);
        if s.len() > 4000 {
            format!(
                "{}… ({} bytes)",
                &s[..s
                    .char_indices()
                    .nth(4000)
                    .map(|(i, _)| i)
                    .unwrap_or(s.len())],
                s.len()
            )
        } else {
            s.to_string()
        }
    };
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        cut(&o.stdout),
        cut(&o.stderr)
    )
}

pub struct Fnv(pub u64);
impl Fnv {
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    pub fn tagged(&mut self, tag: u8, b: &[u8]) {
        self.bytes(&[tag]);
        self.bytes(&(b.len() as u64).to_le_bytes());
        self.bytes(b);
    }
}

pub fn restore(from: &Path, db: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let p = PathBuf::from(format!("{}{suffix}", db.display()));
        if p.exists() {
            std::fs::remove_file(&p).unwrap();
        }
    }
    std::fs::copy(from, db).unwrap();
}
