//! The SQLite working set.
//!
//! - [`Store::open`] opens (or creates) a working-set file, sets the
//!   per-connection PRAGMAs (WAL, foreign keys, busy timeout) and applies the
//!   numbered migrations embedded from `migrations/`, tracked by
//!   `PRAGMA user_version`. A file newer than this build is refused, never
//!   downgraded.
//! - [`EntityWriter`] upserts rows of one entity inside the caller's
//!   transaction and reports keys seen twice in one import.
//! - [`Store::check`] runs `integrity_check`, `foreign_key_check` and the
//!   store's own invariants.
//!
//! The store knows tables and SQL, not the ERP contract: callers name the
//! table and columns.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, ToSql, Transaction};
use serde::Serialize;

/// Embedded migrations: (user_version after it, SQL).
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/0001_working_set.sql")),
    (2, include_str!("../migrations/0002_kpi_snapshots.sql")),
    (3, include_str!("../migrations/0003_settings.sql")),
    (4, include_str!("../migrations/0004_demand_months.sql")),
    (5, include_str!("../migrations/0005_root_causes.sql")),
    (6, include_str!("../migrations/0006_followup.sql")),
    (
        7,
        include_str!("../migrations/0007_forecast_adjustment.sql"),
    ),
    (
        8,
        include_str!("../migrations/0008_replenishment_decision.sql"),
    ),
];

/// Migrations merged after a later one had been released (numbers are
/// assigned per branch), with the table each creates: see `Store::migrate`.
const LATE_MIGRATIONS: &[(u32, &str)] = &[(4, "demand_month")];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("working set {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("working set {path} was written by a newer Backorder Desk (schema {found}, this build knows up to {supported}); update the app, the file is left as it is")]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("working set {path} is not a Backorder Desk working set (or is damaged): {source}")]
    NotAWorkingSet {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    #[error("cannot create folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// An open working set.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens or creates the working set at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Folder {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        // Refuse a newer file before anything (even a PRAGMA) could write to it.
        store.refuse_newer()?;
        store
            .configure()
            .map_err(|source| StoreError::NotAWorkingSet {
                path: path.to_path_buf(),
                source,
            })?;
        store.migrate()?;
        Ok(store)
    }

    /// Per-connection settings; not part of the migrations.
    fn configure(&self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // A new file gets 16 KiB pages (fixed at creation, before WAL): a
        // quarter of the pages to split, balance and log when millions of
        // rows are imported, and to visit when the KPI engine loads them.
        let pages: i64 = self
            .conn
            .pragma_query_value(None, "page_count", |r| r.get(0))?;
        if pages == 0 {
            self.conn.pragma_update(None, "page_size", 16_384)?;
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        // WAL + NORMAL: a commit is atomic and survives a killed process; only
        // the last commit may be lost on power failure (SQLite's documented trade-off).
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.pragma_update(None, "cache_size", -64_000)?;
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(())
    }

    fn refuse_newer(&self) -> Result<u32, StoreError> {
        let found: u32 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|source| StoreError::NotAWorkingSet {
                path: self.path.clone(),
                source,
            })?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        Ok(found)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let found = self.refuse_newer()?;
        for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)
                .map_err(|source| StoreError::NotAWorkingSet {
                    path: self.path.clone(),
                    source,
                })?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
        }
        // A working set that reached a later version before a late migration
        // existed skipped it: run it once, if what it creates is missing.
        for (late, table) in LATE_MIGRATIONS {
            let missing = found >= *late
                && !self.conn.query_row(
                    "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
                    [table],
                    |r| r.get::<_, bool>(0),
                )?;
            if let (true, Some((_, sql))) = (missing, MIGRATIONS.iter().find(|(v, _)| v == late)) {
                let tx = self.conn.transaction()?;
                tx.execute_batch(sql)
                    .map_err(|source| StoreError::NotAWorkingSet {
                        path: self.path.clone(),
                        source,
                    })?;
                tx.commit()?;
            }
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Rows per table, for checks and tests.
    pub fn row_count(&self, table: &str) -> Result<u64, StoreError> {
        let n: i64 =
            self.conn
                .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                    r.get(0)
                })?;
        Ok(n as u64)
    }

    /// `integrity_check`, `foreign_key_check` and the store's own invariants.
    pub fn check(&self) -> Result<CheckReport, StoreError> {
        let mut integrity = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for r in rows {
            let r = r?;
            if r != "ok" {
                integrity.push(r);
            }
        }
        let mut foreign_keys = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "{} row {} references missing {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
                r.get::<_, String>(2)?
            ))
        })?;
        for r in rows {
            foreign_keys.push(r?);
        }
        let mut invariants = Vec::new();
        for (what, sql) in INVARIANTS {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            if n > 0 {
                invariants.push(format!("{what}: {n} row(s)"));
            }
        }
        Ok(CheckReport {
            schema_version: self.schema_version()?,
            integrity,
            foreign_keys,
            invariants,
        })
    }

    /// Appends to the audit log (inside the caller's transaction when given one).
    pub fn audit(
        conn: &Connection,
        at: &str,
        user: &str,
        action: &str,
        entity: Option<&str>,
        key: Option<&str>,
        detail: &serde_json::Value,
    ) -> Result<i64, StoreError> {
        conn.execute(
            "INSERT INTO audit_log (at, user_name, action, entity, entity_key, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![at, user, action, entity, key, detail.to_string()],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// SHA-256 of the file most recently imported for `entity`, if any.
    pub fn last_imported_hash(&self, entity: &str) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT f.batch_id, f.sha256 FROM import_file f JOIN import_batch b USING (batch_id)
                 WHERE f.entity = ?1 AND f.status = 'imported' AND b.status = 'committed'
                 ORDER BY f.batch_id DESC, f.file_no DESC LIMIT 1",
                [entity],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}

/// Checks that SQL constraints cannot express; each query counts offending rows.
const INVARIANTS: &[(&str, &str)] = &[
    (
        "open backorder lines with a closed date",
        "SELECT count(*) FROM backorders WHERE status = 'open' AND closed_date IS NOT NULL",
    ),
    (
        "backorder lines closed before they were created",
        "SELECT count(*) FROM backorders WHERE closed_date IS NOT NULL AND closed_date < created_date",
    ),
    (
        "negative quantities",
        "SELECT (SELECT count(*) FROM backorders WHERE qty_open < 0)
              + (SELECT count(*) FROM stock WHERE on_hand < 0)
              + (SELECT count(*) FROM purchase_orders WHERE qty_ordered < 0)
              + (SELECT count(*) FROM demand_history WHERE qty_demanded < 0)",
    ),
    (
        "rows written by no committed batch",
        "SELECT (SELECT count(*) FROM parts WHERE batch_id NOT IN (SELECT batch_id FROM import_batch WHERE status = 'committed'))
              + (SELECT count(*) FROM backorders WHERE batch_id NOT IN (SELECT batch_id FROM import_batch WHERE status = 'committed'))",
    ),
    (
        "lanes from an unknown location or supplier",
        "SELECT count(*) FROM lanes WHERE from_id NOT IN (SELECT location_id FROM locations) AND from_id NOT IN (SELECT supplier_id FROM suppliers)",
    ),
    (
        "committed batches without files",
        "SELECT count(*) FROM import_batch b WHERE status = 'committed' AND NOT EXISTS (SELECT 1 FROM import_file f WHERE f.batch_id = b.batch_id)",
    ),
];

/// What [`Store::check`] found; empty lists mean healthy.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub schema_version: u32,
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub invariants: Vec<String>,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty() && self.foreign_keys.is_empty() && self.invariants.is_empty()
    }
}

/// Upserts rows of one table in a transaction, stamping each with the batch.
///
/// Rows go one at a time ([`EntityWriter::write`]) or, for bulk loads,
/// [`EntityWriter::GROUP_ROWS`] at a time in one multi-row statement
/// ([`EntityWriter::write_group`]): executing a statement per row costs as
/// much as the B-tree insert itself.
pub struct EntityWriter<'t> {
    tx: &'t Transaction<'t>,
    stmt: rusqlite::Statement<'t>,
    group: Option<rusqlite::Statement<'t>>,
    group_sql: String,
    batch_id: i64,
    n: usize,
}

impl<'t> EntityWriter<'t> {
    /// Rows per statement of [`EntityWriter::write_group`].
    pub const GROUP_ROWS: usize = 256;

    /// `columns` are the table's data columns in the order rows bind them;
    /// `keys` the primary-key columns among them.
    pub fn new(
        tx: &'t Transaction<'t>,
        table: &str,
        columns: &[&str],
        keys: &[&str],
        batch_id: i64,
    ) -> Result<Self, StoreError> {
        let cols = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let marks = (1..=columns.len() + 1)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let data_updates = columns
            .iter()
            .filter(|c| !keys.contains(c))
            .map(|c| format!("\"{c}\" = excluded.\"{c}\""))
            .collect::<Vec<_>>();
        let updates = data_updates
            .iter()
            .cloned()
            .chain([
                "batch_id = excluded.batch_id".to_string(),
                "in_export = 1".to_string(),
            ])
            .collect::<Vec<_>>()
            .join(", ");
        let key_list = keys
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        // The WHERE makes a second row with the same key in one batch a no-op
        // (changes() = 0): that is how duplicates inside an import are found.
        let sql = format!(
            "INSERT INTO \"{table}\" ({cols}, batch_id, in_export) VALUES ({marks}, 1)
             ON CONFLICT ({key_list}) DO UPDATE SET {updates} WHERE \"{table}\".batch_id IS NOT excluded.batch_id"
        );
        let stmt = tx.prepare(&sql)?;
        // The group statement cannot skip a duplicate silently (it could not
        // tell which row it was): a key this batch already wrote sets the
        // NOT NULL batch_id to NULL, which aborts the statement and undoes
        // the whole group; the caller then writes its rows one by one.
        let row_marks = |r: usize| {
            let base = r * columns.len();
            let marks = (1..=columns.len())
                .map(|i| format!("?{}", base + i))
                .collect::<Vec<_>>()
                .join(", ");
            format!("({marks}, {batch_id}, 1)")
        };
        let group_updates = data_updates
            .into_iter()
            .chain([
                format!("batch_id = CASE WHEN \"{table}\".batch_id = excluded.batch_id THEN NULL ELSE excluded.batch_id END"),
                "in_export = 1".to_string(),
            ])
            .collect::<Vec<_>>()
            .join(", ");
        let group_sql = format!(
            "INSERT INTO \"{table}\" ({cols}, batch_id, in_export) VALUES {}
             ON CONFLICT ({key_list}) DO UPDATE SET {group_updates}",
            (0..Self::GROUP_ROWS)
                .map(row_marks)
                .collect::<Vec<_>>()
                .join(", ")
        );
        Ok(EntityWriter {
            tx,
            stmt,
            group: None,
            group_sql,
            batch_id,
            n: columns.len(),
        })
    }

    /// Writes one row (its values in column order); `Ok(false)` when this
    /// batch already wrote its key.
    pub fn write<T: ToSql>(
        &mut self,
        values: impl IntoIterator<Item = T>,
    ) -> Result<bool, StoreError> {
        let mut n = 0;
        for (i, v) in values.into_iter().enumerate() {
            self.stmt.raw_bind_parameter(i + 1, v)?;
            n += 1;
        }
        debug_assert_eq!(n, self.n);
        self.stmt.raw_bind_parameter(self.n + 1, self.batch_id)?;
        let changed = self.stmt.raw_execute()?;
        Ok(changed > 0)
    }

    /// Writes [`EntityWriter::GROUP_ROWS`] rows (their values row after row,
    /// each in column order) in one statement. `Ok(true)`: all were written.
    /// `Ok(false)`: some key of the group was already written by this batch
    /// (or by an earlier row of the group); then nothing of the group was
    /// written, and the caller writes the rows with [`EntityWriter::write`]
    /// to find out which.
    pub fn write_group<T: ToSql>(
        &mut self,
        values: impl IntoIterator<Item = T>,
    ) -> Result<bool, StoreError> {
        if self.group.is_none() {
            self.group = Some(self.tx.prepare(&self.group_sql)?);
        }
        let stmt = self.group.as_mut().expect("prepared above");
        let mut n = 0;
        for (i, v) in values.into_iter().enumerate() {
            stmt.raw_bind_parameter(i + 1, v)?;
            n += 1;
        }
        debug_assert_eq!(n, self.n * Self::GROUP_ROWS);
        match stmt.raw_execute() {
            Ok(_) => Ok(true),
            // Any constraint failure undoes the group; written one by one,
            // a real violation (not a duplicate) fails again, as an error.
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Ok(false)
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// What happens to rows of `table` that the batch's snapshot no longer holds.
pub fn apply_vanished(
    tx: &Transaction<'_>,
    table: &str,
    batch_id: i64,
    rule: VanishedRule<'_>,
) -> Result<u64, StoreError> {
    let n = match rule {
        VanishedRule::Flag => tx.execute(
            &format!(
                "UPDATE \"{table}\" SET in_export = 0 WHERE batch_id IS NOT ?1 AND in_export = 1"
            ),
            [batch_id],
        )?,
        VanishedRule::Delete => tx.execute(
            &format!("DELETE FROM \"{table}\" WHERE batch_id IS NOT ?1"),
            [batch_id],
        )?,
        VanishedRule::CloseBackorders { as_of } => {
            let closed = tx.execute(
                "UPDATE backorders SET status = 'closed', closed_date = max(?2, created_date), qty_open = 0, in_export = 0
                 WHERE batch_id IS NOT ?1 AND status = 'open'",
                params![batch_id, as_of],
            )?;
            tx.execute(
                "UPDATE backorders SET in_export = 0 WHERE batch_id IS NOT ?1 AND in_export = 1",
                [batch_id],
            )?;
            closed
        }
    };
    Ok(n as u64)
}

#[derive(Debug, Clone, Copy)]
pub enum VanishedRule<'a> {
    Flag,
    Delete,
    /// Open lines are closed as of this date (`YYYY-MM-DD`).
    CloseBackorders {
        as_of: &'a str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_4_fills_demand_per_month_from_existing_demand() {
        // From schema 3, and from schema 5 reached by a build without
        // migration 4 (a late migration).
        for (version, applied) in [(3, &[1, 2, 3][..]), (5, &[1, 2, 3, 5][..])] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("ws.sqlite");
            {
                // Demand without parts or locations: foreign keys off.
                let c = Connection::open(&path).unwrap();
                for (_, sql) in MIGRATIONS.iter().filter(|(v, _)| applied.contains(v)) {
                    c.execute_batch(sql).unwrap();
                }
                c.pragma_update(None, "user_version", version).unwrap();
                c.pragma_update(None, "foreign_keys", "OFF").unwrap();
                c.execute_batch(
                    "INSERT INTO demand_history (period, part_id, location_id, qty_demanded, qty_filled, batch_id) VALUES
                       ('2026-01', 'P1', 'L1', 10, 8, 1),
                       ('2026-01', 'P2', 'L1', 2.5, NULL, 1),
                       ('2026-02', 'P1', 'L1', 4, 4, 1),
                       ('2026-02', 'P1', 'L2', 0, NULL, 1)",
                )
                .unwrap();
            }
            let months = || {
                let s = Store::open(&path).unwrap();
                assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
                let mut stmt = s
                    .conn()
                    .prepare(
                        "SELECT period, qty_demanded, qty_filled FROM demand_month ORDER BY period",
                    )
                    .unwrap();
                let months: Vec<(String, f64, f64)> = stmt
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap();
                months
            };
            let expected = [
                ("2026-01".to_string(), 12.5, 10.5),
                ("2026-02".to_string(), 4.0, 4.0),
            ];
            assert_eq!(months(), expected, "from schema {version}");
            // Opening again changes nothing.
            assert_eq!(months(), expected, "from schema {version}, reopened");
        }
    }

    #[test]
    fn creates_and_reopens_at_current_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/ws.sqlite");
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        drop(s);
        let s = Store::open(&path).unwrap();
        assert!(s.check().unwrap().ok());
        let mode: String = s
            .conn()
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = s
            .conn()
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.sqlite");
        drop(Store::open(&path).unwrap());
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(c);
        let err = Store::open(&path).unwrap_err().to_string();
        assert!(err.contains("newer Backorder Desk"), "{err}");
        let c = Connection::open(&path).unwrap();
        let v: u32 = c
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION + 1, "never downgraded");
    }

    #[test]
    fn refuses_a_file_that_is_not_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, b"hello, this is not a database at all, just some text.....................................................").unwrap();
        let err = Store::open(&path).unwrap_err().to_string();
        assert!(err.contains("not a Backorder Desk working set"), "{err}");
    }

    #[test]
    fn audit_log_is_append_only() {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::open(&dir.path().join("ws.sqlite")).unwrap();
        Store::audit(
            s.conn(),
            "2026-11-25T10:00:00Z",
            "ana",
            "note",
            None,
            None,
            &serde_json::json!({}),
        )
        .unwrap();
        assert!(s
            .conn()
            .execute("UPDATE audit_log SET action = 'x'", [])
            .is_err());
        assert!(s.conn().execute("DELETE FROM audit_log", []).is_err());
        assert_eq!(s.row_count("audit_log").unwrap(), 1);
    }

    #[test]
    fn writer_upserts_and_reports_duplicates_within_a_batch() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("ws.sqlite")).unwrap();
        let tx = s.conn_mut().transaction().unwrap();
        let cols = ["tier", "criticality", "max_backorder_days"];
        {
            let mut w = EntityWriter::new(&tx, "sla", &cols, &cols[..2], 1).unwrap();
            assert!(w.write([&"gold" as &dyn ToSql, &"A", &5.0]).unwrap());
            assert!(
                !w.write([&"gold" as &dyn ToSql, &"A", &7.0]).unwrap(),
                "same key twice in a batch"
            );
        }
        {
            let mut w = EntityWriter::new(&tx, "sla", &cols, &cols[..2], 2).unwrap();
            assert!(
                w.write([&"gold" as &dyn ToSql, &"A", &9.0]).unwrap(),
                "a later batch updates"
            );
        }
        let days: f64 = tx
            .query_row("SELECT max_backorder_days FROM sla", [], |r| r.get(0))
            .unwrap();
        assert_eq!(days, 9.0);
    }

    #[test]
    fn group_writes_are_all_or_nothing_on_a_duplicate() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("ws.sqlite")).unwrap();
        let tx = s.conn_mut().transaction().unwrap();
        let cols = ["location_id", "region"];
        let n = EntityWriter::GROUP_ROWS;
        let ids = |from: usize| {
            (from..from + n)
                .map(|i| format!("L{i:03}"))
                .collect::<Vec<_>>()
        };
        let group = |ids: &[String], region: &str| {
            ids.iter()
                .flat_map(|id| [id.clone(), region.to_string()])
                .collect::<Vec<_>>()
        };
        let count = |tx: &Transaction<'_>, sql: &str| -> i64 {
            tx.query_row(sql, [], |r| r.get(0)).unwrap()
        };
        {
            let mut w = EntityWriter::new(&tx, "locations", &cols, &cols[..1], 1).unwrap();
            assert!(w.write_group(group(&ids(0), "EMEA")).unwrap());
            // Overlaps the first group by one key: nothing of it is written.
            assert!(!w.write_group(group(&ids(n - 1), "APAC")).unwrap());
            // A key twice inside one group.
            let mut twice = ids(1000);
            twice[5] = twice[3].clone();
            assert!(!w.write_group(group(&twice, "APAC")).unwrap());
        }
        assert_eq!(count(&tx, "SELECT count(*) FROM locations"), n as i64);
        assert_eq!(count(&tx, "SELECT count(*) FROM locations WHERE region = 'EMEA' AND batch_id = 1 AND in_export = 1"), n as i64);
        {
            // A later batch updates every row of a group.
            let mut w = EntityWriter::new(&tx, "locations", &cols, &cols[..1], 2).unwrap();
            assert!(w.write_group(group(&ids(0), "AMER")).unwrap());
        }
        assert_eq!(
            count(
                &tx,
                "SELECT count(*) FROM locations WHERE region = 'AMER' AND batch_id = 2"
            ),
            n as i64
        );
    }
}
