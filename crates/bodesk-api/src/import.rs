//! ERP export files into the working set: one batch, one transaction.
//!
//! 1. Every file is sniffed (SHA-256, encoding, dialect) and recognised (by
//!    name, else by header). A file identical to the last one imported for its
//!    entity is skipped: re-importing is a no-op.
//! 2. In one transaction, in the entities' dependency order, each file is read
//!    once: a reader thread validates its rows (number and date styles guessed
//!    from its first rows, the evidence gathered over all of them) and checks
//!    their references against the working set as it stands inside the
//!    transaction; this thread writes them, many rows per statement. Should a
//!    file's evidence read any value differently from the guess, the batch is
//!    rolled back and run again the careful way: each file read twice, once
//!    for its styles, once to validate and write its rows.
//! 3. Each entity's file is a full snapshot: rows it no longer holds are
//!    closed (backorder lines), flagged or removed ([`Entity::vanished`]).
//! 4. Any reject and the whole import rolls back (unless `keep_valid`); the
//!    batch is then recorded as `rejected` with its rejects, so they can be
//!    exported. The working set's data is untouched.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use bodesk_ingest::contract::{self, Entity, Mapping, Profile, Vanished};
use bodesk_ingest::reader::{self, Record, RowKind, Sniffed, TableReader};
use bodesk_ingest::validate::{Cell, Evidence, Rows, Styles, Validator};
use bodesk_ingest::values::DecimalMark;
use bodesk_store::{apply_vanished, EntityWriter, Store, VanishedRule};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params, ToSql, Transaction, TransactionBehavior};

use crate::dto::{DialectDto, FileReport, ImportOptions, ImportProgress, ImportReport, RejectDto};
use crate::{now_utc, user_name, ApiError, ErrorCode, Workspace};

/// Rejects kept per import (in memory and in the batch record); the count is always exact.
pub const MAX_STORED_REJECTS: usize = 100_000;
/// Rejects listed in an [`ImportReport`].
pub const REPORTED_REJECTS: usize = 100;

/// The files named: each file, and the files directly inside each folder
/// (hidden files skipped), sorted by name.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ApiError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| ApiError::new(ErrorCode::NotFound, format!("{}: {e}", p.display())))?;
        if meta.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| ApiError::new(ErrorCode::NotFound, format!("{}: {e}", p.display())))?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|f| f.is_file())
                .filter(|f| {
                    !f.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(ApiError::invalid(format!(
                    "{}: the folder holds no files",
                    p.display()
                )));
            }
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// A file ready to import.
struct Planned {
    path: PathBuf,
    name: String,
    sniffed: Sniffed,
    mapping: Mapping,
}

/// A file's outcome while the batch runs.
struct Outcome {
    report: FileReport,
    file_no: usize,
    path: PathBuf,
    size_bytes: u64,
}

/// Callback for progress; called every few thousand rows.
pub type ProgressFn<'a> = &'a mut dyn FnMut(&ImportProgress);

impl Workspace {
    /// Imports files and folders as one batch. `Err` only for a failure of
    /// the request or the working set; a rejected import is `Ok` with
    /// `committed: false` and the reasons.
    pub fn import(
        &mut self,
        paths: &[PathBuf],
        options: &ImportOptions,
        progress: ProgressFn<'_>,
        cancel: &AtomicBool,
    ) -> Result<ImportReport, ApiError> {
        // The import checks every reference itself (against the working set
        // as the transaction sees it) and rejects the row with a reason, so
        // SQLite's own foreign-key checks would only repeat that work on
        // every row. They are off for the import's transaction and back on
        // for everything else; `bodesk check` runs foreign_key_check.
        self.store()
            .conn()
            .pragma_update(None, "foreign_keys", "OFF")?;
        // One pass per file, its styles guessed from its first rows; should
        // the whole file say otherwise (or a file turn out unreadable after
        // some of its rows were written), the batch is rolled back and run
        // again with a style pass before each file.
        let result = match self.import_batch(paths, options, &mut *progress, cancel, false) {
            Err(Attempt::Retry) => self.import_batch(paths, options, progress, cancel, true),
            other => other,
        }
        .map_err(|e| match e {
            Attempt::Failed(e) => e,
            Attempt::Retry => ApiError::new(ErrorCode::Internal, "the import could not settle"),
        });
        let restored = self
            .store()
            .conn()
            .pragma_update(None, "foreign_keys", "ON");
        let report = result?;
        restored?;
        Ok(report)
    }

    fn import_batch(
        &mut self,
        paths: &[PathBuf],
        options: &ImportOptions,
        progress: ProgressFn<'_>,
        cancel: &AtomicBool,
        two_pass: bool,
    ) -> Result<ImportReport, Attempt> {
        let as_of = match &options.as_of {
            Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                ApiError::invalid(format!("--as-of {s:?}: expected a date as YYYY-MM-DD"))
            })?,
            None => chrono::Local::now().date_naive(),
        }
        .format("%Y-%m-%d")
        .to_string();
        let profile = match &options.profile_toml {
            Some(t) => Some(
                Profile::from_toml(t)
                    .map_err(|e| ApiError::invalid(format!("mapping profile: {e}")))?,
            ),
            None => None,
        };
        let files = expand_paths(paths)?;
        if files.is_empty() {
            return Err(ApiError::invalid("no files to import").into());
        }

        let mut outcomes: Vec<Outcome> = Vec::new();
        let mut rejects: Vec<RejectDto> = Vec::new();
        let mut rejects_total: u64 = 0;
        let mut planned: Vec<(usize, Planned)> = Vec::new();
        let mut seen_hash: HashSet<String> = HashSet::new();

        // 1. Sniff and recognise every file (reading each whole, for its
        // hash): two at a time.
        let recognised = recognise_all(&files, profile.as_ref());
        for ((file_no, path), recognised) in files.iter().enumerate().zip(recognised) {
            let name = display_name(path);
            let mut report = FileReport {
                file: name.clone(),
                entity: None,
                status: "rejected".into(),
                rows: 0,
                written: 0,
                rejects: 0,
                dialect: DialectDto::default(),
                sha256: String::new(),
                ignored_columns: vec![],
                vanished: 0,
                error: None,
            };
            match recognised {
                Err(Unreadable(message, at)) => {
                    let mut r = file_reject(&name, &message);
                    (r.line, r.byte_offset) = (at.map(|a| a.0), at.map(|a| a.1));
                    push_reject(&mut rejects, &mut rejects_total, r);
                    report.rejects = 1;
                    report.error = Some(message);
                }
                Ok((sniffed, mapping)) => {
                    report.entity = Some(mapping.entity.to_string());
                    report.sha256 = sniffed.sha256.clone();
                    report.dialect = dialect_dto(&sniffed, None);
                    report.ignored_columns = mapping.ignored.clone();
                    let last = self.store.last_imported_hash(mapping.entity.table())?;
                    if !seen_hash.insert(sniffed.sha256.clone()) {
                        let message = "the same content as another file of this import".to_string();
                        push_reject(
                            &mut rejects,
                            &mut rejects_total,
                            file_reject(&name, &message),
                        );
                        report.rejects = 1;
                        report.error = Some(message);
                    } else if last.is_some_and(|(_, h)| h == sniffed.sha256) {
                        report.status = "unchanged".into();
                    } else {
                        report.status = "imported".into();
                        planned.push((
                            file_no,
                            Planned {
                                path: path.clone(),
                                name,
                                sniffed,
                                mapping,
                            },
                        ));
                    }
                }
            }
            let size_bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            outcomes.push(Outcome {
                report,
                file_no,
                path: path.clone(),
                size_bytes,
            });
        }

        if planned.is_empty() && rejects_total == 0 {
            return Ok(ImportReport {
                batch_id: None,
                committed: true,
                unchanged: true,
                as_of,
                files: outcomes.into_iter().map(|o| o.report).collect(),
                rejects_total: 0,
                rejects: vec![],
            });
        }

        planned
            .sort_by_key(|(no, p)| (Entity::ALL.iter().position(|e| *e == p.mapping.entity), *no));
        let bytes_total: u64 = planned.iter().map(|(_, p)| p.sniffed.size_bytes).sum();
        let started_at = now_utc();
        let user = user_name();

        // 2. One transaction for the whole batch.
        let store = self.store_mut();
        let tx = store
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO import_batch (started_at, user_name, as_of, status, keep_valid) VALUES (?1, ?2, ?3, 'committed', ?4)",
            params![started_at, user, as_of, options.keep_valid],
        )?;
        let batch_id = tx.last_insert_rowid();
        let mut refs = References::default();
        let mut bytes_done = 0u64;
        let mut rows_written = 0u64;
        let mut by_entity: Vec<(Entity, Vec<usize>)> = Vec::new();
        // Entities whose table held no row when the batch started: no row of
        // theirs can vanish.
        let mut empty_at_start: HashMap<Entity, bool> = HashMap::new();
        // The KPI snapshot's rows, loaded while the writer waits for rows
        // once every table they come from is final (see below).
        let mut network: Option<crate::kpi::NetworkLoader> = None;
        let backorders_at = Entity::ALL.iter().position(|e| *e == Entity::Backorders);

        // With `two_pass`, each file is read twice: once for its number and
        // date styles, once to validate and write its rows. The first pass
        // needs nothing from the working set, so a helper thread runs it
        // ahead, file after file, while the rows of earlier files are written.
        std::thread::scope(|scope| -> Result<(), Attempt> {
            let (styles_tx, styles_rx) = std::sync::mpsc::sync_channel(1);
            let plans = &planned;
            if two_pass {
                scope.spawn(move || {
                    for (_, plan) in plans {
                        if styles_tx.send(scan_styles(plan, cancel)).is_err() {
                            break;
                        }
                    }
                });
            }
            for (at, (file_no, plan)) in planned.iter().enumerate() {
                // Past the backorders every table the KPIs read but demand is
                // final (and demand is read last): a batch that can still
                // commit loads them in the writer's idle moments.
                let entity_at = Entity::ALL.iter().position(|e| *e == plan.mapping.entity);
                if network.is_none()
                    && entity_at > backorders_at
                    && (rejects_total == 0 || options.keep_valid)
                {
                    network = Some(crate::kpi::NetworkLoader::for_import(&as_of)?);
                }
                let outcome = outcomes
                    .iter_mut()
                    .find(|o| o.file_no == *file_no)
                    .expect("planned file has an outcome");
                if let std::collections::hash_map::Entry::Vacant(e) =
                    empty_at_start.entry(plan.mapping.entity)
                {
                    let any: bool = tx.query_row(
                        &format!(
                            "SELECT EXISTS (SELECT 1 FROM \"{}\")",
                            plan.mapping.entity.table()
                        ),
                        [],
                        |r| r.get(0),
                    )?;
                    e.insert(!any);
                }
                let styles = if two_pass {
                    styles_rx
                        .recv()
                        .unwrap_or_else(|_| {
                            Err(FileFailure::Fatal(ApiError::new(
                                ErrorCode::Internal,
                                "the style scan stopped",
                            )))
                        })
                        .map(Some)
                } else {
                    Ok(None)
                };
                let result = styles.and_then(|styles| {
                    write_file(
                        &tx,
                        batch_id,
                        plan,
                        styles,
                        &mut refs,
                        &mut WriteState {
                            bytes_done: &mut bytes_done,
                            bytes_total,
                            progress: &mut *progress,
                            cancel,
                        },
                        &mut outcome.report,
                        &mut rejects,
                        &mut rejects_total,
                        network.as_mut(),
                    )
                });
                match result {
                    Ok(()) => {}
                    Err(FileFailure::Rejected(message, at)) => {
                        let mut r = file_reject(&plan.name, &message);
                        (r.line, r.byte_offset) = (at.map(|a| a.0), at.map(|a| a.1));
                        push_reject(&mut rejects, &mut rejects_total, r);
                        outcome.report.status = "rejected".into();
                        outcome.report.rejects = 1;
                        outcome.report.error = Some(message);
                        outcome.report.written = 0;
                    }
                    Err(FileFailure::Fatal(e)) => return Err(Attempt::Failed(e)),
                    Err(FileFailure::Retry) => return Err(Attempt::Retry),
                }
                if outcome.report.status == "imported" {
                    rows_written += outcome.report.written;
                    match by_entity
                        .iter_mut()
                        .find(|(e, _)| *e == plan.mapping.entity)
                    {
                        Some((_, v)) => v.push(*file_no),
                        None => by_entity.push((plan.mapping.entity, vec![*file_no])),
                    }
                }
                // 3. Snapshot semantics, per entity whose files all went in
                // whole, once its last file is written: no later file reads
                // what the rule changes, and a batch that will not commit
                // (a reject, without keep_valid) is rolled back anyway.
                let entity = plan.mapping.entity;
                let last_of_entity = planned
                    .get(at + 1)
                    .map_or(true, |(_, next)| next.mapping.entity != entity);
                if !last_of_entity || !(rejects_total == 0 || options.keep_valid) {
                    continue;
                }
                let Some((_, file_nos)) = by_entity.iter().find(|(e, _)| *e == entity) else {
                    continue;
                };
                let clean = file_nos.iter().all(|n| {
                    outcomes
                        .iter()
                        .any(|o| o.file_no == *n && o.report.rejects == 0)
                });
                if !clean {
                    continue; // a rejected row is not a vanished row: leave the rest as it was
                }
                if empty_at_start.get(&entity) == Some(&true) {
                    continue; // every row is this batch's: none vanished
                }
                let rule = match entity.vanished() {
                    Vanished::Flag => VanishedRule::Flag,
                    Vanished::Delete => VanishedRule::Delete,
                    Vanished::CloseLine => VanishedRule::CloseBackorders { as_of: &as_of },
                };
                let n = apply_vanished(&tx, entity.table(), batch_id, rule)?;
                if let Some(o) = outcomes.iter_mut().find(|o| o.file_no == file_nos[0]) {
                    o.report.vanished = n;
                }
            }
            Ok(())
        })?;

        let committed = rejects_total == 0 || options.keep_valid;
        if !committed {
            tx.rollback()?;
            // Rolled back: no file of this batch was imported, whatever it held.
            for o in outcomes
                .iter_mut()
                .filter(|o| o.report.status == "imported")
            {
                o.report.status = "rejected".into();
                o.report.written = 0;
                o.report.error.get_or_insert_with(|| {
                    format!(
                        "{}: not written, the import was rejected (all or nothing)",
                        o.report.file
                    )
                });
            }
            let batch_id = record_rejected(
                self.store_mut(),
                &started_at,
                &user,
                &as_of,
                options,
                &outcomes,
                &rejects,
                rejects_total,
            )?;
            return Ok(ImportReport {
                batch_id: Some(batch_id),
                committed: false,
                unchanged: false,
                as_of,
                files: outcomes.into_iter().map(|o| o.report).collect(),
                rejects_total,
                rejects: rejects.into_iter().take(REPORTED_REJECTS).collect(),
            });
        }

        write_batch_details(&tx, batch_id, &outcomes, &rejects)?;
        let summary = serde_json::json!({
            "files": outcomes.iter().map(|o| serde_json::json!({"file": o.report.file, "entity": o.report.entity, "status": o.report.status, "rows": o.report.rows, "rejects": o.report.rejects, "vanished": o.report.vanished})).collect::<Vec<_>>(),
        });
        tx.execute(
            "UPDATE import_batch SET finished_at = ?2, rows_written = ?3, rejects = ?4, summary = ?5 WHERE batch_id = ?1",
            params![batch_id, now_utc(), rows_written as i64, rejects_total as i64, summary.to_string()],
        )?;
        crate::causes::tag_open_lines(&tx, batch_id, &as_of)?;
        let net = match network {
            Some(loader) => crate::kpi::record_snapshot_from(&tx, batch_id, &as_of, loader)?,
            None => crate::kpi::record_snapshot(&tx, batch_id, &as_of)?,
        };
        let followup = crate::followup::after_import(&tx, batch_id, &as_of, &net)?;
        let mut audited = summary.clone();
        audited["followup"] = followup;
        Store::audit(
            &tx,
            &now_utc(),
            &user,
            "import",
            Some("import_batch"),
            Some(&batch_id.to_string()),
            &audited,
        )?;
        tx.commit()?;
        Ok(ImportReport {
            batch_id: Some(batch_id),
            committed: true,
            unchanged: false,
            as_of,
            files: outcomes.into_iter().map(|o| o.report).collect(),
            rejects_total,
            rejects: rejects.into_iter().take(REPORTED_REJECTS).collect(),
        })
    }
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string())
}

fn file_reject(file: &str, message: &str) -> RejectDto {
    RejectDto {
        file: file.to_string(),
        line: None,
        byte_offset: None,
        column: None,
        value: None,
        reason: message.to_string(),
    }
}

fn push_reject(rejects: &mut Vec<RejectDto>, total: &mut u64, r: RejectDto) {
    *total += 1;
    if rejects.len() < MAX_STORED_REJECTS {
        rejects.push(r);
    }
}

/// Sniffs a file and finds its entity and column mapping.
/// Where a file error happened: (line, byte offset), when the reader knows.
fn position(e: &reader::FileError) -> Option<(u64, u64)> {
    use reader::FileError as E;
    match e {
        E::Binary { offset, .. } => Some((1, *offset)),
        E::Undecodable { line, offset, .. }
        | E::UnterminatedQuote { line, offset }
        | E::FieldTooLarge { line, offset } => Some((*line, *offset)),
        _ => None,
    }
}

/// A file that cannot be imported: the message and where.
pub(crate) struct Unreadable(pub String, pub Option<(u64, u64)>);

impl From<String> for Unreadable {
    fn from(s: String) -> Self {
        Unreadable(s, None)
    }
}

/// [`recognise`] for every file, on two threads; results in file order.
fn recognise_all(
    files: &[PathBuf],
    profile: Option<&Profile>,
) -> Vec<Result<(Sniffed, Mapping), Unreadable>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(path) = files.get(i) else { break };
            done.push((i, recognise(path, profile)));
        }
        done
    };
    let mut all = std::thread::scope(|scope| {
        let helper = scope.spawn(work);
        let mut all = work();
        match helper.join() {
            Ok(theirs) => all.extend(theirs),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        all
    });
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

pub(crate) fn recognise(
    path: &Path,
    profile: Option<&Profile>,
) -> Result<(Sniffed, Mapping), Unreadable> {
    let mut sniffed =
        reader::sniff_file(path).map_err(|e| Unreadable(e.to_string(), position(&e)))?;
    let by_name = contract::entity_from_file_name(path, profile);
    prefer_single_header(path, &mut sniffed, by_name, profile);
    let entity = match by_name.or_else(|| contract::entity_from_header(&sniffed.header, profile)) {
        Some(e) => e,
        None => {
            return Err(Unreadable::from(format!(
                "cannot tell which entity this file holds: its name names none and its header ({}) matches none; rename it (e.g. parts.csv) or add a mapping profile",
                sniffed.header.join(", ")
            )))
        }
    };
    let mapping = contract::map_header(entity, &sniffed.header, profile);
    if !mapping.missing.is_empty() {
        return Err(Unreadable::from(format!(
            "read as {entity}, but the header (line {}) lacks required column(s) {}; header found: {}",
            sniffed.header_lines.first().copied().unwrap_or(1),
            mapping.missing.join(", "),
            sniffed.header.join(", ")
        )));
    }
    Ok((sniffed, mapping))
}

/// The sniffer may take an all-text first data row (`P-1,DC01,lots`) for a
/// second header row. When the first header row alone maps an entity fully
/// and the joined rows do not, the file has one header row: the second is
/// data, and gets validated (and rejected) as such.
fn prefer_single_header(
    path: &Path,
    sniffed: &mut Sniffed,
    by_name: Option<Entity>,
    profile: Option<&Profile>,
) {
    if sniffed.dialect.header_rows < 2 {
        return;
    }
    let Ok(rd) = TableReader::open(path, &sniffed.dialect) else {
        return;
    };
    let Some(first) = rd.header_rows().first().cloned() else {
        return;
    };
    let entity = by_name.or_else(|| contract::entity_from_header(&first, profile));
    let Some(entity) = entity else { return };
    let joined_ok = contract::map_header(entity, &sniffed.header, profile)
        .missing
        .is_empty();
    let first_ok = contract::map_header(entity, &first, profile)
        .missing
        .is_empty();
    if first_ok && !joined_ok && first.len() == sniffed.header.len() {
        sniffed.dialect.header_rows = 1;
        sniffed.header = first;
        sniffed.header_lines.truncate(1);
    }
}

/// The decimal mark a file's numbers default to when no value decides it.
pub(crate) fn fallback_mark(sniffed: &Sniffed) -> DecimalMark {
    if sniffed.dialect.delimiter == b';' {
        DecimalMark::Comma
    } else {
        DecimalMark::Dot
    }
}

pub(crate) fn dialect_dto(s: &Sniffed, styles: Option<&Styles>) -> DialectDto {
    let d = &s.dialect;
    let ser = |v: &dyn erased::Ser| v.name();
    DialectDto {
        encoding: ser(&d.encoding),
        delimiter: match d.delimiter {
            b'\t' => "\\t".to_string(),
            c => (c as char).to_string(),
        },
        quote: (d.quote as char).to_string(),
        escape: d
            .escape
            .map(|c| (c as char).to_string())
            .unwrap_or_else(|| "\"\"".to_string()),
        line_ends: ser(&d.line_ends),
        preamble_lines: d.preamble_lines,
        header_rows: d.header_rows,
        decimal_mark: styles.map(|st| ser(&st.decimal_mark)),
        date_orders: styles
            .map(|st| {
                st.date_orders
                    .iter()
                    .flatten()
                    .map(|o| ser(o))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default(),
    }
}

/// Serde's name of a unit enum value, for the DTOs.
mod erased {
    pub trait Ser {
        fn name(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn name(&self) -> String {
            match serde_json::to_value(self) {
                Ok(serde_json::Value::String(s)) => s,
                Ok(v) => v.to_string(),
                Err(_) => String::new(),
            }
        }
    }
}

enum FileFailure {
    /// The file as a whole is rejected (unreadable, ambiguous dates, no rows),
    /// with the line and byte offset where known.
    Rejected(String, Option<(u64, u64)>),
    /// The working set failed or the user cancelled: the import stops.
    Fatal(ApiError),
    /// Rows of the file were written on a guess of its styles that the rest
    /// of the file disproved (or the file turned out unreadable): the batch
    /// is run again, reading each file's styles first.
    Retry,
}

/// How an attempt at a batch ended, when not with a report.
enum Attempt {
    Failed(ApiError),
    Retry,
}

impl From<ApiError> for Attempt {
    fn from(e: ApiError) -> Self {
        Attempt::Failed(e)
    }
}
impl From<rusqlite::Error> for Attempt {
    fn from(e: rusqlite::Error) -> Self {
        Attempt::Failed(e.into())
    }
}
impl From<bodesk_store::StoreError> for Attempt {
    fn from(e: bodesk_store::StoreError) -> Self {
        Attempt::Failed(e.into())
    }
}

impl From<rusqlite::Error> for FileFailure {
    fn from(e: rusqlite::Error) -> Self {
        FileFailure::Fatal(e.into())
    }
}
impl From<bodesk_store::StoreError> for FileFailure {
    fn from(e: bodesk_store::StoreError) -> Self {
        FileFailure::Fatal(e.into())
    }
}

struct WriteState<'a, 'p> {
    bytes_done: &'a mut u64,
    bytes_total: u64,
    progress: &'a mut (dyn FnMut(&ImportProgress) + 'p),
    cancel: &'a AtomicBool,
}

impl WriteState<'_, '_> {
    fn tick(
        &mut self,
        file: &str,
        phase: &str,
        file_bytes: u64,
        rows: u64,
    ) -> Result<(), FileFailure> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(FileFailure::Fatal(ApiError::new(
                ErrorCode::Cancelled,
                "import cancelled: nothing was written",
            )));
        }
        (self.progress)(&ImportProgress {
            file: file.to_string(),
            phase: phase.to_string(),
            bytes_done: *self.bytes_done + file_bytes,
            bytes_total: self.bytes_total,
            rows,
        });
        Ok(())
    }
}

const TICK_ROWS: u64 = 16_384;

/// The first pass over a file: every value of its number and date columns,
/// for their styles. A file that cannot be read, holds no data rows or has
/// dates no value decides is rejected here, before any of its rows is written.
fn scan_styles(plan: &Planned, cancel: &AtomicBool) -> Result<Styles, FileFailure> {
    let file_err = |e: reader::FileError| FileFailure::Rejected(e.to_string(), position(&e));
    let mut evidence = Evidence::new(&plan.mapping);
    let mut rd = TableReader::open(&plan.path, &plan.sniffed.dialect).map_err(file_err)?;
    let mut rec = Record::default();
    let mut n = 0u64;
    while let Some(kind) = rd.next_row(&mut rec).map_err(file_err)? {
        if kind == RowKind::Data {
            evidence.observe(&rec);
        }
        n += 1;
        if n % TICK_ROWS == 0 && cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
    }
    if n == 0 {
        return Err(header_only(plan));
    }
    evidence
        .finish(&plan.sniffed.header, fallback_mark(&plan.sniffed))
        .map_err(|errs| styles_rejected(&errs))
}

fn cancelled() -> FileFailure {
    FileFailure::Fatal(ApiError::new(
        ErrorCode::Cancelled,
        "import cancelled: nothing was written",
    ))
}

/// Rows validated by the reading thread, on their way to the writer.
#[derive(Default)]
struct Chunk {
    /// The rows' cells, row after row (the stored columns of each).
    rows: Rows,
    /// Line and byte offset of each row.
    at: Vec<(u64, u64)>,
    /// Rejects, each with the number of this chunk's rows read before it.
    rejects: Vec<(usize, RejectDto)>,
    /// Records of the file read so far, and its bytes.
    records: u64,
    bytes: u64,
}

/// Rows per chunk: a multiple of the writer's group.
const CHUNK_ROWS: usize = EntityWriter::GROUP_ROWS * 8;

/// What the reading thread needs to check a row.
struct RowChecks<'a> {
    plan: &'a Planned,
    /// The file's styles when known (two passes); else guessed from its
    /// first rows and checked at its end.
    styles: Option<Styles>,
    refs: &'a References,
    ref_cols: &'a [(usize, Entity)],
    lanes_from: Option<usize>,
}

/// Records read ahead to guess a file's styles from, in one-pass mode.
const GUESS_RECORDS: usize = 1024;

/// On its own thread: reads, validates and checks the references of every
/// row, and sends the rows and rejects in file order. Returns the number of
/// records read and the file's styles.
///
/// Without known styles, the styles are guessed from the first
/// [`GUESS_RECORDS`] records while evidence is gathered over the whole file;
/// if the evidence then reads any value differently from the guess (or the
/// file turns out unreadable) after rows were sent, the answer is
/// [`FileFailure::Retry`]. Before anything is sent, a file-level failure is
/// the same rejection the style pass would give.
fn read_rows(
    c: RowChecks<'_>,
    out: &std::sync::mpsc::SyncSender<Chunk>,
    cancel: &AtomicBool,
) -> Result<(u64, Styles), FileFailure> {
    let plan = c.plan;
    let header = &plan.sniffed.header;
    let guessing = c.styles.is_none();
    // Rows of the file written on a guess: a failure needs a second attempt.
    let mut sent = false;
    let file_err = |sent: bool| {
        move |e: reader::FileError| {
            if sent && guessing {
                FileFailure::Retry
            } else {
                FileFailure::Rejected(e.to_string(), position(&e))
            }
        }
    };
    let width = plan.sniffed.dialect.width;
    let mut rd = TableReader::open(&plan.path, &plan.sniffed.dialect).map_err(file_err(false))?;
    let mut evidence = Evidence::new(&plan.mapping);
    let mut ahead = std::collections::VecDeque::new();
    let styles = match c.styles {
        Some(s) => s,
        None => {
            while ahead.len() < GUESS_RECORDS {
                let mut rec = Record::default();
                let Some(kind) = rd.next_row(&mut rec).map_err(file_err(false))? else {
                    break;
                };
                if kind == RowKind::Data {
                    evidence.observe(&rec);
                }
                ahead.push_back((rec, kind));
            }
            evidence.provisional(fallback_mark(&plan.sniffed))
        }
    };
    let validator = Validator::new(&plan.mapping, styles, header);
    let mut rec = Record::default();
    let mut row_rejects = Vec::new();
    let mut chunk = Chunk::default();
    let mut rows = 0u64;
    let send = |chunk: &mut Chunk, rows: u64, bytes: u64| -> Result<(), FileFailure> {
        chunk.records = rows;
        chunk.bytes = bytes;
        // A closed channel: the writer stopped (error or cancel) and says why.
        out.send(std::mem::take(chunk)).map_err(|_| cancelled())
    };
    loop {
        let kind = match ahead.pop_front() {
            Some((r, kind)) => {
                rec = r;
                kind
            }
            None => match rd.next_row(&mut rec).map_err(file_err(sent))? {
                Some(kind) => {
                    if guessing && kind == RowKind::Data {
                        evidence.observe(&rec);
                    }
                    kind
                }
                None => break,
            },
        };
        rows += 1;
        if rows % TICK_ROWS == 0 && cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        let pos = chunk.at.len();
        let mut reject = |column: Option<String>, value: Option<String>, reason: String| {
            chunk.rejects.push((
                pos,
                RejectDto {
                    file: plan.name.clone(),
                    line: Some(rec.line),
                    byte_offset: Some(rec.byte_offset),
                    column,
                    value,
                    reason,
                },
            ));
        };
        if kind == RowKind::Ragged {
            let text = rec
                .iter()
                .collect::<Vec<_>>()
                .join(&(plan.sniffed.dialect.delimiter as char).to_string());
            reject(
                None,
                Some(text),
                format!("the row has {} field(s), the header has {width}", rec.len()),
            );
        } else {
            row_rejects.clear();
            let mark = chunk.rows.mark();
            if !validator.row_into(&rec, &mut chunk.rows, &mut row_rejects) {
                for r in row_rejects.drain(..) {
                    reject(Some(r.column), Some(r.value), r.reason);
                }
            } else {
                let rows = &chunk.rows;
                let cell = |i: usize| rows.str(rows.cells[mark.1 + i]);
                let mut bad: Vec<(usize, String, String)> = Vec::new();
                for (i, e) in c.ref_cols {
                    if let Some(id) = cell(*i) {
                        if !c.refs.contains(*e, id) {
                            bad.push((
                                *i,
                                id.to_string(),
                                format!(
                                    "unknown {}: not in {e} (import {e} first or in the same folder)",
                                    singular(*e)
                                ),
                            ));
                        }
                    }
                }
                if let Some(i) = c.lanes_from {
                    if let Some(id) = cell(i) {
                        if !c.refs.contains(Entity::Locations, id)
                            && !c.refs.contains(Entity::Suppliers, id)
                        {
                            bad.push((
                                i,
                                id.to_string(),
                                "unknown origin: neither a location nor a supplier".into(),
                            ));
                        }
                    }
                }
                if bad.is_empty() {
                    chunk.at.push((rec.line, rec.byte_offset));
                } else {
                    chunk.rows.truncate(mark);
                    for (i, id, reason) in bad {
                        reject(Some(validator.label(i).to_string()), Some(id), reason);
                    }
                }
            }
        }
        if chunk.at.len() >= CHUNK_ROWS || chunk.rejects.len() >= CHUNK_ROWS {
            send(&mut chunk, rows, rd.bytes_read())?;
            sent = true;
        }
    }
    let mut styles = validator.into_styles();
    if guessing {
        if rows == 0 {
            return Err(header_only(plan));
        }
        let settled = evidence
            .finish(header, fallback_mark(&plan.sniffed))
            .map_err(|errs| {
                if sent {
                    FileFailure::Retry
                } else {
                    styles_rejected(&errs)
                }
            })?;
        if !evidence.same_reading(&styles, &settled) {
            return Err(FileFailure::Retry);
        }
        styles = settled;
    }
    send(&mut chunk, rows, rd.bytes_read())?;
    Ok((rows, styles))
}

fn header_only(plan: &Planned) -> FileFailure {
    FileFailure::Rejected(
        format!(
            "header only, no data rows (header on line {})",
            plan.sniffed.header_lines.first().copied().unwrap_or(1)
        ),
        None,
    )
}

fn styles_rejected(errs: &[bodesk_ingest::validate::ColumnError]) -> FileFailure {
    FileFailure::Rejected(
        errs.iter()
            .map(|e| format!("column {}: {}", e.column, e.reason))
            .collect::<Vec<_>>()
            .join("; "),
        None,
    )
}

#[allow(clippy::too_many_arguments)]
fn write_file(
    tx: &Transaction<'_>,
    batch_id: i64,
    plan: &Planned,
    styles: Option<Styles>,
    refs: &mut References,
    state: &mut WriteState<'_, '_>,
    report: &mut FileReport,
    rejects: &mut Vec<RejectDto>,
    rejects_total: &mut u64,
    mut network: Option<&mut crate::kpi::NetworkLoader>,
) -> Result<(), FileFailure> {
    let header = &plan.sniffed.header;
    if let Some(styles) = &styles {
        report.dialect = dialect_dto(&plan.sniffed, Some(styles));
    }
    // The stored columns depend on the entity only, not on the styles.
    let columns = Validator::new(
        &plan.mapping,
        Evidence::new(&plan.mapping).provisional(fallback_mark(&plan.sniffed)),
        header,
    )
    .stored_columns();
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    let keys: Vec<&str> = columns.iter().filter(|c| c.key).map(|c| c.name).collect();
    let ref_cols: Vec<(usize, Entity)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.references.map(|e| (i, e)))
        .collect();
    for (_, e) in &ref_cols {
        refs.load(tx, *e)?;
    }
    let lanes_from = (plan.mapping.entity == Entity::Lanes)
        .then(|| names.iter().position(|c| *c == "from_id"))
        .flatten();
    if lanes_from.is_some() {
        refs.load(tx, Entity::Locations)?;
        refs.load(tx, Entity::Suppliers)?;
    }
    let mut sink = RowSink {
        writer: EntityWriter::new(tx, plan.mapping.entity.table(), &names, &keys, batch_id)?,
        rejects,
        rejects_total,
        written: 0,
        file_rejects: 0,
        own_ids: refs.own(plan.mapping.entity).map(|_| Vec::new()),
        width: names.len(),
        key_idx: keys
            .iter()
            .filter_map(|k| names.iter().position(|n| n == k))
            .collect(),
        keys: &keys,
        file: &plan.name,
    };

    // Reading and validating on one thread, SQLite on this one: a bounded
    // channel of row chunks between them keeps memory flat.
    let checks = RowChecks {
        plan,
        styles,
        refs,
        ref_cols: &ref_cols,
        lanes_from,
    };
    let cancel = state.cancel;
    let read = std::thread::scope(|scope| -> Result<(u64, Styles), FileFailure> {
        let (chunk_tx, chunk_rx) = std::sync::mpsc::sync_channel::<Chunk>(4);
        let reader = scope.spawn(move || read_rows(checks, &chunk_tx, cancel));
        let wrote = (|| -> Result<(), FileFailure> {
            let mut ticks = 0u64;
            loop {
                use std::sync::mpsc::TryRecvError;
                let chunk = match chunk_rx.try_recv() {
                    Ok(chunk) => chunk,
                    Err(TryRecvError::Disconnected) => break,
                    Err(TryRecvError::Empty) => {
                        // Nothing to write yet: load a slice of the KPI
                        // snapshot's rows meanwhile, if there is any left.
                        if let Some(loader) = network.as_deref_mut() {
                            if loader.step(tx).map_err(FileFailure::Fatal)? {
                                continue;
                            }
                            network = None;
                        }
                        match chunk_rx.recv() {
                            Ok(chunk) => chunk,
                            Err(_) => break,
                        }
                    }
                };
                sink.write_chunk(&chunk)?;
                if chunk.records / TICK_ROWS > ticks {
                    ticks = chunk.records / TICK_ROWS;
                    state.tick(&plan.name, "write", chunk.bytes, chunk.records)?;
                }
            }
            Ok(())
        })();
        // The channel is closed now (the receiver went with the closure), so
        // the reading thread ends even when the writer stopped early.
        let read = match reader.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        wrote?;
        read
    });
    let (written, file_rejects, own_ids) = (sink.written, sink.file_rejects, sink.own_ids);
    let (rows, styles) = read?;
    report.dialect = dialect_dto(&plan.sniffed, Some(&styles));
    for id in own_ids.iter().flatten() {
        refs.add(plan.mapping.entity, id);
    }
    *state.bytes_done += plan.sniffed.size_bytes;
    report.rows = rows;
    report.written = written;
    report.rejects = file_rejects;
    Ok(())
}

/// The writer's side of a file: rows into SQLite, rejects into the batch's
/// list, in file order.
struct RowSink<'a, 't> {
    writer: EntityWriter<'t>,
    rejects: &'a mut Vec<RejectDto>,
    rejects_total: &'a mut u64,
    written: u64,
    file_rejects: u64,
    /// Ids written, when later files check references to this entity.
    own_ids: Option<Vec<String>>,
    width: usize,
    key_idx: Vec<usize>,
    keys: &'a [&'a str],
    file: &'a str,
}

impl RowSink<'_, '_> {
    fn reject(&mut self, r: RejectDto) {
        self.file_rejects += 1;
        push_reject(self.rejects, self.rejects_total, r);
    }

    fn wrote(&mut self, rows: &Rows, cells: &[Cell]) {
        self.written += 1;
        if let (Some(ids), Some(id)) = (&mut self.own_ids, rows.str(cells[0])) {
            ids.push(id.to_string());
        }
    }

    fn write_one(
        &mut self,
        rows: &Rows,
        cells: &[Cell],
        at: (u64, u64),
    ) -> Result<(), FileFailure> {
        if self.writer.write(cells.iter().map(|&c| SqlCell(rows, c)))? {
            self.wrote(rows, cells);
        } else {
            let key: Vec<String> = self
                .key_idx
                .iter()
                .map(|&k| cell_text(rows, cells[k]))
                .collect();
            let reason = format!(
                "duplicate key ({}): an earlier row of this import has it",
                self.keys.join(", ")
            );
            self.reject(RejectDto {
                file: self.file.to_string(),
                line: Some(at.0),
                byte_offset: Some(at.1),
                column: None,
                value: Some(key.join(" / ")),
                reason,
            });
        }
        Ok(())
    }

    /// Writes a chunk's rows, whole groups in one statement each, and files
    /// its rejects in order with the duplicate-key rejects found on the way.
    fn write_chunk(&mut self, chunk: &Chunk) -> Result<(), FileFailure> {
        let (n, width, group) = (chunk.at.len(), self.width, EntityWriter::GROUP_ROWS);
        let rows = &chunk.rows;
        let row = |i: usize| &rows.cells[i * width..(i + 1) * width];
        let mut next_reject = 0;
        // Rejects read before row `pos`.
        let emit_until = |sink: &mut Self, next: &mut usize, pos: usize| {
            while let Some((p, r)) = chunk.rejects.get(*next) {
                if *p > pos {
                    break;
                }
                sink.reject(r.clone());
                *next += 1;
            }
        };
        let mut i = 0;
        while i < n {
            if n - i >= group {
                let cells = &rows.cells[i * width..(i + group) * width];
                if self
                    .writer
                    .write_group(cells.iter().map(|&c| SqlCell(rows, c)))?
                {
                    for j in i..i + group {
                        self.wrote(rows, row(j));
                    }
                } else {
                    // A key this batch wrote before: row by row, to find it.
                    for j in i..i + group {
                        emit_until(self, &mut next_reject, j);
                        self.write_one(rows, row(j), chunk.at[j])?;
                    }
                }
                i += group;
            } else {
                emit_until(self, &mut next_reject, i);
                self.write_one(rows, row(i), chunk.at[i])?;
                i += 1;
            }
            emit_until(self, &mut next_reject, i);
        }
        emit_until(self, &mut next_reject, usize::MAX);
        Ok(())
    }
}

fn cell_text(rows: &Rows, c: Cell) -> String {
    match c {
        Cell::Null => String::new(),
        Cell::Text(..) => rows.str(c).unwrap_or_default().to_string(),
        Cell::Real(f) => f.to_string(),
    }
}

fn singular(e: Entity) -> &'static str {
    match e {
        Entity::Parts => "part",
        Entity::Locations => "location",
        Entity::Suppliers => "supplier",
        Entity::Customers => "customer",
        _ => "key",
    }
}

/// A cell bound as an SQLite value without copying.
struct SqlCell<'a>(&'a Rows, Cell);

impl ToSql for SqlCell<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.1 {
            Cell::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Cell::Text(a, b) => {
                ToSqlOutput::Borrowed(ValueRef::Text(&self.0.text.as_bytes()[a..b]))
            }
            Cell::Real(f) => ToSqlOutput::Borrowed(ValueRef::Real(f)),
        })
    }
}

/// Known ids of the referenced entities, as the transaction sees them.
#[derive(Default)]
struct References {
    known: HashMap<Entity, IdSet>,
}

impl References {
    fn load(&mut self, tx: &Transaction<'_>, e: Entity) -> Result<(), FileFailure> {
        if self.known.contains_key(&e) {
            return Ok(());
        }
        let key = e.def().columns[0].name;
        let mut stmt = tx.prepare(&format!("SELECT \"{key}\" FROM \"{}\"", e.table()))?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<IdSet, _>>()?;
        self.known.insert(e, ids);
        Ok(())
    }
    fn contains(&self, e: Entity, id: &str) -> bool {
        self.known.get(&e).is_some_and(|s| s.contains(id))
    }
    /// The entity itself, when others may reference it and its ids are cached.
    fn own(&self, e: Entity) -> Option<Entity> {
        self.known.contains_key(&e).then_some(e)
    }
    fn add(&mut self, e: Entity, id: &str) {
        if let Some(s) = self.known.get_mut(&e) {
            s.insert(id.to_string());
        }
    }
}

fn write_batch_details(
    tx: &Transaction<'_>,
    batch_id: i64,
    outcomes: &[Outcome],
    rejects: &[RejectDto],
) -> Result<(), ApiError> {
    let mut f = tx.prepare(
        "INSERT INTO import_file (batch_id, file_no, file_name, path, sha256, size_bytes, entity, dialect, rows_read, rows_written, rejects, status, error)
         VALUES (?1, ?2, ?3, ?12, ?4, ?13, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for o in outcomes {
        let r = &o.report;
        f.execute(params![
            batch_id,
            o.file_no as i64,
            r.file,
            r.sha256,
            r.entity,
            serde_json::to_string(&r.dialect).unwrap_or_default(),
            r.rows as i64,
            r.written as i64,
            r.rejects as i64,
            r.status,
            r.error,
            o.path.display().to_string(),
            o.size_bytes as i64
        ])?;
    }
    let mut s = tx.prepare(
        "INSERT INTO import_reject (batch_id, reject_no, file_name, line, byte_offset, column_name, value, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (i, r) in rejects.iter().enumerate() {
        s.execute(params![
            batch_id,
            i as i64,
            r.file,
            r.line.map(|v| v as i64),
            r.byte_offset.map(|v| v as i64),
            r.column,
            r.value,
            r.reason
        ])?;
    }
    Ok(())
}

/// Records a rolled-back import: the batch, its files and rejects, and an
/// audit record; no entity row is touched.
#[allow(clippy::too_many_arguments)]
fn record_rejected(
    store: &mut Store,
    started_at: &str,
    user: &str,
    as_of: &str,
    options: &ImportOptions,
    outcomes: &[Outcome],
    rejects: &[RejectDto],
    rejects_total: u64,
) -> Result<i64, ApiError> {
    let tx = store.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO import_batch (started_at, finished_at, user_name, as_of, status, keep_valid, rejects) VALUES (?1, ?2, ?3, ?4, 'rejected', ?5, ?6)",
        params![started_at, now_utc(), user, as_of, options.keep_valid, rejects_total as i64],
    )?;
    let batch_id = tx.last_insert_rowid();
    write_batch_details(&tx, batch_id, outcomes, rejects)?;
    Store::audit(
        &tx,
        &now_utc(),
        user,
        "import_rejected",
        Some("import_batch"),
        Some(&batch_id.to_string()),
        &serde_json::json!({"rejects": rejects_total}),
    )?;
    tx.commit()?;
    Ok(batch_id)
}

/// Ids are short strings looked up once or twice per row: FNV-1a hashes
/// them several times faster than the default SipHash (no untrusted
/// collision attacks to fear in a planner's own export).
type IdSet = HashSet<String, std::hash::BuildHasherDefault<Fnv>>;

#[derive(Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    //! The paths of the one-pass import that small files never take: styles
    //! guessed wrong from a file's first rows, a file found unreadable after
    //! rows of it were written, and duplicates inside a group of rows.

    use super::*;

    fn import(dir: &Path, keep_valid: bool) -> (Workspace, ImportReport) {
        let mut ws = Workspace::open(&dir.join("ws.sqlite")).unwrap();
        let report = ws
            .import(
                &[dir.join("export")],
                &ImportOptions {
                    as_of: Some("2026-11-20".into()),
                    keep_valid,
                    profile_toml: None,
                },
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .unwrap();
        (ws, report)
    }

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::create_dir_all(dir.join("export")).unwrap();
        std::fs::write(dir.join("export").join(name), text).unwrap();
    }

    fn cost(ws: &Workspace, part: &str) -> f64 {
        ws.store()
            .conn()
            .query_row(
                "SELECT unit_cost FROM parts WHERE part_id = ?1",
                [part],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// `1.500` reads under both marks; the file's `;` suggests a decimal
    /// comma, which the first rows do not contradict, but the rows after
    /// them (`2.5`) are dot-only: every `1.500` is 1.5.
    #[test]
    fn a_style_decided_late_in_the_file_is_applied_to_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("part_id;unit_cost;criticality;lead_time_days\n");
        for i in 0..6000 {
            let cost = if i < 5000 { "1.500" } else { "2.5" };
            text.push_str(&format!("P{i};{cost};A;5\n"));
        }
        write(dir.path(), "parts.csv", &text);
        let (ws, report) = import(dir.path(), false);
        assert!(report.committed, "{:?}", report.rejects);
        assert_eq!(report.files[0].written, 6000);
        assert_eq!(report.files[0].dialect.decimal_mark.as_deref(), Some("dot"));
        assert_eq!(cost(&ws, "P0"), 1.5);
        assert_eq!(cost(&ws, "P4999"), 1.5);
        assert_eq!(cost(&ws, "P5999"), 2.5);
    }

    /// An unterminated quote far down a file, found after rows of it were
    /// written: the file is rejected as a whole, at the quote, and none of
    /// its rows is written, even with `keep_valid`.
    #[test]
    fn a_file_unreadable_after_many_rows_is_rejected_whole() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("part_id,unit_cost,criticality,lead_time_days\n");
        // Past the sniffer's sample (2 MiB), so only the reader finds it.
        for i in 0..200_000 {
            text.push_str(&format!("P{i},{},A,5\n", i % 7));
        }
        let at = text.len() as u64;
        text.push_str("P-last,\"1,A,5\nP-next,1,A,5\n");
        write(dir.path(), "parts.csv", &text);
        let (ws, report) = import(dir.path(), true);
        let first: Vec<_> = report.rejects.iter().take(3).collect();
        assert_eq!(report.rejects_total, 1, "{first:?}");
        let r = &report.rejects[0];
        assert_eq!(r.line, Some(200_002), "{r:?}");
        assert!(r.byte_offset.is_some_and(|o| o >= at), "{r:?}");
        assert!(r.reason.contains("never closed"), "{r:?}");
        assert_eq!(report.files[0].status, "rejected");
        assert_eq!(ws.store().row_count("parts").unwrap(), 0);
    }

    /// A key twice among hundreds of rows (written in groups): one
    /// duplicate-key reject, in file order among the other rejects, and the
    /// first row's values kept.
    #[test]
    fn a_duplicate_inside_a_group_is_found_and_reported_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("part_id,unit_cost,criticality,lead_time_days\n");
        for i in 0..500 {
            match i {
                100 => text.push_str("P7,99,A,5\n"),
                101 => text.push_str("P-bad,-1,A,5\n"),
                _ => text.push_str(&format!("P{i},{i},A,5\n")),
            }
        }
        write(dir.path(), "parts.csv", &text);
        let (ws, report) = import(dir.path(), true);
        assert!(report.committed);
        let lines: Vec<(Option<u64>, &str)> = report
            .rejects
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].0, Some(102));
        assert!(
            lines[0].1.starts_with("duplicate key (part_id)"),
            "{lines:?}"
        );
        assert_eq!(report.rejects[0].value.as_deref(), Some("P7"));
        assert_eq!(lines[1], (Some(103), "negative quantity"));
        assert_eq!(report.files[0].written, 498);
        assert_eq!(cost(&ws, "P7"), 7.0);
        assert_eq!(ws.store().row_count("parts").unwrap(), 498);
    }
}
