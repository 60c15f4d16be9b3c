//! Long operations (an import, loading the demo) run on their own thread with
//! their own connection to the working set, so no screen waits on them: the
//! caller gets a [`JobDto`] at once and polls `job_status` for progress
//! (rows, rate, ETA), then the result. One write runs at a time; `cancel_job`
//! stops it and nothing is written (the import is one transaction).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rusqlite::Connection;

use crate::dto::{DemoReport, ImportOptions, ImportProgress, ImportReport, JobDto, LineChanges};
use crate::notice::{ImportListener, ImportNotice, Listeners};
use crate::{ApiError, ErrorCode, Workspace};

/// What a job does.
#[derive(Debug, Clone)]
pub enum JobKind {
    /// Import these files and folders as one batch; `cleanup` is a staging
    /// folder (uploaded files) to remove afterwards.
    Import {
        paths: Vec<PathBuf>,
        options: ImportOptions,
        cleanup: Option<PathBuf>,
    },
    Demo(crate::demo::DemoConfig),
}

impl JobKind {
    fn name(&self) -> &'static str {
        match self {
            JobKind::Import { .. } => "import",
            JobKind::Demo(_) => "demo",
        }
    }
}

#[derive(Debug, Default)]
struct Outcome {
    state: &'static str,
    progress: Option<ImportProgress>,
    /// Bytes and rows of the files already finished (progress is per file).
    done_bytes: u64,
    done_rows: u64,
    total_bytes: u64,
    import: Option<ImportReport>,
    demo: Option<DemoReport>,
    changes: Option<LineChanges>,
    error: Option<ApiError>,
    elapsed: Option<f64>,
}

#[derive(Debug)]
struct Job {
    id: u64,
    kind: &'static str,
    started: Instant,
    cancel: AtomicBool,
    outcome: Mutex<Outcome>,
}

impl Job {
    fn dto(&self) -> JobDto {
        let o = self.outcome.lock().unwrap_or_else(|e| e.into_inner());
        let elapsed = o
            .elapsed
            .unwrap_or_else(|| self.started.elapsed().as_secs_f64());
        let (rows, bytes) = match &o.progress {
            Some(p) => (o.done_rows + p.rows, o.done_bytes + p.bytes_done),
            None => (o.done_rows, o.done_bytes),
        };
        let rate = (elapsed > 0.0 && rows > 0).then(|| rows as f64 / elapsed);
        let eta_seconds = (o.state == "running" && bytes > 0 && o.total_bytes >= bytes)
            .then(|| elapsed * (o.total_bytes - bytes) as f64 / bytes as f64);
        JobDto {
            job_id: self.id,
            kind: self.kind.to_string(),
            state: o.state.to_string(),
            progress: o.progress.clone().map(|mut p| {
                p.rows = rows;
                p.bytes_done = bytes;
                p.bytes_total = o.total_bytes.max(bytes);
                p
            }),
            rate,
            eta_seconds,
            elapsed_seconds: elapsed,
            import: o.import.clone(),
            demo: o.demo.clone(),
            changes: o.changes.clone(),
            error: o.error.clone(),
        }
    }
}

/// The jobs of one app: running and finished (kept for their results).
#[derive(Debug, Default)]
pub struct Jobs {
    next_id: AtomicU64,
    jobs: Mutex<HashMap<u64, Arc<Job>>>,
    /// The running write job, if any (cleared by the job's thread).
    writer: Arc<Mutex<Option<u64>>>,
    /// Called after a job that committed an import has ended.
    listeners: Listeners,
}

impl Jobs {
    /// Registers `listener` for every job that commits an import from now on.
    pub fn on_import_committed(&self, listener: ImportListener) {
        self.listeners.add(listener);
    }

    /// Starts `kind` on its own thread against the working set at `db`.
    pub fn start(&self, db: PathBuf, kind: JobKind) -> Result<JobDto, ApiError> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(running) = *writer {
            return Err(ApiError::new(
                ErrorCode::Busy,
                format!(
                    "job {running} is still writing to the working set: wait for it or cancel it"
                ),
            ));
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let total_bytes = match &kind {
            JobKind::Import { paths, .. } => crate::import::expand_paths(paths)?
                .iter()
                .filter_map(|p| std::fs::metadata(p).ok())
                .map(|m| m.len())
                .sum(),
            JobKind::Demo(_) => 0,
        };
        let job = Arc::new(Job {
            id,
            kind: kind.name(),
            started: Instant::now(),
            cancel: AtomicBool::new(false),
            outcome: Mutex::new(Outcome {
                state: "running",
                total_bytes,
                ..Outcome::default()
            }),
        });
        self.jobs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id, job.clone());
        *writer = Some(id);
        drop(writer);
        let slot = self.writer.clone();
        let listeners = self.listeners.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("bodesk-job-{id}"))
            .spawn(move || {
                let ran =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&job, &db, kind)));
                let notice = ran.as_ref().ok().cloned().flatten();
                if ran.is_err() {
                    let mut o = job.outcome.lock().unwrap_or_else(|e| e.into_inner());
                    o.state = "failed";
                    o.error = Some(ApiError::new(
                        ErrorCode::Internal,
                        "the job stopped on a defect; nothing was written (please report it)",
                    ));
                }
                *slot.lock().unwrap_or_else(|e| e.into_inner()) = None;
                if let Some(notice) = notice {
                    listeners.notify(&notice);
                }
            });
        if let Err(e) = spawned {
            *self.writer.lock().unwrap_or_else(|e| e.into_inner()) = None;
            return Err(ApiError::new(
                ErrorCode::Internal,
                format!("cannot start a job: {e}"),
            ));
        }
        self.status(id)
    }

    pub fn status(&self, id: u64) -> Result<JobDto, ApiError> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        jobs.get(&id)
            .map(|j| j.dto())
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no job {id}")))
    }

    /// Asks a running job to stop; it ends as `cancelled` with nothing written.
    pub fn cancel(&self, id: u64) -> Result<JobDto, ApiError> {
        {
            let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
            let job = jobs
                .get(&id)
                .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no job {id}")))?;
            job.cancel.store(true, Ordering::Relaxed);
        }
        self.status(id)
    }

    /// Every job, newest first.
    pub fn list(&self) -> Vec<JobDto> {
        let jobs = self.jobs.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<JobDto> = jobs.values().map(|j| j.dto()).collect();
        out.sort_by(|a, b| b.job_id.cmp(&a.job_id));
        out
    }
}

/// Runs the job and records its outcome; the notice of the import it
/// committed, if any.
fn run(job: &Job, db: &std::path::Path, kind: JobKind) -> Option<ImportNotice> {
    let mut notice = None;
    let result = (|| -> Result<(), ApiError> {
        let mut ws = Workspace::open(db)?;
        let mut progress = |p: &ImportProgress| {
            let mut o = job.outcome.lock().unwrap_or_else(|e| e.into_inner());
            let finished = o
                .progress
                .as_ref()
                .filter(|prev| prev.file != p.file)
                .map(|prev| (prev.bytes_total, prev.rows));
            if let Some((bytes, rows)) = finished {
                // A new file: the previous one is done.
                o.done_bytes += bytes;
                o.done_rows += rows;
            }
            o.progress = Some(p.clone());
        };
        match kind {
            JobKind::Import {
                paths,
                options,
                cleanup,
            } => {
                remember_lines(ws.store().conn())?;
                let result = ws.import(&paths, &options, &mut progress, &job.cancel);
                if let Some(dir) = cleanup {
                    let _ = std::fs::remove_dir_all(dir);
                }
                let report = result?;
                let changes = if report.committed && !report.unchanged {
                    notice = committed_notice(&ws, &[report.batch_id.unwrap_or_default()]);
                    Some(line_changes(ws.store().conn())?)
                } else {
                    None
                };
                let mut o = job.outcome.lock().unwrap_or_else(|e| e.into_inner());
                o.import = Some(report);
                o.changes = changes;
            }
            JobKind::Demo(cfg) => {
                let report = ws.load_demo(&cfg, &mut progress, &job.cancel)?;
                notice = committed_notice(&ws, &report.batches);
                job.outcome.lock().unwrap_or_else(|e| e.into_inner()).demo = Some(report);
            }
        }
        Ok(())
    })();
    let mut o = job.outcome.lock().unwrap_or_else(|e| e.into_inner());
    o.elapsed = Some(job.started.elapsed().as_secs_f64());
    o.state = match result {
        Ok(()) => "done",
        Err(e) if e.code == ErrorCode::Cancelled => {
            o.error = Some(e);
            "cancelled"
        }
        Err(e) => {
            o.error = Some(e);
            "failed"
        }
    };
    notice.filter(|_| o.state == "done")
}

/// What the newest committed import raised, when it is one of `batches`
/// (the job's own). The batch is committed already: a failure to read the
/// counts loses the notice, not the import.
fn committed_notice(ws: &Workspace, batches: &[i64]) -> Option<ImportNotice> {
    let summary = ws.alert_summary().ok()?;
    ImportNotice::from_summary(&summary).filter(|n| batches.contains(&n.batch_id))
}

/// The backorder lines before an import, in a temporary table of the job's
/// connection, to tell what the import changed.
fn remember_lines(conn: &Connection) -> Result<(), ApiError> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.lines_before;
         CREATE TEMP TABLE lines_before AS
           SELECT order_id, order_line, status, qty_open, promised_date FROM backorders;
         CREATE INDEX temp.lines_before_key ON lines_before (order_id, order_line);",
    )?;
    Ok(())
}

/// New lines, lines closed, and open lines whose quantity, status or promised
/// date changed, against [`remember_lines`].
fn line_changes(conn: &Connection) -> Result<LineChanges, ApiError> {
    let mut c = LineChanges::default();
    let mut examples = Vec::new();
    let mut run = |sql: &str, what: &str| -> Result<u64, ApiError> {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            if n < 50 {
                let (o, l, d): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                examples.push(format!("{o}/{l}: {what}{d}"));
            }
            n += 1;
        }
        Ok(n)
    };
    c.new_lines = run(
        "SELECT b.order_id, b.order_line, 'part ' || b.part_id || ', qty ' || b.qty_open
         FROM backorders b LEFT JOIN temp.lines_before p
           ON p.order_id = b.order_id AND p.order_line = b.order_line
         WHERE p.order_id IS NULL ORDER BY b.order_id, b.order_line",
        "new, ",
    )?;
    c.closed_lines = run(
        "SELECT b.order_id, b.order_line, b.status || coalesce(' ' || b.closed_date, '')
         FROM backorders b JOIN temp.lines_before p
           ON p.order_id = b.order_id AND p.order_line = b.order_line
         WHERE p.status = 'open' AND b.status <> 'open' ORDER BY b.order_id, b.order_line",
        "closed, ",
    )?;
    c.changed_lines = run(
        "SELECT b.order_id, b.order_line,
                'qty ' || p.qty_open || ' → ' || b.qty_open
                || ', promised ' || coalesce(p.promised_date, '—') || ' → ' || coalesce(b.promised_date, '—')
         FROM backorders b JOIN temp.lines_before p
           ON p.order_id = b.order_id AND p.order_line = b.order_line
         WHERE p.status = 'open' AND b.status = 'open'
           AND (p.qty_open <> b.qty_open OR p.promised_date IS NOT b.promised_date)
         ORDER BY b.order_id, b.order_line",
        "changed, ",
    )?;
    c.examples = examples;
    conn.execute_batch("DROP TABLE IF EXISTS temp.lines_before")?;
    Ok(c)
}
