//! `bodesk replenish`: replenishment suggestions under backorders, the
//! planner's decisions and the ERP export (api `crate::replenish`).

use std::path::PathBuf;
use std::process::ExitCode;

use bodesk_api::dto::{DecideReplenishment, ReplenishmentArgs, ReplenishmentSuggestionDto};
use bodesk_api::replenish::ReplenishmentSettings;
use bodesk_api::Workspace;
use clap::{Args, Subcommand};

use crate::api;

/// Replenishment suggestions: list (orders due; --all every part × location), accept, reject, reopen, export.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ReplenishCmd {
    #[command(subcommand)]
    action: Option<ReplenishAction>,
    #[arg(long, value_name = "PART")]
    part: Option<String>,
    #[arg(long, value_name = "LOCATION")]
    location: Option<String>,
    /// Also list part × locations that need no order.
    #[arg(long)]
    all: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum ReplenishAction {
    /// Accept a suggestion (it goes to the ERP export).
    Accept(DecideArgs),
    /// Reject a suggestion.
    Reject(DecideArgs),
    /// Undo a decision.
    Reopen(DecideArgs),
    /// The accepted suggestions as CSV for the ERP (stdout without --out).
    Export {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Show the settings, or set them from a JSON file (as `--json` prints them).
    Settings {
        #[arg(long, value_name = "FILE.json")]
        set: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct DecideArgs {
    /// As `bodesk replenish` lists it, e.g. 3-R-P100@W01.
    suggestion_id: String,
    #[arg(long, value_name = "TEXT", default_value = "")]
    note: String,
    #[arg(long)]
    json: bool,
}

fn print_row(r: &ReplenishmentSuggestionDto) {
    outln!(
        "{:<24}  {:<9}  {:<12}  {:<8}  {:>8}  {:>6}  {:>6}  {:>7}  {:>10}  {:<8}  {}",
        r.suggestion_id,
        r.kind,
        r.part_id,
        r.location_id,
        r.inventory_position,
        r.reorder_point,
        r.max,
        r.suggested_qty,
        format!("{:.2}", r.value),
        r.phase,
        r.decision.as_deref().unwrap_or("")
    );
    outln!("    {}", r.reason);
}

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub fn replenish(mut ws: Workspace, cmd: ReplenishCmd) -> anyhow::Result<ExitCode> {
    let (d, decision) = match cmd.action {
        Some(ReplenishAction::Accept(d)) => (d, "accepted"),
        Some(ReplenishAction::Reject(d)) => (d, "rejected"),
        Some(ReplenishAction::Reopen(d)) => (d, "open"),
        Some(ReplenishAction::Export { out }) => {
            let export = ws.replenishment_export().map_err(api)?;
            let text = export.text.unwrap_or_default();
            match out {
                Some(file) => {
                    std::fs::write(&file, &text)
                        .map_err(|e| anyhow::anyhow!("writing {}: {e}", file.display()))?;
                    eprintln!(
                        "wrote {} ({} accepted suggestions)",
                        file.display(),
                        text.lines().count().saturating_sub(1)
                    );
                }
                None => print!("{text}"),
            }
            return Ok(ExitCode::SUCCESS);
        }
        Some(ReplenishAction::Settings { set, json }) => {
            if let Some(file) = set {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| anyhow::anyhow!("reading {}: {e}", file.display()))?;
                let s: ReplenishmentSettings = serde_json::from_str(&text).map_err(|e| {
                    anyhow::anyhow!(
                        "{}: not replenishment settings: {e} [invalid_input]",
                        file.display()
                    )
                })?;
                ws.set_replenishment_settings(&s).map_err(api)?;
            }
            let s = ws.replenishment_settings().map_err(api)?;
            if json {
                print_json(&s)?;
            } else {
                outln!(
                    "{} (absent settings keep the defaults: fill rate 0.95 for A, B and C, review period 1 month, distribution auto, uplift +25% at 3 of 6 months decaying over 6, recovery max share 0.5 decaying over 3 months, emergency at half the SLA limit (60 days without SLA), expedite 7 days)",
                    serde_json::to_string(&s)?
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        None => {
            let report = ws
                .replenishment(&ReplenishmentArgs {
                    part_id: cmd.part,
                    location_id: cmd.location,
                    include_no_order: cmd.all,
                })
                .map_err(api)?;
            if cmd.json {
                print_json(&report)?;
            } else {
                outln!(
                    "as of {}: {} suggestions ({} emergency), {} accepted, {} rejected",
                    report.as_of,
                    report.rows.len(),
                    report.emergency_count,
                    report.accepted_count,
                    report.rejected_count
                );
                outln!(
                    "{:<24}  {:<9}  {:<12}  {:<8}  {:>8}  {:>6}  {:>6}  {:>7}  {:>10}  {:<8}  decision",
                    "suggestion", "kind", "part", "location", "position", "ROP", "max", "qty", "value", "phase"
                );
                for r in &report.rows {
                    print_row(r);
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    let row = ws
        .decide_replenishment(&DecideReplenishment {
            suggestion_id: d.suggestion_id,
            decision: decision.to_string(),
            note: d.note,
        })
        .map_err(api)?;
    if d.json {
        print_json(&row)?;
    } else {
        print_row(&row);
    }
    Ok(ExitCode::SUCCESS)
}
