//! `bodesk adjustments`, `bodesk adjust add|remove` and `bodesk
//! supplier-forecast`: forecast adjustments and supplier forecast sharing
//! (api `forecast_adjustments`, `supplier_forecast`).

use std::path::PathBuf;
use std::process::ExitCode;

use bodesk_api::dto::{
    ForecastAdjustmentDto, NewForecastAdjustment, RemoveForecastAdjustment, SupplierCadence,
    SupplierForecastArgs,
};
use bodesk_api::Workspace;
use clap::{Args, Subcommand};

use crate::api;

/// Forecast adjustments (planner's and ERP campaigns), active first.
#[derive(Args)]
pub struct AdjustmentsCmd {
    #[arg(long, value_name = "PART")]
    part: Option<String>,
    #[arg(long)]
    json: bool,
}

/// Add or remove a forecast adjustment (audited).
#[derive(Args)]
pub struct AdjustCmd {
    #[command(subcommand)]
    action: AdjustAction,
}

#[derive(Subcommand)]
enum AdjustAction {
    /// Add a campaign (units over the window), an override (units per month until --to) or a supply change (units per month).
    Add {
        /// campaign, override or supply_change.
        #[arg(long, value_name = "KIND")]
        kind: String,
        #[arg(long, value_name = "PART")]
        part: String,
        /// Default: every location of the part (its network total).
        #[arg(long, value_name = "LOCATION")]
        location: Option<String>,
        #[arg(long, value_name = "YYYY-MM")]
        from: String,
        /// The last month (an override's expiry).
        #[arg(long, value_name = "YYYY-MM")]
        to: String,
        #[arg(long, value_name = "Q", allow_hyphen_values = true)]
        qty: f64,
        /// Why (required; it goes to the audit trail).
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove an adjustment (audited with the reason; add it again to undo).
    Remove {
        adjustment_id: i64,
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
}

/// The forecast of a supplier's parts as CSV, monthly or weekly (the supplier's setting by default).
#[derive(Args)]
pub struct SupplierForecastCmd {
    #[arg(long, value_name = "SUPPLIER")]
    supplier: String,
    /// monthly or weekly for this export; default the supplier's setting (monthly when never set).
    #[arg(long, value_name = "monthly|weekly")]
    cadence: Option<String>,
    /// Months ahead (default 12).
    #[arg(long, value_name = "N")]
    horizon: Option<u32>,
    /// Write the CSV to this file (default: standard output).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Store the supplier's cadence (audited) instead of exporting.
    #[arg(long, value_name = "monthly|weekly", conflicts_with_all = ["cadence", "horizon", "out"])]
    set_cadence: Option<String>,
}

fn print_adjustment(a: &ForecastAdjustmentDto) {
    outln!(
        "{:>6}  {:<13}  {:<12}  {:<10}  {:<7}  {:<7}  {:>10}  {:<8}  {:<12}  {}",
        a.adjustment_id.map_or("-".into(), |id| id.to_string()),
        a.kind,
        a.part_id,
        a.location_id.as_deref().unwrap_or("all"),
        a.start_period,
        a.end_period,
        a.qty,
        if a.active { "active" } else { "expired" },
        a.source,
        a.reason
    );
}

fn print_header() {
    outln!(
        "{:>6}  {:<13}  {:<12}  {:<10}  {:<7}  {:<7}  {:>10}  {:<8}  {:<12}  reason",
        "id",
        "kind",
        "part",
        "location",
        "from",
        "to",
        "qty",
        "state",
        "source"
    );
}

pub fn adjustments(ws: &Workspace, cmd: AdjustmentsCmd) -> anyhow::Result<ExitCode> {
    let list = ws.forecast_adjustments(cmd.part.as_deref()).map_err(api)?;
    if cmd.json {
        outln!("{}", serde_json::to_string_pretty(&list)?);
    } else {
        print_header();
        for a in &list {
            print_adjustment(a);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn adjust(mut ws: Workspace, cmd: AdjustCmd) -> anyhow::Result<ExitCode> {
    match cmd.action {
        AdjustAction::Add {
            kind,
            part,
            location,
            from,
            to,
            qty,
            reason,
            json,
        } => {
            let added = ws
                .add_forecast_adjustment(&NewForecastAdjustment {
                    kind,
                    part_id: part,
                    location_id: location,
                    start_period: from,
                    end_period: to,
                    qty,
                    reason,
                })
                .map_err(api)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&added)?);
            } else {
                print_header();
                print_adjustment(&added);
            }
        }
        AdjustAction::Remove {
            adjustment_id,
            reason,
        } => {
            ws.remove_forecast_adjustment(&RemoveForecastAdjustment {
                adjustment_id,
                reason,
            })
            .map_err(api)?;
            eprintln!("removed adjustment {adjustment_id}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn supplier_forecast(mut ws: Workspace, cmd: SupplierForecastCmd) -> anyhow::Result<ExitCode> {
    if let Some(cadence) = cmd.set_cadence {
        ws.set_supplier_forecast_cadence(&SupplierCadence {
            supplier_id: cmd.supplier.clone(),
            cadence,
        })
        .map_err(api)?;
        let now = ws.supplier_forecast_cadence(&cmd.supplier).map_err(api)?;
        eprintln!("supplier {}: forecasts are shared {now}", cmd.supplier);
        return Ok(ExitCode::SUCCESS);
    }
    let export = ws
        .supplier_forecast_export(&SupplierForecastArgs {
            supplier_id: cmd.supplier,
            cadence: cmd.cadence,
            horizon: cmd.horizon,
        })
        .map_err(api)?;
    let text = export.text.unwrap_or_default();
    match cmd.out {
        Some(file) => {
            std::fs::write(&file, text)
                .map_err(|e| anyhow::anyhow!("writing {}: {e}", file.display()))?;
            eprintln!("wrote {} ({})", file.display(), export.file_name);
        }
        None => {
            use std::io::Write as _;
            if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
                std::process::exit(0);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
