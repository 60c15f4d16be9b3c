//! [`App`]: the working set as the desktop window and `bodesk serve` use it.
//! Every screen's request is a named command with JSON arguments and a JSON
//! answer; [`COMMANDS`] is the one table of them. The desktop shell's IPC and
//! the HTTP server both hand a command to [`App::call`], so the two
//! transports mirror each other one to one by construction, and the CLI's
//! figures come from the same `Workspace` methods.
//!
//! Long writes (imports, the demo) run as background jobs ([`crate::jobs`]);
//! reads share one connection (SQLite WAL lets them run while a job writes).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use base64::Engine as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::dto::{AppInfo, ExportFile, FilterDto, ImportOptions, LineQuery, UploadFile};
use crate::jobs::{JobKind, Jobs};
use crate::{ApiError, ErrorCode, Workspace};

/// Whether a command only reads or may change the working set. Serve mode
/// gives LAN clients the `Read` commands only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Read,
    Write,
}

/// One command of the app.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    pub name: &'static str,
    pub access: Access,
    pub doc: &'static str,
}

const fn read(name: &'static str, doc: &'static str) -> Command {
    Command {
        name,
        access: Access::Read,
        doc,
    }
}

const fn write(name: &'static str, doc: &'static str) -> Command {
    Command {
        name,
        access: Access::Write,
        doc,
    }
}

/// Every command, with its access. Arguments and answers are the DTOs named.
pub const COMMANDS: &[Command] = &[
    read("app_info", "{} → AppInfo"),
    read("kpis", "{as_of?, by?} → KpiReport (as `bodesk kpi --json`)"),
    read("kpi_history", "{} → KpiSnapshot[] (oldest first)"),
    read("drill", "{filters: FilterDto[], by?} → DrillReport"),
    read("drill_csv", "{filters: FilterDto[], by} → ExportFile (CSV)"),
    read(
        "chart",
        "ChartArgs {kind: 'breakdown'|'trend'|'pareto', format: 'svg'|'png', filters, by?, metric?, width?, height?} → ExportFile (SVG text or PNG base64)",
    ),
    read("lines", "LineQuery → LinePage"),
    read("line_detail", "{order_id, order_line} → LineDetail"),
    read("part_view", "{part_id} → PartView"),
    read("batches", "{} → BatchDto[] (newest first)"),
    read("batch_rejects", "{batch_id, offset?, limit?} → RejectPage"),
    read("rejects_csv", "{batch_id} → ExportFile (CSV, formula-safe)"),
    read("job_status", "{job_id} → JobDto"),
    read("jobs", "{} → JobDto[] (newest first)"),
    write(
        "import_paths",
        "{paths: string[], options: ImportOptions} → JobDto",
    ),
    write(
        "import_upload",
        "{files: UploadFile[], options: ImportOptions} → JobDto",
    ),
    write("load_demo", "{size?: 'small'|'large'} → JobDto"),
    write("cancel_job", "{job_id} → JobDto"),
    read(
        "expedite",
        "ExpediteArgs {limit?, filters?} → ExpediteReport (open lines, cheapest worthwhile action, ranked by saving)",
    ),
    read("expedite_csv", "ExpediteArgs {filters?} → ExportFile (CSV, the whole list)"),
    read(
        "attribution",
        "AttributionArgs {by?: 'part'|'supplier', limit?} → AttributionReport (backorder days: supplier late vs demand above plan)",
    ),
    read(
        "eol_report",
        "EolArgs {horizon_months?} → EolReport (end-of-life parts: rate, successor, last-time buy)",
    ),
    read(
        "causes",
        "CausesArgs {root_cause?, rule?, part_id?, location_id?, overridden?, limit?} → CausesReport",
    ),
    read("cause_rules", "{} → CauseRulesDto (TOML in force, parsed rules, built-in TOML)"),
    read(
        "cause_rules_preview",
        "{toml} → RetagReport (what the rules would retag; `error` with line/column when invalid)",
    ),
    write(
        "cause_rules_apply",
        "{toml} → RetagReport (stores the rules, retags the open lines; audited)",
    ),
    write(
        "override_cause",
        "{order_id, order_line, root_cause, reason} → LineCause (audited)",
    ),
    write("clear_override", "{order_id, order_line, reason} → LineCause (audited)"),
    read("field_report", "{months?, min_events?} → FieldReport"),
    // Follow-up (`crate::followup`): SLA alerts, reviews, countermeasures.
    read("alerts", "AlertsArgs {state?, level?} → AlertList (default: unresolved)"),
    read("alert_summary", "{} → AlertSummary (badge, what the newest import raised)"),
    read("alerts_csv", "AlertsArgs → ExportFile (CSV, formula-safe)"),
    write("alert_ack", "{alert_id} → AlertDto"),
    write("alert_assign", "{alert_id, assignee?} → AlertDto"),
    write("alert_snooze", "{alert_id, until} → AlertDto"),
    read("alert_thresholds", "{} → AlertThresholds"),
    write("set_alert_thresholds", "{thresholds: AlertThresholds} → AlertThresholds"),
    read("reviews", "ReviewsArgs {overdue?, status?} → ReviewList"),
    write("review_update", "ReviewUpdateArgs → ReviewDto"),
    write("review_close", "{review_id, resolution, preventive_action?, countermeasure_id?} → ReviewDto (refused without a resolution)"),
    read("countermeasures", "{} → CountermeasureDto[] (with before/after recurrence)"),
    write("countermeasure_add", "{target_kind, target, effective_date, description} → CountermeasureDto"),
    read("failure_modes", "{quarter?} → FailureModes (top-10 parts, root-cause mix)"),
    // Forecast adjustments and supplier forecast sharing (`crate::forecast_adjustments`,
    // `crate::supplier_forecast`).
    read(
        "forecast_adjustments",
        "{part_id?} → ForecastAdjustmentDto[] (planner's and ERP campaigns, active first)",
    ),
    write(
        "add_forecast_adjustment",
        "NewForecastAdjustment → ForecastAdjustmentDto (audited)",
    ),
    write(
        "remove_forecast_adjustment",
        "RemoveForecastAdjustment {adjustment_id, reason} → {} (audited)",
    ),
    read(
        "supplier_forecast_export",
        "SupplierForecastArgs {supplier_id, cadence?, horizon?} → ExportFile (CSV)",
    ),
    read(
        "supplier_forecast_cadence",
        "{supplier_id} → SupplierCadence (the supplier's setting, monthly when never set)",
    ),
    write(
        "set_supplier_forecast_cadence",
        "SupplierCadence {supplier_id, cadence: 'monthly'|'weekly'} → {} (audited setting)",
    ),
    // Replenishment (`crate::replenish`): suggestions, decisions, ERP export.
    read(
        "replenishment",
        "ReplenishmentArgs {part_id?, location_id?, include_no_order?} → ReplenishmentReport",
    ),
    write(
        "decide_replenishment",
        "DecideReplenishment {suggestion_id, decision: 'accepted'|'rejected'|'open', note?} → ReplenishmentSuggestionDto (audited)",
    ),
    read("replenishment_export", "{} → ExportFile (CSV of the accepted suggestions for the ERP)"),
    // Working-set forecasts (`crate::part_forecast`).
    read("forecast_part", "PartForecastArgs {part_id, location_id?, horizon?, method?} → PartForecastDto"),
    read("forecast_list", "ForecastListArgs {part_id?, limit?, offset?, with_portfolio_accuracy?} → ForecastPortfolio (largest horizon total first)"),
    // Weighting censored-demand corrections by backorder age (`crate::backorder_age`).
    read("forecast_age_weighting", "{} → AgeWeightingDto (off by default)"),
    write("set_forecast_age_weighting", "SetAgeWeighting {enabled, threshold_days?} → AgeWeightingDto (audited setting)"),
    read("forecast_age_weighting_backtest", "AgeWeightingBacktestArgs {threshold_days?, part_id?} → AgeWeightingBacktestDto"),
];

/// The access of a command; `None` for a name that is not a command.
pub fn access_of(name: &str) -> Option<Access> {
    COMMANDS.iter().find(|c| c.name == name).map(|c| c.access)
}

/// A working set opened for the app: thread-safe, with background jobs.
#[derive(Debug)]
pub struct App {
    db_path: PathBuf,
    reader: Mutex<Workspace>,
    jobs: Jobs,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct KpisArgs {
    #[serde(default)]
    pub as_of: Option<String>,
    #[serde(default)]
    pub by: Option<String>,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DrillArgs {
    #[serde(default)]
    pub filters: Vec<FilterDto>,
    #[serde(default)]
    pub by: Option<String>,
    /// Only the `top` largest groups (by `order_by`), largest first.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub top: Option<u64>,
    /// A `KpiFigures` field; default `open_lines`.
    #[serde(default)]
    pub order_by: Option<String>,
}

/// A chart of the current view as an image (meeting mode's export).
#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ChartArgs {
    /// `breakdown` (bars of `metric` per group of `drill(filters, by)`),
    /// `pareto` (top 10 parts by `metric`, default `backorder_days`, with the
    /// cumulative share) or `trend` (open lines, open value and SLA breaches
    /// over the import history; whole network only, so no filters).
    pub kind: String,
    /// `svg` (answered as `text`) or `png` (as `data_base64`).
    pub format: String,
    #[serde(default)]
    pub filters: Vec<FilterDto>,
    /// The dimension of a breakdown's bars (required there; ignored by
    /// `pareto`, which is by part, and by `trend`).
    #[serde(default)]
    pub by: Option<String>,
    /// A `KpiFigures` field; default `open_lines` (`backorder_days` for
    /// `pareto`). Ignored by `trend`.
    #[serde(default)]
    pub metric: Option<String>,
    /// Pixels; default 1600 × 900 (a 16:9 slide).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub width: Option<u32>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub height: Option<u32>,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct LineKeyArgs {
    pub order_id: String,
    pub order_line: String,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PartArgs {
    pub part_id: String,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct BatchArgs {
    #[ts(type = "number")]
    pub batch_id: i64,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub offset: Option<u64>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub limit: Option<u64>,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct JobArgs {
    #[ts(type = "number")]
    pub job_id: u64,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ImportPathsArgs {
    pub paths: Vec<String>,
    #[serde(default)]
    pub options: Option<ImportOptions>,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ImportUploadArgs {
    pub files: Vec<UploadFile>,
    #[serde(default)]
    pub options: Option<ImportOptions>,
}

#[derive(Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct DemoArgs {
    #[serde(default)]
    pub size: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoArgs {}

pub(crate) fn args<T: DeserializeOwned>(command: &str, value: Value) -> Result<T, ApiError> {
    let value = if value.is_null() {
        Value::Object(Default::default())
    } else {
        value
    };
    serde_json::from_value(value)
        .map_err(|e| ApiError::invalid(format!("{command}: bad arguments: {e}")))
}

pub(crate) fn answer<T: Serialize>(value: T) -> Result<Value, ApiError> {
    serde_json::to_value(value)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("answer not serializable: {e}")))
}

impl App {
    /// Opens (creating when absent) the working set at `db_path`.
    pub fn open(db_path: &Path) -> Result<App, ApiError> {
        let mut reader = Workspace::open(db_path)?;
        reader.answer_from_snapshot_while_preparing();
        Ok(App {
            db_path: db_path.to_path_buf(),
            reader: Mutex::new(reader),
            jobs: Jobs::default(),
        })
    }

    /// Prepares the KPI engine for the working set on a background thread
    /// and connection, so that the first dashboard does not wait for it to
    /// be read: what the stored KPI snapshot answers is answered meanwhile.
    /// A request that needs the engine meanwhile waits for the same
    /// preparation, never repeats it.
    pub fn warm_up(self: &std::sync::Arc<Self>) {
        let Ok(warm) = self.read(|w| w.sharing_engine()) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("bodesk-warm-up".into())
            .spawn(move || {
                let _ = warm.prepare_engine();
            });
    }

    /// Calls `listener` after every job that commits an import (or loads
    /// the demo) with what the import raised; the desktop shell's hook for
    /// its notification (see [`crate::notice`]).
    pub fn on_import_committed(&self, listener: crate::notice::ImportListener) {
        self.jobs.on_import_committed(listener);
    }

    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    fn read<T>(&self, f: impl FnOnce(&Workspace) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let ws = self.reader.lock().unwrap_or_else(|e| e.into_inner());
        f(&ws)
    }

    /// A read over the whole portfolio (every part × location: seconds on a
    /// large working set) on a connection of its own, so that the screens'
    /// quick reads on the shared one are not queued behind it (WAL lets both
    /// read at once).
    fn read_apart<T>(
        &self,
        f: impl FnOnce(&Workspace) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        f(&Workspace::open(&self.db_path)?)
    }

    /// Runs one command: `args` is its JSON object of arguments (or null).
    pub fn call(&self, command: &str, args_json: Value) -> Result<Value, ApiError> {
        let a = args_json;
        match command {
            "app_info" => {
                args::<NoArgs>(command, a)?;
                answer(self.app_info()?)
            }
            "kpis" => {
                let x: KpisArgs = args(command, a)?;
                answer(self.read(|w| w.kpis(x.as_of.as_deref(), x.by.as_deref()))?)
            }
            "kpi_history" => {
                args::<NoArgs>(command, a)?;
                answer(self.read(|w| w.kpi_history())?)
            }
            "drill" => {
                let x: DrillArgs = args(command, a)?;
                let mut report = self.read(|w| w.drill(&x.filters, x.by.as_deref(), None))?;
                if let Some(top) = x.top {
                    crate::explore::keep_top(
                        &mut report,
                        x.order_by.as_deref().unwrap_or("open_lines"),
                        top as usize,
                    )?;
                }
                answer(report)
            }
            "drill_csv" => {
                let x: DrillArgs = args(command, a)?;
                answer(self.read(|w| drill_csv(w, &x))?)
            }
            "chart" => {
                let x: ChartArgs = args(command, a)?;
                answer(self.read(|w| w.chart(&x))?)
            }
            "lines" => {
                let q: LineQuery = args(command, a)?;
                answer(self.read(|w| w.line_page(&q))?)
            }
            "line_detail" => {
                let x: LineKeyArgs = args(command, a)?;
                answer(self.read(|w| w.line_detail(&x.order_id, &x.order_line))?)
            }
            "part_view" => {
                let x: PartArgs = args(command, a)?;
                answer(self.read(|w| w.part_view(&x.part_id))?)
            }
            "batches" => {
                args::<NoArgs>(command, a)?;
                answer(self.read(|w| w.batches())?)
            }
            "batch_rejects" => {
                let x: BatchArgs = args(command, a)?;
                answer(self.read(|w| {
                    w.batch_rejects(x.batch_id, x.offset.unwrap_or(0), x.limit.unwrap_or(500))
                })?)
            }
            "rejects_csv" => {
                let x: BatchArgs = args(command, a)?;
                let text = self.read(|w| w.rejects_csv(x.batch_id))?;
                answer(ExportFile {
                    file_name: format!("rejects-batch-{}.csv", x.batch_id),
                    mime: "text/csv".into(),
                    text: Some(text),
                    data_base64: None,
                })
            }
            "job_status" => {
                let x: JobArgs = args(command, a)?;
                answer(self.jobs.status(x.job_id)?)
            }
            "jobs" => {
                args::<NoArgs>(command, a)?;
                answer(self.jobs.list())
            }
            "import_paths" => {
                let x: ImportPathsArgs = args(command, a)?;
                if x.paths.is_empty() {
                    return Err(ApiError::invalid(
                        "import: choose at least one file or folder",
                    ));
                }
                let kind = JobKind::Import {
                    paths: x.paths.iter().map(PathBuf::from).collect(),
                    options: x.options.unwrap_or_else(default_options),
                    cleanup: None,
                };
                answer(self.jobs.start(self.db_path.clone(), kind)?)
            }
            "import_upload" => {
                let x: ImportUploadArgs = args(command, a)?;
                let dir = stage_uploads(&x.files)?;
                let kind = JobKind::Import {
                    paths: vec![dir.clone()],
                    options: x.options.unwrap_or_else(default_options),
                    cleanup: Some(dir.clone()),
                };
                let started = self.jobs.start(self.db_path.clone(), kind);
                if started.is_err() {
                    let _ = std::fs::remove_dir_all(&dir);
                }
                answer(started?)
            }
            "load_demo" => {
                let x: DemoArgs = args(command, a)?;
                let cfg = crate::demo::DemoConfig {
                    size: crate::demo::parse_size(x.size.as_deref().unwrap_or("small"))?,
                    ..Default::default()
                };
                answer(self.jobs.start(self.db_path.clone(), JobKind::Demo(cfg))?)
            }
            "cancel_job" => {
                let x: JobArgs = args(command, a)?;
                answer(self.jobs.cancel(x.job_id)?)
            }
            "expedite" => {
                let x: crate::actions::ExpediteArgs = args(command, a)?;
                let limit = x.limit.map(|n| n as usize);
                answer(self.read(|w| w.expedite(&x.filters, limit))?)
            }
            "expedite_csv" => {
                let x: crate::actions::ExpediteArgs = args(command, a)?;
                answer(self.read(|w| w.expedite_csv(&x.filters))?)
            }
            "attribution" => {
                let x: crate::actions::AttributionArgs = args(command, a)?;
                let limit = x.limit.map(|n| n as usize);
                answer(self.read(|w| w.attribution(x.by.as_deref().unwrap_or("part"), limit))?)
            }
            "eol_report" => {
                let x: crate::actions::EolArgs = args(command, a)?;
                answer(self.read(|w| w.eol_report(x.horizon_months))?)
            }
            "forecast_part" => {
                let x: crate::dto::PartForecastArgs = args(command, a)?;
                answer(self.read(|w| w.forecast_part(&x))?)
            }
            "forecast_list" => {
                let x: crate::dto::ForecastListArgs = args(command, a)?;
                answer(self.read_apart(|w| w.forecast_list(&x))?)
            }
            "replenishment" => {
                let x: crate::dto::ReplenishmentArgs = args(command, a)?;
                answer(self.read_apart(|w| w.replenishment(&x))?)
            }
            "supplier_forecast_export" => {
                let x: crate::dto::SupplierForecastArgs = args(command, a)?;
                answer(self.read_apart(|w| w.supplier_forecast_export(&x))?)
            }
            "forecast_age_weighting" => answer(self.read(|w| w.age_weighting())?),
            "set_forecast_age_weighting" => {
                let x: crate::dto::SetAgeWeighting = args(command, a)?;
                let mut ws = self.reader.lock().unwrap_or_else(|e| e.into_inner());
                answer(ws.set_age_weighting(x.enabled, x.threshold_days)?)
            }
            "forecast_age_weighting_backtest" => {
                let x: crate::dto::AgeWeightingBacktestArgs = args(command, a)?;
                answer(self.read(|w| w.forecast_age_weighting_backtest(&x))?)
            }
            c if crate::causes::COMMAND_NAMES.contains(&c) => {
                let mut ws = self.reader.lock().unwrap_or_else(|e| e.into_inner());
                crate::causes::call(&mut ws, c, a)
            }
            followup if crate::followup::COMMAND_NAMES.contains(&followup) => {
                crate::followup::call(&self.reader, followup, a)
            }
            c if crate::forecast_adjustments::COMMAND_NAMES.contains(&c) => {
                let mut ws = self.reader.lock().unwrap_or_else(|e| e.into_inner());
                crate::forecast_adjustments::call(&mut ws, c, a)
            }
            c if crate::supplier_forecast::COMMAND_NAMES.contains(&c) => {
                let mut ws = self.reader.lock().unwrap_or_else(|e| e.into_inner());
                crate::supplier_forecast::call(&mut ws, c, a)
            }
            c if crate::replenish::COMMAND_NAMES.contains(&c) => {
                crate::replenish::call(&self.reader, c, a)
            }
            other => Err(ApiError::new(
                ErrorCode::NotFound,
                format!("no command {other:?}"),
            )),
        }
    }

    fn app_info(&self) -> Result<AppInfo, ApiError> {
        let as_of = self.read(|w| crate::kpi::working_set_as_of(w.store().conn()))?;
        Ok(AppInfo {
            name: "Backorder Desk".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            db_path: self.db_path.display().to_string(),
            empty: as_of.is_none(),
            as_of,
        })
    }
}

fn default_options() -> ImportOptions {
    ImportOptions {
        as_of: None,
        keep_valid: false,
        profile_toml: None,
    }
}

/// Writes uploaded files into a fresh staging folder, under their own names.
fn stage_uploads(files: &[UploadFile]) -> Result<PathBuf, ApiError> {
    if files.is_empty() {
        return Err(ApiError::invalid("import: no files were sent"));
    }
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("bodesk-upload-{}-{n}", std::process::id()));
    let io = |e: std::io::Error| {
        ApiError::new(
            ErrorCode::Storage,
            format!("staging the upload in {}: {e}", dir.display()),
        )
    };
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(io)?;
    let result = (|| {
        let mut seen = std::collections::HashSet::new();
        for f in files {
            // A browser may send a folder's relative path; keep the name only.
            let name = f
                .name
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            if name.is_empty() || name == "." || name == ".." || name.starts_with('.') {
                return Err(ApiError::invalid(format!(
                    "import: {:?} is not a file name",
                    f.name
                )));
            }
            if !seen.insert(name.clone()) {
                return Err(ApiError::invalid(format!(
                    "import: two files are named {name:?}; import them one at a time"
                )));
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(f.data_base64.as_bytes())
                .map_err(|e| ApiError::invalid(format!("import: {name}: not base64: {e}")))?;
            std::fs::write(dir.join(&name), bytes).map_err(io)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(e);
    }
    Ok(dir)
}

/// The numbers of a drill-down level as CSV (meeting mode's "export numbers").
fn drill_csv(w: &Workspace, x: &DrillArgs) -> Result<ExportFile, ApiError> {
    let by =
        x.by.as_deref()
            .ok_or_else(|| ApiError::invalid("drill_csv: say which dimension (`by`)"))?;
    let report = w.drill(&x.filters, Some(by), None)?;
    let mut out = Vec::new();
    let header = [
        by,
        "open_lines",
        "open_qty",
        "open_value",
        "mean_age_days",
        "max_age_days",
        "backorder_days",
        "parts_affected",
        "backorder_days_per_part",
        "customer_impact_days",
        "sla_breaches",
        "penalty_exposure",
        "lines_over_30_days",
    ];
    let io = |e: std::io::Error| ApiError::new(ErrorCode::Internal, e.to_string());
    crate::sniff::write_csv_row(&mut out, header.into_iter()).map_err(io)?;
    let mut rows: Vec<(String, &crate::dto::KpiFigures)> = report
        .groups
        .iter()
        .map(|g| (g.key.clone(), &g.figures))
        .collect();
    rows.push(("(total)".to_string(), &report.figures));
    for (key, f) in rows {
        let cells = [
            crate::batches::formula_safe(&key).into_owned(),
            f.open_lines.to_string(),
            f.open_qty.to_string(),
            f.open_value.to_string(),
            f.mean_age_days.to_string(),
            f.max_age_days.to_string(),
            f.backorder_days.to_string(),
            f.parts_affected.to_string(),
            f.backorder_days_per_part.to_string(),
            f.customer_impact_days.to_string(),
            f.sla_breaches.to_string(),
            f.penalty_exposure.to_string(),
            f.lines_over_30_days.to_string(),
        ];
        crate::sniff::write_csv_row(&mut out, cells.iter().map(|s| s.as_str())).map_err(io)?;
    }
    Ok(ExportFile {
        file_name: crate::charts::export_file_name(
            &format!("backorders-by-{by}"),
            &x.filters,
            &report.as_of,
            "csv",
        ),
        mime: "text/csv".into(),
        text: Some(String::from_utf8_lossy(&out).into_owned()),
        data_base64: None,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    /// While the shared reader is busy (held here as a long read would hold
    /// it), the whole-portfolio reads still answer: they run on their own
    /// connection instead of queueing behind it.
    #[test]
    fn portfolio_reads_do_not_wait_for_the_shared_reader() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.sqlite");
        let cfg = crate::demo::DemoConfig {
            exports: 1,
            ..Default::default()
        };
        Workspace::open(&path)
            .unwrap()
            .load_demo(&cfg, &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        let app = std::sync::Arc::new(App::open(&path).unwrap());
        let supplier: String = app
            .read(|w| {
                Ok(w.store()
                    .conn()
                    .query_row("SELECT min(supplier_id) FROM suppliers", [], |r| r.get(0))
                    .unwrap())
            })
            .unwrap();
        let held = app.reader.lock().unwrap();
        for (command, args) in [
            ("forecast_list", serde_json::json!({ "limit": 3 })),
            ("replenishment", serde_json::json!({})),
            (
                "supplier_forecast_export",
                serde_json::json!({ "supplier_id": supplier }),
            ),
        ] {
            let (tx, rx) = mpsc::channel();
            let app = app.clone();
            std::thread::spawn(move || {
                let _ = tx.send(app.call(command, args));
            });
            let answer = rx
                .recv_timeout(Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("{command} waited for the shared reader"));
            assert!(answer.is_ok(), "{command}: {answer:?}");
        }
        drop(held);
        // The quick reads still use the shared reader and answer once it is free.
        assert!(app.call("app_info", serde_json::json!({})).is_ok());
    }
}
