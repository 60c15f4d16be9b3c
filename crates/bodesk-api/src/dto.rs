//! Wire types: what crosses to the UI, the HTTP API and `--json` output.
//! Domain types stay inside the crates; these are built from them here.
//! `cargo test -p bodesk-api` regenerates `ui/src/lib/bindings/*.ts`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The small set of error codes a user-facing caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// A file, batch or row named by the caller does not exist.
    NotFound,
    /// The request itself is malformed (bad date, bad option, bad profile).
    InvalidInput,
    /// The input was read but breaks the import contract; nothing was written.
    Rejected,
    /// The working set was written by a newer version.
    Incompatible,
    /// The working set could not be read or written.
    Storage,
    /// The user cancelled a long operation; nothing was written.
    Cancelled,
    /// Another write (an import, the demo) is running: try again when it ends.
    Busy,
    /// Serve mode: the request carries no valid access token.
    Unauthorized,
    /// Serve mode: not allowed from this client (a LAN client writing, a Host
    /// the server does not serve).
    Forbidden,
    /// A defect: reported, never a panic.
    Internal,
}

/// `{code, message}`: every failure that reaches a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidInput, message)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TableCount {
    pub table: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// How a file is written, as detected.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DialectDto {
    pub encoding: String,
    /// `,` `;` `\t` or `|` (tab shown as `\t`).
    pub delimiter: String,
    pub quote: String,
    /// `""` when quotes are doubled, else the escape character.
    pub escape: String,
    pub line_ends: String,
    #[ts(type = "number")]
    pub preamble_lines: u64,
    pub header_rows: usize,
    /// `dot` or `comma`, for the number columns (absent when the file has none).
    pub decimal_mark: Option<String>,
    /// Per date column with slash dates: `month_first` or `day_first`.
    pub date_orders: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportOptions {
    /// The as-of date of the export (`YYYY-MM-DD`); today when absent.
    pub as_of: Option<String>,
    /// Commit the valid rows even when some are rejected.
    pub keep_valid: bool,
    /// A mapping profile (TOML text).
    pub profile_toml: Option<String>,
}

/// One file of an import.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FileReport {
    pub file: String,
    pub entity: Option<String>,
    /// `imported`, `unchanged` (identical to the last import: skipped) or `rejected`.
    pub status: String,
    /// Data rows read.
    #[ts(type = "number")]
    pub rows: u64,
    /// Rows written to the working set.
    #[ts(type = "number")]
    pub written: u64,
    #[ts(type = "number")]
    pub rejects: u64,
    pub dialect: DialectDto,
    pub sha256: String,
    /// Header columns the contract does not know: kept nowhere.
    pub ignored_columns: Vec<String>,
    /// Rows of earlier exports that this one no longer holds (closed, flagged or removed).
    #[ts(type = "number")]
    pub vanished: u64,
    /// Why the whole file was rejected, naming line and byte offset where known.
    pub error: Option<String>,
}

/// One rejected row (or file): where, what and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RejectDto {
    pub file: String,
    #[ts(type = "number | null")]
    pub line: Option<u64>,
    #[ts(type = "number | null")]
    pub byte_offset: Option<u64>,
    pub column: Option<String>,
    pub value: Option<String>,
    pub reason: String,
}

impl std::fmt::Display for RejectDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if self.column.is_none() && self.value.is_none() {
            // A whole-file reject: its reason already says where.
            return write!(f, ": {}", self.reason);
        }
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        if let Some(v) = &self.value {
            write!(f, ", value {v:?}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// What an import did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// The batch record (also for a rejected import); absent when every file was unchanged.
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
    pub committed: bool,
    /// Every file was identical to its last import: nothing to do.
    pub unchanged: bool,
    pub as_of: String,
    pub files: Vec<FileReport>,
    #[ts(type = "number")]
    pub rejects_total: u64,
    /// The first rejects (all of them are stored with the batch).
    pub rejects: Vec<RejectDto>,
}

/// Progress of a long import.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    pub file: String,
    /// `scan` (reading styles) or `write`.
    pub phase: String,
    #[ts(type = "number")]
    pub bytes_done: u64,
    #[ts(type = "number")]
    pub bytes_total: u64,
    #[ts(type = "number")]
    pub rows: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchFileDto {
    pub file: String,
    pub entity: Option<String>,
    pub status: String,
    #[ts(type = "number")]
    pub rows: u64,
    #[ts(type = "number")]
    pub rejects: u64,
    pub sha256: String,
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BatchDto {
    #[ts(type = "number")]
    pub batch_id: i64,
    pub started_at: String,
    pub user: String,
    pub as_of: String,
    /// `committed` or `rejected`.
    pub status: String,
    pub keep_valid: bool,
    #[ts(type = "number")]
    pub rows_written: u64,
    #[ts(type = "number")]
    pub rejects: u64,
    pub files: Vec<BatchFileDto>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CheckDto {
    pub ok: bool,
    pub schema_version: u32,
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub invariants: Vec<String>,
    pub counts: Vec<TableCount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ColumnDto {
    pub name: String,
    /// `empty`, `integer`, `decimal`, `date`, `text`.
    pub kind: String,
    /// Number or date style, e.g. `decimal comma, thousands` or `DD.MM.YYYY`.
    pub style: Option<String>,
    /// The contract column it maps to, when the file is an ERP export.
    pub maps_to: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineDto {
    #[ts(type = "number")]
    pub line: u64,
    pub text: String,
}

/// How the reader sees a file (`bodesk sniff`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SniffReport {
    pub file: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    pub sha256: String,
    pub dialect: DialectDto,
    pub preamble: Vec<LineDto>,
    #[ts(type = "number[]")]
    pub header_lines: Vec<u64>,
    pub header: Vec<String>,
    pub columns: Vec<ColumnDto>,
    /// The entity recognised (by file name, else by header), if any.
    pub entity: Option<String>,
    pub recognised_by: Option<String>,
    pub ignored_columns: Vec<String>,
    pub missing_columns: Vec<String>,
    #[ts(type = "number")]
    pub rows: u64,
    /// Rows whose width differs from the header's, by line.
    #[ts(type = "number[]")]
    pub ragged_lines: Vec<u64>,
    pub footer: Vec<LineDto>,
}

/// The backorder KPIs of `kpis.md`, named exactly as there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiFigures {
    #[ts(type = "number")]
    pub open_lines: u64,
    pub open_qty: f64,
    pub open_value: f64,
    pub mean_age_days: f64,
    #[ts(type = "number")]
    pub max_age_days: u64,
    #[ts(type = "number")]
    pub backorder_days: u64,
    #[ts(type = "number")]
    pub parts_affected: u64,
    pub backorder_days_per_part: f64,
    #[ts(type = "number")]
    pub customer_impact_days: u64,
    #[ts(type = "number")]
    pub sla_breaches: u64,
    pub penalty_exposure: f64,
    #[ts(type = "number")]
    pub lines_over_30_days: u64,
}

/// The totals: every backorder KPI plus fill rate (a fraction) and supplier
/// on-time delivery (a percent); `null` when there is nothing to measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiTotal {
    #[serde(flatten)]
    pub figures: KpiFigures,
    pub fill_rate: Option<f64>,
    pub supplier_on_time_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiGroup {
    pub key: String,
    #[serde(flatten)]
    pub figures: KpiFigures,
}

/// `bodesk kpi --json`: totals and one drill-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiReport {
    pub as_of: String,
    /// The drill-down dimension of `groups`, if any.
    pub by: Option<String>,
    pub total: KpiTotal,
    pub groups: Vec<KpiGroup>,
}

/// The totals stored after an import, for trends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KpiSnapshot {
    pub as_of: String,
    pub total: KpiTotal,
}

/// What `bodesk demo` loaded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DemoReport {
    /// The as-of dates of the exports imported, oldest first.
    pub exports: Vec<String>,
    #[ts(type = "number[]")]
    pub batches: Vec<i64>,
}

/// One backorder line with its figures (`bodesk lines`, the workbench).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineRow {
    pub order_id: String,
    pub order_line: String,
    pub customer_id: String,
    pub part_id: String,
    pub location_id: String,
    pub region: String,
    pub status: String,
    pub qty_open: f64,
    pub created_date: String,
    pub closed_date: Option<String>,
    pub open: bool,
    #[ts(type = "number | null")]
    pub age_days: Option<u64>,
    #[ts(type = "number")]
    pub backorder_days: u64,
    pub value: f64,
    pub sla_breach: bool,
    pub penalty_exposure: f64,
    pub root_cause: String,
    /// The part's criticality (`A`, `B`, `C`), when the part is known.
    pub criticality: Option<String>,
    /// The customer's tier, when the customer is known.
    pub tier: Option<String>,
    /// The SLA's `max_backorder_days` for this tier and criticality: the
    /// limit the age is measured against.
    pub sla_limit_days: Option<f64>,
}

/// What the app shows in its header and "About".
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// The working set's file.
    pub db_path: String,
    /// The as-of date of the newest committed import; absent when empty.
    pub as_of: Option<String>,
    /// No committed import yet: the UI opens the import screen.
    pub empty: bool,
}

/// One step of a drill-down path: a dimension and a group key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FilterDto {
    /// A drill-down dimension (`region`, `location`, `part`, …).
    pub dim: String,
    pub value: String,
}

/// The KPIs of the lines on a drill-down path, and their next level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DrillReport {
    pub as_of: String,
    pub filters: Vec<FilterDto>,
    pub by: Option<String>,
    /// The backorder KPIs of every line on the path.
    pub figures: KpiFigures,
    /// By key; with `top`, the largest groups by `order_by`, largest first.
    pub groups: Vec<KpiGroup>,
    /// How many groups the level has (more than `groups` holds with `top`).
    #[ts(type = "number")]
    pub groups_total: u64,
}

/// How the workbench asks for lines.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct LineQuery {
    #[serde(default)]
    pub filters: Vec<FilterDto>,
    /// Case-insensitive text found in the order, part, customer or location id.
    #[serde(default)]
    pub search: Option<String>,
    /// Only open lines (default: every line that counts in the window).
    #[serde(default)]
    pub open_only: bool,
    /// Only the lines behind one figure: `sla_breach` (open lines past their
    /// SLA limit) or `over_30_days` (open lines older than 30 days).
    #[serde(default)]
    pub flag: Option<String>,
    /// A `LineRow` field name; default `age_days` descending.
    #[serde(default)]
    pub sort: Option<String>,
    #[serde(default)]
    pub descending: bool,
    #[serde(default)]
    #[ts(type = "number")]
    pub offset: u64,
    /// At most 5,000; default 200.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub limit: Option<u64>,
}

/// One page of lines and how many match in all.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LinePage {
    #[ts(type = "number")]
    pub total: u64,
    #[ts(type = "number")]
    pub open: u64,
    #[ts(type = "number")]
    pub offset: u64,
    pub rows: Vec<LineRow>,
}

/// A PO line as the line detail and part view show it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PoDto {
    pub po_id: String,
    pub po_line: String,
    pub part_id: String,
    pub supplier_id: String,
    pub location_id: String,
    pub qty_ordered: f64,
    pub qty_received: Option<f64>,
    pub order_date: String,
    pub committed_date: String,
    pub received_date: Option<String>,
    pub status: String,
    /// Days past the committed date: as of the working set's date for open
    /// lines, at receipt for received ones; negative when early.
    #[ts(type = "number | null")]
    pub days_late: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TransferDto {
    pub transfer_id: String,
    pub part_id: String,
    pub from_location_id: String,
    pub to_location_id: String,
    pub qty: f64,
    pub ship_date: Option<String>,
    pub expected_date: String,
    pub received_date: Option<String>,
    pub status: String,
}

/// Stock of a part at one location.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StockDto {
    pub location_id: String,
    pub region: Option<String>,
    pub on_hand: f64,
    pub quality_inspection: Option<f64>,
    pub blocked: Option<f64>,
    pub in_transit: Option<f64>,
    /// Open backorder quantity of the part at this location.
    pub backordered: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartDto {
    pub part_id: String,
    pub description: Option<String>,
    pub unit_cost: f64,
    pub criticality: String,
    pub lifecycle: String,
    pub eol_date: Option<String>,
    pub successor_part_id: Option<String>,
    pub lead_time_days: f64,
    pub primary_supplier_id: Option<String>,
    pub product_line: Option<String>,
    pub weight_kg: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EquipmentDto {
    pub equipment_id: String,
    pub model: String,
    pub location_id: String,
    pub criticality: Option<String>,
    pub downtime_cost_per_day: Option<f64>,
}

/// Everything about one backorder line.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineDetail {
    pub line: LineRow,
    pub promised_date: Option<String>,
    pub qty_ordered: Option<f64>,
    pub part: Option<PartDto>,
    pub customer_name: Option<String>,
    pub customer_tier: Option<String>,
    pub equipment: Option<EquipmentDto>,
    /// Open and recent PO lines of the part.
    pub purchase_orders: Vec<PoDto>,
    /// Transfers of the part into or out of the line's location, not received.
    pub transfers: Vec<TransferDto>,
    /// Free stock of the part at other locations (on hand > 0).
    pub stock_elsewhere: Vec<StockDto>,
    /// The line's root cause: tag, evidence, override.
    pub cause: Option<LineCause>,
}

/// One month of a part's demand, summed over locations.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DemandPoint {
    /// `YYYY-MM`.
    pub period: String,
    pub qty_demanded: f64,
    pub qty_filled: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SubstituteDto {
    pub part_id: String,
    pub substitute_part_id: String,
    pub direction: String,
    pub ratio: f64,
    /// On-hand stock of the substitute, network-wide.
    pub on_hand: f64,
}

/// Everything about one part (the part view; read-only, phone-friendly).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartView {
    pub part: PartDto,
    pub as_of: String,
    pub figures: KpiFigures,
    pub stock: Vec<StockDto>,
    pub purchase_orders: Vec<PoDto>,
    pub demand: Vec<DemandPoint>,
    pub substitutes: Vec<SubstituteDto>,
    /// Parts this one succeeds (their `successor_part_id` is this part).
    pub predecessors: Vec<String>,
    pub open_lines: Vec<LineRow>,
}

/// One file sent from a browser for import.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UploadFile {
    /// The file's name (a relative path within a dropped folder is reduced to its name).
    pub name: String,
    /// The file's bytes, base64 (standard alphabet).
    pub data_base64: String,
}

/// What a newer export changed in the backorder lines.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineChanges {
    #[ts(type = "number")]
    pub new_lines: u64,
    #[ts(type = "number")]
    pub closed_lines: u64,
    #[ts(type = "number")]
    pub changed_lines: u64,
    /// Up to 50 examples of each, as `order_id/order_line: what`.
    pub examples: Vec<String>,
}

/// A long operation running in the background (import, demo).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JobDto {
    #[ts(type = "number")]
    pub job_id: u64,
    /// `import` or `demo`.
    pub kind: String,
    /// `running`, `done`, `failed` or `cancelled`.
    pub state: String,
    pub progress: Option<ImportProgress>,
    /// Rows per second so far.
    pub rate: Option<f64>,
    /// Seconds left, from the bytes done so far.
    pub eta_seconds: Option<f64>,
    pub elapsed_seconds: f64,
    pub import: Option<ImportReport>,
    pub demo: Option<DemoReport>,
    pub changes: Option<LineChanges>,
    pub error: Option<ApiError>,
}

/// One page of a batch's rejects.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RejectPage {
    #[ts(type = "number")]
    pub total: u64,
    pub rows: Vec<RejectDto>,
}

/// A file for the user to save (CSV, SVG, PNG).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportFile {
    pub file_name: String,
    pub mime: String,
    /// Text content (CSV, SVG); absent for binary files.
    pub text: Option<String>,
    /// Binary content (PNG), base64.
    pub data_base64: Option<String>,
}

/// Settings of a forecast from a long `period,part_id,qty` file
/// (`bodesk forecast --input`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ForecastFileArgs {
    /// `ses`, `croston`, `sba`, `croston_opt`, `tsb`, `adida`, `imapa` or `auto`.
    pub method: String,
    /// Periods to forecast.
    pub horizon: u32,
    /// SES smoothing constant.
    pub alpha: f64,
    /// TSB: smoothing constant of the demand sizes.
    pub alpha_d: f64,
    /// TSB: smoothing constant of the demand probability.
    pub alpha_p: f64,
    /// Reconstruct censored demand before forecasting even when the file has
    /// no censoring column (then nothing is censored). Reconstruction runs
    /// anyway when the file has a `qty_filled`, `stockout_days` or
    /// `censored` column.
    #[serde(default)]
    pub censored: bool,
    /// The censored-demand model: `auto` (the default), `normal` or `poisson`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub censored_model: Option<String>,
}

/// The forecast of one series: the method that made it (for `auto`, the
/// chosen one), one value per period ahead, and the parameters.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SeriesForecast {
    pub part_id: String,
    pub method: String,
    pub forecast: Vec<f64>,
    pub params: ForecastParamsDto,
    /// Present when censored demand was reconstructed: the forecast is of
    /// `history.reconstructed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub history: Option<CensoredHistory>,
}

/// Recorded and reconstructed demand side by side (one value per period,
/// oldest first), which periods were censored (a lower bound of demand), the
/// model fitted and its estimates.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CensoredHistory {
    pub recorded: Vec<f64>,
    pub reconstructed: Vec<f64>,
    pub censored: Vec<bool>,
    /// `normal` or `poisson`.
    pub model: String,
    /// `uncensored`, `converged`, `iteration_cap`, `too_few_uncensored` or `no_spread`.
    pub fit: String,
    pub iterations: u32,
    /// Mean demand per period (Poisson: lambda).
    pub mu: f64,
    /// Its standard deviation (Poisson: the square root of lambda).
    pub sigma: f64,
}

/// The parameters a forecast used; only those that apply are present. For
/// `auto`, `class`, `adi`, `cv2` and `reason` say why the method was chosen.
/// (ts-rs ignores `skip_serializing_if`, hence `ts(optional)` beside it, and
/// the workspace's `no-serde-warnings`.)
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct ForecastParamsDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub alpha: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub alpha_size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub alpha_interval: Option<f64>,
    /// SBA's correction factor (0.95).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub factor: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub alpha_d: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub alpha_p: Option<f64>,
    /// ADIDA's bucket size k.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub aggregation_level: Option<u32>,
    /// IMAPA's largest bucket size.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub max_aggregation_level: Option<u32>,
    /// `smooth`, `erratic`, `intermittent`, `lumpy` or `no_demand`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub adi: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub cv2: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<String>,
}

/// One way to end an open line earlier (`bodesk expedite`), with its arithmetic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExpediteActionDto {
    /// `supplier_expedite` (air or courier from the part's supplier) or
    /// `transfer` (from another location's free stock).
    pub kind: String,
    /// The supplier or the source location.
    pub from_id: String,
    /// `air`, `ground` or `courier`.
    pub mode: String,
    pub transit_days: f64,
    pub arrival: String,
    #[ts(type = "number")]
    pub days_saved: i64,
    pub cost: f64,
    pub avoided_penalty: f64,
    pub avoided_downtime: f64,
    /// `avoided_penalty + avoided_downtime − cost`.
    pub saving: f64,
    /// Lane, transit, days saved, cost and avoided costs in words.
    pub evidence: String,
}

/// An open line and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExpediteRow {
    /// 1 for the largest saving; `null` for lines without an action.
    pub rank: Option<u32>,
    pub order_id: String,
    pub order_line: String,
    pub part_id: String,
    pub location_id: String,
    pub customer_id: String,
    pub qty_open: f64,
    #[ts(type = "number")]
    pub age_days: i64,
    /// When the line ends by waiting, and what that rests on.
    pub wait_until: String,
    #[ts(type = "number")]
    pub wait_days: i64,
    pub wait_basis: String,
    pub penalty_per_day: f64,
    pub downtime_per_day: f64,
    pub action: Option<ExpediteActionDto>,
    /// Options weighed (faster or not).
    pub candidates: u32,
    /// `no_route`, `not_faster` or `not_worth_it` when there is no action.
    pub no_action: Option<String>,
    /// Why there is no action, in words.
    pub reason: Option<String>,
}

/// The expedite list: open lines with an action, largest saving first, then
/// the others with their reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExpediteReport {
    pub as_of: String,
    pub filters: Vec<FilterDto>,
    /// Open lines weighed (on the filter path).
    #[ts(type = "number")]
    pub open_lines: u64,
    #[ts(type = "number")]
    pub with_action: u64,
    /// Sum of the savings of every action (not only the rows shown).
    pub total_saving: f64,
    /// The first `limit` rows.
    pub rows: Vec<ExpediteRow>,
}

/// One replenishment cycle: a received PO line and who its backorder days
/// are due to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CycleDto {
    pub po_id: String,
    pub po_line: String,
    pub part_id: String,
    pub supplier_id: String,
    pub location_id: String,
    pub order_date: String,
    pub committed_date: String,
    pub received_date: String,
    #[ts(type = "number")]
    pub days_late: i64,
    pub window_start: String,
    pub lead_time_demand: f64,
    pub planned_demand: f64,
    pub demand_above_plan: bool,
    #[ts(type = "number")]
    pub backorder_days: i64,
    #[ts(type = "number")]
    pub supplier_days: i64,
    #[ts(type = "number")]
    pub demand_days: i64,
    #[ts(type = "number")]
    pub other_days: i64,
    pub evidence: String,
}

/// A part's or a supplier's backorder days split into supplier lateness,
/// demand above plan and other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttributionGroupDto {
    pub key: String,
    pub cycles: u32,
    pub late_cycles: u32,
    #[ts(type = "number")]
    pub backorder_days: i64,
    #[ts(type = "number")]
    pub supplier_days: i64,
    #[ts(type = "number")]
    pub demand_days: i64,
    #[ts(type = "number")]
    pub other_days: i64,
    pub supplier_share: f64,
    pub demand_share: f64,
    pub other_share: f64,
    /// The cycles with backorder days, most first (at most 10).
    pub top_cycles: Vec<CycleDto>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AttributionReport {
    pub as_of: String,
    /// `part` or `supplier`.
    pub by: String,
    #[ts(type = "number")]
    pub cycles: u64,
    /// Groups in all (`groups` holds the first `limit`).
    #[ts(type = "number")]
    pub groups_total: u64,
    /// Most backorder days first.
    pub groups: Vec<AttributionGroupDto>,
}

/// Backorder lines created in a window around an EOL date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EolWindowDto {
    pub from: String,
    /// Exclusive.
    pub to: String,
    #[ts(type = "number")]
    pub days: i64,
    pub lines: u32,
    pub lines_per_month: f64,
    pub demand: f64,
    pub lines_per_100_units: Option<f64>,
}

/// A location where an EOL part is wanted, and whether its successor is there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EolLocationDto {
    pub location_id: String,
    pub region: Option<String>,
    pub demand_12m: f64,
    pub open_lines: u32,
    pub successor_free: f64,
    pub successor_stocked: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LastTimeBuyDto {
    pub demand_12m: f64,
    pub mean_monthly: f64,
    pub horizon_months: f64,
    pub need: f64,
    pub on_hand: f64,
    pub on_order: f64,
    /// `max(0, ⌈mean_monthly × horizon_months − on_hand − on_order⌉)`.
    pub quantity: f64,
    pub arithmetic: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EolPartDto {
    pub part_id: String,
    pub description: Option<String>,
    /// `eol` or `obsolete`.
    pub lifecycle: String,
    pub eol_date: Option<String>,
    pub successor_part_id: Option<String>,
    pub before: Option<EolWindowDto>,
    pub after: Option<EolWindowDto>,
    pub open_lines: u32,
    pub wanted_at: Vec<EolLocationDto>,
    /// Locations where the part is wanted and the successor is not stocked.
    pub successor_missing_at: Vec<String>,
    pub last_time_buy: LastTimeBuyDto,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EolReport {
    pub as_of: String,
    pub horizon_months: f64,
    pub parts: Vec<EolPartDto>,
}

// ── Root causes (`causes.rs`) ────────────────────────────────────────────

/// A planner's root-cause override of one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CauseOverrideDto {
    pub root_cause: String,
    pub reason: String,
    pub user_name: String,
    /// When it was set (UTC, ISO 8601).
    pub at: String,
}

/// The cause of one line: the rules' tag, the override on top, the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineCause {
    pub order_id: String,
    pub order_line: String,
    /// The cause that counts: the override's when there is one, else the tag's.
    pub root_cause: String,
    /// What the rules said (`unknown` when the line was never tagged).
    pub tagged_cause: String,
    /// The deciding rule; `none` when no rule matched, empty when never tagged.
    pub rule: String,
    /// The deciding fact first, then supporting facts (service events).
    pub evidence: Vec<String>,
    /// The as-of date of the tag.
    pub as_of: Option<String>,
    #[serde(rename = "override")]
    pub override_: Option<CauseOverrideDto>,
}

/// A line with its cause in the root-cause list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CauseLineRow {
    pub part_id: String,
    pub location_id: String,
    pub customer_id: String,
    pub created_date: String,
    #[ts(type = "number")]
    pub age_days: i64,
    pub cause: LineCause,
}

/// Open lines per cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CauseCount {
    pub root_cause: String,
    #[ts(type = "number")]
    pub lines: u64,
    /// Of them, lines whose cause is a planner's override.
    #[ts(type = "number")]
    pub overridden: u64,
}

/// `causes`: the open lines' causes, summed and listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CausesReport {
    pub as_of: String,
    /// Every cause of `kpis.md`, in its order, with the open lines it has.
    pub summary: Vec<CauseCount>,
    /// Open lines matching the filter, oldest first (at most `limit`).
    pub lines: Vec<CauseLineRow>,
    /// Open lines matching the filter, all of them.
    #[ts(type = "number")]
    pub matching: u64,
    /// `working set` when the rules are the working set's own, else `built-in`.
    pub rules_source: String,
}

/// One threshold of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RuleParamDto {
    pub name: String,
    pub value: f64,
    pub default: f64,
    pub doc: String,
}

/// One rule, as parsed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CauseRuleDto {
    pub name: String,
    pub kind: String,
    /// The cause a match gives.
    pub root_cause: String,
    pub params: Vec<RuleParamDto>,
}

/// `cause_rules`: the rules in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CauseRulesDto {
    /// The TOML in force (the built-in text when the working set has none).
    pub toml: String,
    pub is_default: bool,
    pub default_toml: String,
    pub rules: Vec<CauseRuleDto>,
}

/// Where a rule set is wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RulesErrorDto {
    /// 1-based; 0 when unknown.
    #[ts(type = "number")]
    pub line: u64,
    #[ts(type = "number")]
    pub column: u64,
    pub message: String,
}

/// How many open lines move from one cause to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetagCount {
    pub from: String,
    pub to: String,
    #[ts(type = "number")]
    pub lines: u64,
}

/// One open line a rule change retags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetagLine {
    pub order_id: String,
    pub order_line: String,
    pub part_id: String,
    pub location_id: String,
    pub from: String,
    pub to: String,
    pub rule: String,
    pub evidence: Vec<String>,
    /// An override keeps the line's cause whatever the rules say.
    pub overridden: bool,
}

/// `cause_rules_preview` / `cause_rules_apply`: what the rules (would) retag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RetagReport {
    /// Set when the TOML is invalid; nothing else is then filled.
    pub error: Option<RulesErrorDto>,
    pub rules: Vec<CauseRuleDto>,
    /// Open lines looked at.
    #[ts(type = "number")]
    pub open_lines: u64,
    /// Cause changes, largest first.
    pub changes: Vec<RetagCount>,
    /// The lines whose cause changes.
    pub lines: Vec<RetagLine>,
    /// True once applied (stored and retagged).
    pub applied: bool,
}

/// A part that repeatedly stops repairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StoppedPartDto {
    pub part_id: String,
    pub description: Option<String>,
    #[ts(type = "number")]
    pub events: u64,
    #[ts(type = "number")]
    pub waiting_for_part: u64,
    #[ts(type = "number")]
    pub part_unavailable: u64,
    pub first_date: String,
    pub last_date: String,
    pub locations: Vec<String>,
    #[ts(type = "number")]
    pub machines: u64,
    #[ts(type = "number")]
    pub open_lines: u64,
}

/// `field_report`: parts that stop repairs, over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldReport {
    pub from: String,
    pub to: String,
    #[ts(type = "number")]
    pub min_events: u64,
    pub parts: Vec<StoppedPartDto>,
}

/// `causes` arguments (every filter optional).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CausesArgs {
    #[serde(default)]
    pub root_cause: Option<String>,
    #[serde(default)]
    pub rule: Option<String>,
    #[serde(default)]
    pub part_id: Option<String>,
    #[serde(default)]
    pub location_id: Option<String>,
    #[serde(default)]
    pub overridden: Option<bool>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub limit: Option<u64>,
}

/// `cause_rules_preview` / `cause_rules_apply` arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CauseRulesArgs {
    pub toml: String,
}

/// `override_cause` arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct OverrideCauseArgs {
    pub order_id: String,
    pub order_line: String,
    pub root_cause: String,
    pub reason: String,
}

/// `clear_override` arguments.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ClearOverrideArgs {
    pub order_id: String,
    pub order_line: String,
    pub reason: String,
}

/// `field_report` arguments.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct FieldReportArgs {
    /// Months before the as-of date (default 12).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub months: Option<u32>,
    /// Stopped repairs a part needs to be listed (default 2).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub min_events: Option<u64>,
}

// ---------------------------------------------------------------------------
// Follow-up (alerts, reviews, countermeasures): `crate::followup`.

/// SLA alert thresholds (setting `alert_thresholds`, JSON): percentages of
/// the SLA limit `max_backorder_days`, optionally per criticality and/or tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AlertThresholds {
    /// Warning when age ≥ this % of the limit (default 75).
    pub warning_pct: f64,
    /// Escalated when breached and age ≥ this % of the limit (default 150).
    pub escalation_pct: f64,
    /// A review is due this many days after it is opened (default 14).
    pub review_due_days: u32,
    #[serde(default)]
    pub overrides: Vec<AlertThresholdOverride>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AlertThresholdOverride {
    /// `A`, `B` or `C`; absent: every criticality.
    #[serde(default)]
    pub criticality: Option<String>,
    /// A contract tier; absent: every tier.
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub warning_pct: Option<f64>,
    #[serde(default)]
    pub escalation_pct: Option<f64>,
}

/// One SLA duration alert.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AlertDto {
    #[ts(type = "number")]
    pub alert_id: i64,
    pub order_id: String,
    pub order_line: String,
    /// `warning`, `breached` or `escalated`.
    pub level: String,
    /// `open`, `acknowledged`, `snoozed` or `resolved`.
    pub state: String,
    pub raised_as_of: String,
    #[ts(type = "number")]
    pub batch_id: i64,
    pub part_id: String,
    pub customer_id: String,
    pub criticality: Option<String>,
    pub tier: Option<String>,
    pub created_date: String,
    /// Age when raised.
    #[ts(type = "number")]
    pub age_days: i64,
    pub limit_days: f64,
    pub assignee: Option<String>,
    pub snooze_until: Option<String>,
    pub resolved_as_of: Option<String>,
    /// `line_closed` or `superseded`.
    pub resolved_reason: Option<String>,
}

/// Alerts by state and level (the masthead badge, the panel's filters).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AlertCounts {
    /// Open: raised (or woken) and not yet acknowledged.
    #[ts(type = "number")]
    pub open: u64,
    #[ts(type = "number")]
    pub acknowledged: u64,
    #[ts(type = "number")]
    pub snoozed: u64,
    #[ts(type = "number")]
    pub resolved: u64,
    /// Unresolved alerts by level.
    #[ts(type = "number")]
    pub warning: u64,
    #[ts(type = "number")]
    pub breached: u64,
    #[ts(type = "number")]
    pub escalated: u64,
}

/// The alert panel: counts and the alerts asked for.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AlertList {
    pub as_of: Option<String>,
    pub counts: AlertCounts,
    pub alerts: Vec<AlertDto>,
}

/// The badge and the after-import notification.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AlertSummary {
    pub counts: AlertCounts,
    /// The newest committed import and the alerts it raised, by level.
    #[ts(type = "number | null")]
    pub last_batch_id: Option<i64>,
    pub last_as_of: Option<String>,
    #[ts(type = "number")]
    pub raised_warning: u64,
    #[ts(type = "number")]
    pub raised_breached: u64,
    #[ts(type = "number")]
    pub raised_escalated: u64,
    /// Reviews the newest import opened, and reviews overdue now.
    #[ts(type = "number")]
    pub reviews_opened: u64,
    #[ts(type = "number")]
    pub reviews_overdue: u64,
}

/// A closed-loop review of a line older than 30 days.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewDto {
    #[ts(type = "number")]
    pub review_id: i64,
    pub order_id: String,
    pub order_line: String,
    pub part_id: String,
    pub customer_id: String,
    pub opened_as_of: String,
    /// Age when opened.
    #[ts(type = "number")]
    pub age_days: i64,
    pub owner: Option<String>,
    pub due_date: String,
    /// `open`, `in_progress` or `closed`.
    pub status: String,
    pub resolution: Option<String>,
    pub preventive_action: Option<String>,
    #[ts(type = "number | null")]
    pub countermeasure_id: Option<i64>,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    /// Not closed and due before the working set's as-of date.
    pub overdue: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReviewList {
    pub as_of: Option<String>,
    #[ts(type = "number")]
    pub open: u64,
    #[ts(type = "number")]
    pub overdue: u64,
    #[ts(type = "number")]
    pub closed: u64,
    pub reviews: Vec<ReviewDto>,
}

/// Backorder lines created per month, 6 months before and after a countermeasure.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecurrenceDto {
    #[ts(type = "number")]
    pub before_lines: u64,
    pub before_months: f64,
    pub before_per_month: f64,
    #[ts(type = "number")]
    pub after_lines: u64,
    pub after_months: f64,
    pub after_per_month: Option<f64>,
    pub change_pct: Option<f64>,
    pub after_complete: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CountermeasureDto {
    #[ts(type = "number")]
    pub countermeasure_id: i64,
    /// `part`, `supplier` or `root_cause`.
    pub target_kind: String,
    pub target: String,
    pub effective_date: String,
    pub description: String,
    pub created_at: String,
    pub created_by: String,
    pub recurrence: RecurrenceDto,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FailureCauseCount {
    pub root_cause: String,
    #[ts(type = "number")]
    pub lines: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartFailureModes {
    pub part_id: String,
    #[ts(type = "number")]
    pub lines: u64,
    pub root_causes: Vec<FailureCauseCount>,
}

/// The quarter's top-10 backordered parts with their root-cause mix.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FailureModes {
    pub quarter: String,
    /// The quarter of the as-of date and the three before it, newest first.
    pub quarters: Vec<String>,
    pub parts: Vec<PartFailureModes>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AlertsArgs {
    /// `open`, `acknowledged`, `snoozed`, `resolved`, or `active` (all but
    /// resolved); default `active`.
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub level: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AlertIdArgs {
    #[ts(type = "number")]
    pub alert_id: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AlertAssignArgs {
    #[ts(type = "number")]
    pub alert_id: i64,
    /// Empty or absent: unassigned.
    #[serde(default)]
    pub assignee: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AlertSnoozeArgs {
    #[ts(type = "number")]
    pub alert_id: i64,
    /// YYYY-MM-DD, after the working set's as-of date.
    pub until: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct SetAlertThresholdsArgs {
    pub thresholds: AlertThresholds,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ReviewsArgs {
    /// Only overdue reviews.
    #[serde(default)]
    pub overdue: bool,
    /// `open`, `in_progress`, `closed`, or `active` (not closed); default all.
    #[serde(default)]
    pub status: Option<String>,
}

/// Changes to a review; absent fields stay as they are. Closing is `review_close`.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ReviewUpdateArgs {
    #[ts(type = "number")]
    pub review_id: i64,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due_date: Option<String>,
    /// `open` or `in_progress`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub preventive_action: Option<String>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub countermeasure_id: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ReviewCloseArgs {
    #[ts(type = "number")]
    pub review_id: i64,
    /// Required: what ended or will end the backorder.
    #[serde(default)]
    pub resolution: Option<String>,
    #[serde(default)]
    pub preventive_action: Option<String>,
    #[serde(default)]
    #[ts(type = "number | null")]
    pub countermeasure_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CountermeasureAddArgs {
    /// `part`, `supplier` or `root_cause`.
    pub target_kind: String,
    pub target: String,
    /// YYYY-MM-DD: when it took effect.
    pub effective_date: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct FailureModesArgs {
    /// `YYYY-Qn`; default the quarter of the as-of date.
    #[serde(default)]
    pub quarter: Option<String>,
}

// ---------------------------------------------------------------------------
// Working-set forecasting, adjustments, replenishment, supplier forecast
// sharing (issue 6). The contract the api and the UI are built against;
// fields may be added, none changed.

/// `forecast_part`: one part's forecast at one location, or over all its
/// locations (`location_id` absent: the part's network total).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartForecastArgs {
    pub part_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub location_id: Option<String>,
    /// Months ahead; 12 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub horizon: Option<u32>,
    /// A method name as `bodesk forecast --method`; `auto` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub method: Option<String>,
}

/// Forecast accuracy from a rolling-origin backtest: the forecast is refitted
/// at each origin and compared with the `horizon` months that followed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AccuracyDto {
    /// Mean absolute scaled error (scale: in-sample MAE of the naive
    /// one-step forecast); absent when the scale is 0 (a constant history).
    pub mase: Option<f64>,
    /// Mean absolute error, units per month.
    pub mae: f64,
    /// Mean of forecast − actual, units per month (positive: over-forecast).
    pub bias: f64,
    pub origins: u32,
    pub horizon: u32,
    /// Forecast/actual pairs compared.
    pub points: u32,
}

/// A change to a part's demand or supply outlook. `kind`:
/// - `campaign`: a repair campaign adds `qty` units of demand, spread evenly
///   over the months `start_period..=end_period`;
/// - `override`: the planner's forecast, `qty` units per month, replaces the
///   statistical one from `start_period` until `end_period` (its expiry);
/// - `supply_change`: a known change of supply (ramp-up, new sourcing) of
///   `qty` units per month (negative: less); it moves supply, never demand,
///   and is shown beside the forecast.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ForecastAdjustmentDto {
    /// The planner's adjustment id; absent for a campaign from the ERP export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "number")]
    pub adjustment_id: Option<i64>,
    pub kind: String,
    pub part_id: String,
    /// Absent: every location of the part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub location_id: Option<String>,
    /// First month, `YYYY-MM`.
    pub start_period: String,
    /// Last month (an override's expiry), `YYYY-MM`.
    pub end_period: String,
    pub qty: f64,
    pub reason: String,
    /// `planner` or `erp_campaign` (the campaign_id is in `reason`).
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub created_at: Option<String>,
    /// False once `end_period` is before the as-of month.
    pub active: bool,
}

/// `add_forecast_adjustment`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewForecastAdjustment {
    /// `campaign`, `override` or `supply_change`.
    pub kind: String,
    pub part_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub location_id: Option<String>,
    pub start_period: String,
    pub end_period: String,
    pub qty: f64,
    /// Required, non-empty: it goes to the audit trail.
    pub reason: String,
}

/// `remove_forecast_adjustment` (audited with the reason).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RemoveForecastAdjustment {
    #[ts(type = "number")]
    pub adjustment_id: i64,
    pub reason: String,
}

/// A part's forecast: history (recorded and reconstructed demand), the
/// forecast with its band, the method and its accuracy, the adjustments.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartForecastDto {
    pub part_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub location_id: Option<String>,
    /// Locations with demand history for this part (for a picker).
    pub locations: Vec<String>,
    /// History months, `YYYY-MM`, oldest first.
    pub periods: Vec<String>,
    /// Demand as the ERP recorded it (qty_demanded).
    pub recorded: Vec<f64>,
    /// True demand estimated where the month was censored (else = recorded).
    pub reconstructed: Vec<f64>,
    /// Months whose demand was a lower bound (same length as `periods`).
    pub censored: Vec<bool>,
    /// Why each month was censored, e.g. "12 stockout days"; "" when not.
    pub censored_reason: Vec<String>,
    /// The censored-demand model (`normal`, `poisson`) and its fit status.
    pub censoring_model: String,
    pub censoring_fit: String,
    /// Forecast months, `YYYY-MM`.
    pub forecast_periods: Vec<String>,
    /// The statistical forecast (of reconstructed demand).
    pub baseline: Vec<f64>,
    /// After adjustments (campaigns, overrides): what replenishment uses.
    pub forecast: Vec<f64>,
    /// The band around `forecast` at `band_level` (e.g. 0.8), never below 0.
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub band_level: f64,
    /// The method that made the baseline (for `auto`, the chosen one).
    pub method: String,
    pub params: ForecastParamsDto,
    pub accuracy: AccuracyDto,
    /// Adjustments touching this part (and location), active first.
    pub adjustments: Vec<ForecastAdjustmentDto>,
    /// Supply changes per forecast month (sum of active `supply_change`
    /// adjustments; shown, never added to demand).
    pub supply_change: Vec<f64>,
    /// Accuracy before and after the last backorder recovery (the first
    /// uncensored month after a run of censored ones); absent when the
    /// history has none. (Added by the recovery work; optional on the wire.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub recovery: Option<RecoveryAccuracyDto>,
}

/// Forecast accuracy around a backorder recovery: `before` backtests the
/// origins in the `window` months before the recovery against months before
/// it (while the part was short), `after` the origins in the `window` months
/// from the recovery on (once supply was back). Same method and horizon as
/// the part's `accuracy`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecoveryAccuracyDto {
    /// The recovery month, `YYYY-MM` (first uncensored month after the run).
    pub period: String,
    /// Censored months in the run the recovery ended.
    pub censored_run: u32,
    /// Months of origins on each side.
    pub window: u32,
    pub before: AccuracyDto,
    pub after: AccuracyDto,
    /// One line for the planner, e.g. "after the recovery in 2026-06 the
    /// forecast error fell from MAE 1.52 to 1.26 units a month".
    pub verdict: String,
}

/// `forecast_list`: every part × location with demand history.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ForecastListArgs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub part_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub offset: Option<u32>,
    /// Also backtest every series (not just the page) for
    /// `portfolio_accuracy`: seconds on a large working set, cached per
    /// working-set version. (Added by the recovery work.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub with_portfolio_accuracy: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ForecastRow {
    pub part_id: String,
    pub location_id: String,
    pub method: String,
    /// `smooth`, `erratic`, `intermittent`, `lumpy` or `no_demand`.
    pub class: String,
    pub next_month: f64,
    /// Sum of the forecast over the horizon.
    pub horizon_total: f64,
    pub mase: Option<f64>,
    pub bias: f64,
    pub censored_months: u32,
    /// Demand added by reconstruction over the history.
    pub reconstructed_extra: f64,
    pub adjusted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ForecastPortfolio {
    #[ts(type = "number")]
    pub total_rows: u64,
    pub rows: Vec<ForecastRow>,
    /// Portfolio accuracy: MASE is the mean of the series' MASE, MAE and
    /// bias the means over all compared points.
    pub accuracy: AccuracyDto,
    /// The same over every series of the portfolio (every page, the part
    /// filter applied), when asked for with `with_portfolio_accuracy`.
    /// (Added by the recovery work.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub portfolio_accuracy: Option<AccuracyDto>,
    /// Series `portfolio_accuracy` covers (all of them), and of those the
    /// ones with a MASE (its mean is over these).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub portfolio_series: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub portfolio_series_with_mase: Option<u32>,
}

/// `replenishment`: the suggestions (computed from the working set at its
/// as-of date), with any decision already taken on them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReplenishmentArgs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub part_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub location_id: Option<String>,
    /// Also list part × locations that need no order (suggested_qty 0).
    #[serde(default)]
    pub include_no_order: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReplenishmentSuggestionDto {
    /// Stable for the same part, location, kind and import batch.
    pub suggestion_id: String,
    pub part_id: String,
    pub location_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub supplier_id: Option<String>,
    /// `reorder` (the normal logic) or `emergency` (extended backorder:
    /// above the normal logic, with the reason).
    pub kind: String,
    pub on_hand: f64,
    pub on_order: f64,
    pub backorders: f64,
    /// on hand + on order − backorders.
    pub inventory_position: f64,
    pub lead_time_days: f64,
    pub target_fill_rate: f64,
    /// `poisson`, `negative_binomial` or `bootstrap`.
    pub distribution: String,
    pub lead_time_demand_mean: f64,
    pub safety_stock: f64,
    pub reorder_point: f64,
    pub min: f64,
    pub max: f64,
    /// Temporary buffer uplift for recurring backorders (0.25 = +25 %).
    pub buffer_uplift: f64,
    /// `normal`, `recovery` (capped while supply is unstable) or `decay`
    /// (back towards normal).
    pub phase: String,
    pub suggested_qty: f64,
    pub unit_cost: f64,
    pub value: f64,
    /// Why, in a planner's words, with the figures.
    pub reason: String,
    /// `accepted` or `rejected` once decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub decision: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub decision_note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub decided_at: Option<String>,
    /// Added by the replenishment branch: when the order should arrive
    /// (as-of + lead time; emergency: as-of + expedite days), `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub delivery_date: Option<String>,
    /// Added by the replenishment branch: the demand per month planned with
    /// (the `auto` forecast of the reconstructed monthly history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub demand_per_month: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReplenishmentReport {
    pub as_of: String,
    pub rows: Vec<ReplenishmentSuggestionDto>,
    pub emergency_count: u32,
    pub accepted_count: u32,
    pub rejected_count: u32,
}

/// `decide_replenishment` (audited).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecideReplenishment {
    pub suggestion_id: String,
    /// `accepted`, `rejected` or `open` (undo a decision).
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

/// `supplier_forecast_export`: the forecast of a supplier's parts.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SupplierForecastArgs {
    pub supplier_id: String,
    /// `monthly` or `weekly`; the supplier's setting when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub cadence: Option<String>,
    /// Months ahead; 12 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub horizon: Option<u32>,
}

/// `set_supplier_forecast_cadence` (audited setting per supplier).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SupplierCadence {
    pub supplier_id: String,
    pub cadence: String,
}

// --- Weighting censored-demand corrections by backorder age (ageweight) ----

/// The setting `forecast_age_weighting`: when enabled, each censored month's
/// correction (reconstructed − recorded) counts `min(1, age / threshold_days)`
/// of the quantity-weighted mean age of the backorder lines created in it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgeWeightingDto {
    pub enabled: bool,
    pub threshold_days: f64,
}

/// `set_forecast_age_weighting` (audited): the threshold stays unless given.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetAgeWeighting {
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub threshold_days: Option<f64>,
}

/// `forecast_age_weighting_backtest`: threshold (default: the setting's) and
/// optionally one part.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgeWeightingBacktestArgs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub threshold_days: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub part_id: Option<String>,
}

/// Whether weighting by backorder age helped: rolling-origin backtests of
/// the fully corrected against the age-weighted history, scored on
/// uncensored months, pooled over the portfolio.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgeWeightingBacktestDto {
    pub threshold_days: f64,
    /// Part × location series read.
    #[ts(type = "number")]
    pub series: u64,
    /// Series whose weighted history differs and that had months to score.
    #[ts(type = "number")]
    pub series_compared: u64,
    /// Compared series whose MAE fell with the weighting.
    #[ts(type = "number")]
    pub series_improved: u64,
    /// Compared series whose MAE rose.
    #[ts(type = "number")]
    pub series_worse: u64,
    /// Weighted history differs, but no uncensored month after an origin.
    #[ts(type = "number")]
    pub series_without_comparable_months: u64,
    /// Forecast/actual pairs pooled (per variant).
    #[ts(type = "number")]
    pub points: u64,
    pub mae_full_correction: Option<f64>,
    pub mae_age_weighted: Option<f64>,
    pub bias_full_correction: Option<f64>,
    pub bias_age_weighted: Option<f64>,
    /// The pooled age-weighted MAE is lower.
    pub helped: bool,
    /// One sentence for the planner.
    pub verdict: String,
}
