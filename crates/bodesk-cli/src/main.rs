//! `bodesk`: Backorder Desk on the command line. A thin layer over
//! `bodesk-api`: parse arguments, call the façade, print the result.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use bodesk_api::dto::{ForecastFileArgs, ImportOptions, ImportProgress, ImportReport, SniffReport};
use bodesk_api::{ApiError, Workspace};
use clap::{Parser, Subcommand};

/// `println!` that ends the program quietly when stdout is closed (`bodesk … | head`).
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($t)*).is_err() {
            std::process::exit(0);
        }
    }};
}

mod actions;
mod adjust;
mod age_weighting;
mod causes;
mod followup;
mod forecast;
mod replenish;

#[derive(Parser)]
#[command(
    name = "bodesk",
    version,
    about = "Backorder Desk: backorder management for service-parts networks"
)]
struct Cli {
    /// The working set (SQLite file). Default: the user's data folder.
    #[arg(long, global = true, env = "BODESK_DB", value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import ERP export files or folders as one batch (all or nothing).
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The export's as-of date (YYYY-MM-DD); default today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// A mapping profile (TOML) for column and file names the built-in vocabularies miss.
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
        /// Commit the valid rows even when some rows are rejected.
        #[arg(long)]
        keep_valid: bool,
        /// Print the result as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Show how the reader sees a file: encoding, delimiter, preamble, header, column types, mapping.
    Sniff {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// Write the table exactly as read as RFC 4180 UTF-8 CSV.
        #[arg(long, value_name = "TABLE.csv")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        profile: Option<PathBuf>,
    },
    /// List the import batches, newest first.
    Batches {
        #[arg(long)]
        json: bool,
    },
    /// Export the rejects of a batch as CSV.
    Rejects {
        batch: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Load the demo network (written as ERP exports, imported month by month), or with --out only write the files.
    Demo {
        #[arg(long, default_value = "small", value_name = "small|large")]
        size: String,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Header vocabulary of the files: generic, sap-de or sap-en.
        #[arg(long, default_value = "generic")]
        vocabulary: String,
        /// Monthly exports to generate (history for trends).
        #[arg(long, default_value_t = 6)]
        exports: usize,
        /// Only write the export files into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// KPI totals as kpis.md defines them, optionally with one drill-down.
    Kpi {
        /// Drill down by region, location, part, product_line, criticality, tier, customer, supplier or root_cause.
        #[arg(long, value_name = "DIM")]
        by: Option<String>,
        /// Compute as of this date (YYYY-MM-DD); default the working set's as-of date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The backorder lines behind a figure, with their ages and figures.
    Lines {
        /// A drill-down filter such as region=EMEA or criticality=A (repeatable).
        #[arg(long = "where", value_name = "DIM=VALUE")]
        filters: Vec<String>,
        /// Only open lines.
        #[arg(long)]
        open: bool,
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Root causes of the open lines with their evidence; rules (show, preview, apply), overrides, field report.
    Causes(causes::CausesArgs),
    /// Check the working set: integrity, foreign keys, invariants. Non-zero exit on any finding.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Serve the web UI and its JSON API on this computer (127.0.0.1), or with --lan to phones and meeting rooms.
    Serve {
        /// The TCP port; 0 picks any free one.
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Also listen on the LAN (0.0.0.0): prints a URL with a one-run access
        /// token and its QR code; other devices get read-only access.
        #[arg(long)]
        lan: bool,
        /// The built UI folder (default: the repository's ui/dist).
        #[arg(long, env = "BODESK_UI_DIR", value_name = "DIR")]
        ui: Option<PathBuf>,
        /// Open the page in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Forecasts: of the working set (per part and location, censored demand
    /// reconstructed), or of a long demand file with `--input`.
    ///
    /// Working set: `--part P [--location L]` prints the part's history
    /// (recorded and reconstructed demand), forecast, 80 % band, method and
    /// accuracy (at L, else over all its locations); without `--part` the
    /// portfolio table (largest forecast first) and its accuracy.
    ///
    /// `--input`: the file is CSV with a header naming `period`, `part_id` and `qty`;
    /// `period` is YYYY-MM, YYYY-MM-DD (weekly when all dates share a weekday)
    /// or a whole number. Rows may come in any order: each part's periods are
    /// sorted, and a part's series runs from its first period to the last
    /// period of the file. Missing periods are zero demand. Every method
    /// follows statsforecast and forecasts a flat level.
    Forecast {
        /// The long demand file `period,part_id,qty` (no working set).
        #[arg(long, value_name = "FILE.csv", conflicts_with_all = ["part", "location", "limit", "offset"])]
        input: Option<PathBuf>,
        /// Working set: one part.
        #[arg(long, value_name = "P")]
        part: Option<String>,
        /// Working set: one location of the part (default: all its locations).
        #[arg(long, value_name = "L", requires = "part")]
        location: Option<String>,
        /// Working set, portfolio: rows to show (default 100).
        #[arg(long, value_name = "N", conflicts_with = "part")]
        limit: Option<u32>,
        /// Working set, portfolio: rows to skip.
        #[arg(long, value_name = "N", conflicts_with = "part")]
        offset: Option<u32>,
        /// Working set, portfolio: also the accuracy over every series (a
        /// backtest of the whole portfolio; seconds on a large working set).
        #[arg(long, conflicts_with_all = ["part", "input"])]
        accuracy: bool,
        /// ses, croston, sba, croston_opt, tsb, adida, imapa or auto (per-series choice by demand class).
        /// Required with --input; auto on the working set.
        #[arg(long, value_name = "M")]
        method: Option<String>,
        /// Periods to forecast.
        #[arg(long, default_value_t = 12, value_name = "H")]
        horizon: u32,
        /// SES smoothing constant.
        #[arg(long, default_value_t = 0.1, value_name = "A")]
        alpha: f64,
        /// TSB: smoothing constant of the demand sizes.
        #[arg(long, default_value_t = 0.1, value_name = "A")]
        alpha_d: f64,
        /// TSB: smoothing constant of the demand probability.
        #[arg(long, default_value_t = 0.1, value_name = "A")]
        alpha_p: f64,
        /// Reconstruct censored demand first even without a censoring column
        /// (with a `qty_filled`, `stockout_days` or `censored` column it is
        /// done anyway); the JSON then carries "history": recorded and
        /// reconstructed side by side.
        #[arg(long)]
        censored: bool,
        /// Censored-demand model: auto (Poisson for whole-number series with a
        /// mean below 10, else normal), normal or poisson.
        #[arg(long, value_name = "MODEL")]
        censored_model: Option<String>,
        /// One JSON object per series and line: {"part_id", "method", "forecast", "params"[, "history"]}.
        #[arg(long)]
        json: bool,
        /// Working set: does weighting censored-demand corrections by backorder age help?
        /// Backtests the fully corrected against the age-weighted history (with --part: one part).
        #[arg(long, conflicts_with_all = ["input", "set_age_weighting"])]
        age_weighting_backtest: bool,
        /// Working set: turn the weighting of corrections by backorder age on or off (audited);
        /// forecasts, replenishment and supplier sharing then read the weighted history.
        #[arg(long, value_name = "on|off", conflicts_with = "input")]
        set_age_weighting: Option<String>,
        /// Age in days at which a month's correction counts fully (default: the setting's, 30).
        #[arg(long, value_name = "D")]
        threshold: Option<f64>,
    },
    /// Open lines ranked by what expediting them saves: air/courier from the supplier or a transfer from free stock, against SLA penalty and downtime.
    Expedite {
        /// Rows to show (a table shows 20 by default, --json all).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// A drill-down filter such as region=EMEA (repeatable).
        #[arg(long = "where", value_name = "DIM=VALUE")]
        filters: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Backorder days per replenishment cycle: supplier lateness vs demand above plan, per part or supplier.
    Attribution {
        /// part or supplier.
        #[arg(long, default_value = "part", value_name = "part|supplier")]
        by: String,
        /// Groups to show (a table shows 20 by default, --json all).
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// End-of-life parts: backorder rate before/after EOL, successor stocked where wanted, last-time buy.
    Eol {
        /// Service horizon a last-time buy covers (default: the working set's setting eol.horizon_months, else 24).
        #[arg(long, value_name = "N")]
        horizon_months: Option<f64>,
        #[arg(long)]
        json: bool,
    },
    /// SLA duration alerts (warning, breached, escalated): list, --csv, ack, assign, snooze, thresholds.
    Alerts(followup::AlertsCmd),
    /// Closed-loop reviews of lines older than 30 days: list, --overdue, update, close --resolution.
    Reviews(followup::ReviewsCmd),
    /// Countermeasures and their backorder recurrence 6 months before and after: list, add.
    Countermeasures(followup::CountermeasuresCmd),
    /// The quarter's top-10 backordered parts with their root-cause mix.
    FailureModes(followup::FailureModesCmd),
    /// Forecast adjustments (planner's campaigns, overrides, supply changes and the ERP's campaigns), active first.
    Adjustments(adjust::AdjustmentsCmd),
    /// Add or remove a forecast adjustment: campaign, override (with expiry) or supply change; audited.
    Adjust(adjust::AdjustCmd),
    /// The forecast of a supplier's parts as CSV, monthly or weekly; --set-cadence stores the supplier's cadence.
    SupplierForecast(adjust::SupplierForecastCmd),
    /// Replenishment suggestions under backorders: list (--all, --json), accept, reject, reopen, export, settings.
    Replenish(replenish::ReplenishCmd),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("bodesk: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn open(db: Option<PathBuf>) -> anyhow::Result<Workspace> {
    let path = db.unwrap_or_else(bodesk_api::default_db_path);
    Workspace::open(&path)
        .map_err(api)
        .with_context(|| format!("opening the working set {}", path.display()))
}

fn api(e: ApiError) -> anyhow::Error {
    anyhow::anyhow!(
        "{} [{}]",
        e.message,
        serde_json::to_value(e.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    )
}

fn read_profile(p: Option<PathBuf>) -> anyhow::Result<Option<String>> {
    p.map(|p| {
        std::fs::read_to_string(&p)
            .with_context(|| format!("reading the mapping profile {}", p.display()))
    })
    .transpose()
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Expedite {
            limit,
            filters,
            json,
        } => actions::expedite(&open(cli.db)?, &filters, limit, json),
        Command::Attribution { by, limit, json } => {
            actions::attribution(&open(cli.db)?, &by, limit, json)
        }
        Command::Eol {
            horizon_months,
            json,
        } => actions::eol(&open(cli.db)?, horizon_months, json),
        Command::Alerts(c) => followup::alerts(open(cli.db)?, c),
        Command::Reviews(c) => followup::reviews(open(cli.db)?, c),
        Command::Countermeasures(c) => followup::countermeasures(open(cli.db)?, c),
        Command::FailureModes(c) => followup::failure_modes(open(cli.db)?, c),
        Command::Adjustments(c) => adjust::adjustments(&open(cli.db)?, c),
        Command::Adjust(c) => adjust::adjust(open(cli.db)?, c),
        Command::SupplierForecast(c) => adjust::supplier_forecast(open(cli.db)?, c),
        Command::Replenish(c) => replenish::replenish(open(cli.db)?, c),
        Command::Serve {
            port,
            lan,
            ui,
            open,
        } => serve(cli.db, port, lan, ui, open),
        Command::Forecast {
            input,
            part,
            location,
            limit,
            offset,
            accuracy,
            method,
            horizon,
            alpha,
            alpha_d,
            alpha_p,
            censored,
            censored_model,
            json,
            age_weighting_backtest,
            set_age_weighting,
            threshold,
        } => {
            if let Some(on_off) = set_age_weighting {
                return age_weighting::set(&mut open(cli.db)?, &on_off, threshold, json);
            }
            if age_weighting_backtest {
                return age_weighting::backtest(&open(cli.db)?, part, threshold, json);
            }
            let Some(input) = input else {
                let args = forecast::WorkingSetArgs {
                    part,
                    location,
                    limit,
                    offset,
                    accuracy,
                    method,
                    horizon,
                };
                return forecast::working_set(&open(cli.db)?, args, json);
            };
            let method =
                method.context("--method is required with --input (e.g. --method auto)")?;
            let args = ForecastFileArgs {
                method,
                horizon,
                alpha,
                alpha_d,
                alpha_p,
                censored,
                censored_model,
            };
            let series = bodesk_api::forecast::forecast_file(&input, &args).map_err(api)?;
            if json {
                for s in &series {
                    outln!("{}", serde_json::to_string(s)?);
                }
            } else {
                outln!(
                    "{:<20}  {:<12}  {:>12}  params",
                    "part",
                    "method",
                    "per period"
                );
                for s in &series {
                    let level = s.forecast.first().copied().unwrap_or(0.0);
                    outln!(
                        "{:<20}  {:<12}  {:>12.4}  {}",
                        s.part_id,
                        s.method,
                        level,
                        serde_json::to_string(&s.params)?
                    );
                    if let Some(h) = &s.history {
                        let censored = h.censored.iter().filter(|&&c| c).count();
                        let recorded: f64 = h.recorded.iter().sum();
                        let reconstructed: f64 = h.reconstructed.iter().sum();
                        outln!(
                            "{:<20}  {censored} of {} periods censored, {} model ({}): mu {:.4}, sigma {:.4}; demand recorded {recorded:.2}, reconstructed {reconstructed:.2}",
                            "",
                            h.censored.len(),
                            h.model,
                            h.fit,
                            h.mu,
                            h.sigma
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            paths,
            as_of,
            profile,
            keep_valid,
            json,
        } => {
            let options = ImportOptions {
                as_of,
                keep_valid,
                profile_toml: read_profile(profile)?,
            };
            let mut ws = open(cli.db)?;
            let bar = progress_bar();
            let mut on_progress = |p: &ImportProgress| {
                if let Some(b) = &bar {
                    b.set_length(p.bytes_total.max(1));
                    b.set_position(p.bytes_done);
                    b.set_message(format!("{} {} · {} rows", p.phase, p.file, p.rows));
                }
            };
            let cancel = AtomicBool::new(false);
            let report = ws
                .import(&paths, &options, &mut on_progress, &cancel)
                .map_err(api)?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            print_import(&report, json)?;
            Ok(if report.committed {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Sniff {
            file,
            json,
            out,
            profile,
        } => {
            let report =
                bodesk_api::sniff::sniff(&file, read_profile(profile)?.as_deref(), out.as_deref())
                    .map_err(api)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print_sniff(&report);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Batches { json } => {
            let ws = open(cli.db)?;
            let batches = ws.batches().map_err(api)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&batches)?);
            } else if batches.is_empty() {
                outln!("no imports yet");
            } else {
                outln!(
                    "{:>6}  {:<10}  {:<10}  {:<20}  {:>10}  {:>8}  files",
                    "batch",
                    "status",
                    "as of",
                    "started",
                    "rows",
                    "rejects"
                );
                for b in &batches {
                    let files: Vec<String> = b
                        .files
                        .iter()
                        .map(|f| format!("{} ({})", f.file, f.status))
                        .collect();
                    outln!(
                        "{:>6}  {:<10}  {:<10}  {:<20}  {:>10}  {:>8}  {}",
                        b.batch_id,
                        b.status,
                        b.as_of,
                        b.started_at,
                        b.rows_written,
                        b.rejects,
                        files.join(", ")
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rejects { batch, out } => {
            let ws = open(cli.db)?;
            let n = ws.export_rejects(batch, &out).map_err(api)?;
            eprintln!(
                "{n} reject(s) of batch {batch} written to {}",
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            size,
            seed,
            vocabulary,
            exports,
            out,
        } => {
            let cfg = bodesk_api::demo::DemoConfig {
                size: bodesk_api::demo::parse_size(&size).map_err(api)?,
                seed,
                vocabulary: bodesk_api::demo::parse_vocabulary(&vocabulary).map_err(api)?,
                exports,
                ..Default::default()
            };
            if let Some(out) = out {
                for (as_of, dir) in bodesk_api::demo::write_demo(&cfg, &out).map_err(api)? {
                    outln!("{as_of}  {}", dir.display());
                }
                return Ok(ExitCode::SUCCESS);
            }
            let mut ws = open(cli.db)?;
            let bar = progress_bar();
            let mut on_progress = |p: &ImportProgress| {
                if let Some(b) = &bar {
                    b.set_length(p.bytes_total.max(1));
                    b.set_position(p.bytes_done);
                    b.set_message(format!("{} {} · {} rows", p.phase, p.file, p.rows));
                }
            };
            let report = ws
                .load_demo(&cfg, &mut on_progress, &AtomicBool::new(false))
                .map_err(api)?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            outln!(
                "demo network loaded into {}: exports as of {}",
                ws.path().display(),
                report.exports.join(", ")
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Kpi { by, as_of, json } => {
            let ws = open(cli.db)?;
            let r = ws.kpis(as_of.as_deref(), by.as_deref()).map_err(api)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print_kpis(&r);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Lines {
            filters,
            open: open_only,
            as_of,
            json,
        } => {
            let pairs = filters
                .iter()
                .map(|f| {
                    f.split_once('=')
                        .map(|(d, v)| (d.trim().to_string(), v.trim().to_string()))
                        .ok_or_else(|| {
                            anyhow::anyhow!("--where {f:?}: expected DIM=VALUE, e.g. region=EMEA")
                        })
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let ws = open(cli.db)?;
            let lines = ws.lines(&pairs, as_of.as_deref(), open_only).map_err(api)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&lines)?);
            } else {
                outln!(
                    "{:<12} {:>5} {:<10} {:<10} {:<8} {:<8} {:<9} {:>7} {:<10} {:>5} {:>8} {:>11} {:<6} {}",
                    "order", "line", "customer", "part", "location", "region", "status", "qty", "created", "age", "bo days", "value", "breach", "root cause"
                );
                for l in &lines {
                    outln!(
                        "{:<12} {:>5} {:<10} {:<10} {:<8} {:<8} {:<9} {:>7} {:<10} {:>5} {:>8} {:>11.2} {:<6} {}",
                        l.order_id,
                        l.order_line,
                        l.customer_id,
                        l.part_id,
                        l.location_id,
                        l.region,
                        l.status,
                        l.qty_open,
                        l.created_date,
                        l.age_days.map(|a| a.to_string()).unwrap_or_default(),
                        l.backorder_days,
                        l.value,
                        if l.sla_breach { "yes" } else { "" },
                        l.root_cause
                    );
                }
                outln!("{} line(s)", lines.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Causes(args) => causes::run(cli.db, args),
        Command::Check { json } => {
            let ws = open(cli.db)?;
            let c = ws.check().map_err(api)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&c)?);
            } else {
                outln!(
                    "working set {} (schema {})",
                    ws.path().display(),
                    c.schema_version
                );
                for t in &c.counts {
                    outln!("  {:<16} {:>10}", t.table, t.rows);
                }
                for (what, list) in [
                    ("integrity", &c.integrity),
                    ("foreign key", &c.foreign_keys),
                    ("invariant", &c.invariants),
                ] {
                    for f in list {
                        outln!("FAIL {what}: {f}");
                    }
                }
                outln!("{}", if c.ok { "ok" } else { "problems found" });
            }
            Ok(if c.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

/// A progress bar on an interactive terminal; nothing when piped.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let b = indicatif::ProgressBar::new(1);
    b.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(b)
}

fn print_import(r: &ImportReport, json: bool) -> anyhow::Result<()> {
    if json {
        outln!("{}", serde_json::to_string_pretty(r)?);
    } else {
        for f in &r.files {
            outln!(
                "{:<32} {:<16} {:<9} {:>9} rows {:>7} rejects  {} {} delimiter {}",
                f.file,
                f.entity.as_deref().unwrap_or("?"),
                f.status,
                f.rows,
                f.rejects,
                f.dialect.encoding,
                f.dialect.line_ends,
                f.dialect.delimiter
            );
            if !f.ignored_columns.is_empty() {
                outln!("    ignored columns: {}", f.ignored_columns.join(", "));
            }
            if f.vanished > 0 {
                outln!(
                    "    {} row(s) of the previous export no longer present",
                    f.vanished
                );
            }
        }
        match (r.committed, r.unchanged, r.batch_id) {
            (_, true, _) => outln!("unchanged: every file is identical to its last import; nothing to do"),
            (true, _, Some(b)) => outln!("committed as batch {b} (as of {})", r.as_of),
            (false, _, Some(b)) => outln!("rejected: nothing written (batch {b} records why; `bodesk rejects {b} --out rejects.csv`)"),
            _ => {}
        }
    }
    if r.rejects_total > 0 {
        for rej in r.rejects.iter().take(20) {
            eprintln!("{rej}");
        }
        if r.rejects_total > 20 {
            eprintln!("… and {} more", r.rejects_total - 20);
        }
        eprintln!("{} reject(s) in all", r.rejects_total);
    }
    Ok(())
}

fn print_sniff(r: &SniffReport) {
    let d = &r.dialect;
    outln!(
        "file          {} ({} bytes, sha256 {})",
        r.file,
        r.size_bytes,
        &r.sha256[..r.sha256.len().min(16)]
    );
    outln!("encoding      {}", d.encoding);
    outln!(
        "delimiter     {}   quote {}   escape {}   line ends {}",
        d.delimiter,
        d.quote,
        d.escape,
        d.line_ends
    );
    for l in &r.preamble {
        outln!("preamble      line {:>4}: {}", l.line, l.text);
    }
    outln!(
        "header        line(s) {:?}: {}",
        r.header_lines,
        r.header.join(" | ")
    );
    outln!("rows          {}", r.rows);
    match (&r.entity, &r.recognised_by) {
        (Some(e), Some(by)) => outln!("entity        {e} (by {by})"),
        _ => outln!("entity        none recognised"),
    }
    outln!("columns");
    for c in &r.columns {
        outln!(
            "  {:<28} {:<8} {:<28} {}",
            c.name,
            c.kind,
            c.style.as_deref().unwrap_or(""),
            c.maps_to
                .as_deref()
                .map(|m| format!("-> {m}"))
                .unwrap_or_default()
        );
    }
    if !r.ignored_columns.is_empty() {
        outln!("ignored       {}", r.ignored_columns.join(", "));
    }
    if !r.missing_columns.is_empty() {
        outln!("missing       {} (required)", r.missing_columns.join(", "));
    }
    if !r.ragged_lines.is_empty() {
        outln!("ragged rows   lines {:?}", r.ragged_lines);
    }
    for l in &r.footer {
        outln!("footer        line {:>4}: {}", l.line, l.text);
    }
}

fn print_kpis(r: &bodesk_api::dto::KpiReport) {
    let t = &r.total;
    outln!("KPIs as of {}", r.as_of);
    let pct = |v: Option<f64>, scale: f64| {
        v.map(|v| format!("{:.1} %", v * scale))
            .unwrap_or_else(|| "n/a".into())
    };
    outln!("  fill rate (12 months)   {}", pct(t.fill_rate, 100.0));
    outln!(
        "  supplier on time        {}",
        pct(t.supplier_on_time_pct, 1.0)
    );
    let header = format!(
        "{:<24} {:>8} {:>10} {:>14} {:>8} {:>6} {:>10} {:>7} {:>10} {:>9} {:>8} {:>12} {:>6}",
        r.by.as_deref().unwrap_or(""),
        "lines",
        "qty",
        "value",
        "mean age",
        "max",
        "bo days",
        "parts",
        "days/part",
        "cust days",
        "breaches",
        "penalty",
        ">30d"
    );
    outln!("{header}");
    let row = |key: &str, f: &bodesk_api::dto::KpiFigures| {
        outln!(
            "{:<24} {:>8} {:>10.1} {:>14.2} {:>8.1} {:>6} {:>10} {:>7} {:>10.1} {:>9} {:>8} {:>12.2} {:>6}",
            key,
            f.open_lines,
            f.open_qty,
            f.open_value,
            f.mean_age_days,
            f.max_age_days,
            f.backorder_days,
            f.parts_affected,
            f.backorder_days_per_part,
            f.customer_impact_days,
            f.sla_breaches,
            f.penalty_exposure,
            f.lines_over_30_days
        );
    };
    for g in &r.groups {
        row(&g.key, &g.figures);
    }
    row("TOTAL", &t.figures);
}

fn serve(
    db: Option<PathBuf>,
    port: u16,
    lan: bool,
    ui: Option<PathBuf>,
    open_browser: bool,
) -> anyhow::Result<ExitCode> {
    let exe = std::env::current_exe().ok();
    let ui_dir = bodesk_server::find_ui_dir(ui, exe.as_deref())?;
    let path = db.unwrap_or_else(bodesk_api::default_db_path);
    let app = bodesk_api::App::open(&path)
        .map_err(api)
        .with_context(|| format!("opening the working set {}", path.display()))?;
    let config = if lan {
        bodesk_server::ServeConfig::lan(port, ui_dir)?
    } else {
        bodesk_server::ServeConfig::local(port, ui_dir)
    };
    let app = std::sync::Arc::new(app);
    app.warm_up();
    bodesk_server::serve_blocking(app, config, |c| {
        let url = c.url();
        outln!("Backorder Desk serving {url}");
        if c.lan {
            if let Some(qr) = bodesk_server::lan::qr_code(&url) {
                outln!("{qr}");
            }
            outln!(
                "Other devices on the network may look, not change: imports and the demo only from this computer."
            );
            outln!("The token in the address is new each run; anyone with it can read the working set.");
        }
        {
            use std::io::Write as _;
            let _ = std::io::stdout().flush();
        }
        if open_browser {
            open_in_browser(&c.loopback_url());
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Best effort: the system's "open this URL" command.
fn open_in_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("bodesk: could not open a browser ({program}: {e}); open {url} yourself");
    }
}
