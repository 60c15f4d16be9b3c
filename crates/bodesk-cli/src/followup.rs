//! `bodesk alerts`, `bodesk reviews`, `bodesk countermeasures` and
//! `bodesk failure-modes`: the follow-up commands (api `crate::followup`).

use std::path::PathBuf;
use std::process::ExitCode;

use bodesk_api::dto::{
    AlertDto, AlertThresholds, AlertsArgs, CountermeasureAddArgs, CountermeasureDto,
    ReviewCloseArgs, ReviewDto, ReviewUpdateArgs, ReviewsArgs,
};
use bodesk_api::Workspace;
use clap::{Args, Subcommand};

use crate::api;

/// SLA duration alerts: list (default: unresolved), export, acknowledge, assign, snooze.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AlertsCmd {
    #[command(subcommand)]
    action: Option<AlertsAction>,
    /// open, acknowledged, snoozed, resolved or active (all but resolved; the default).
    #[arg(long, value_name = "STATE")]
    state: Option<String>,
    /// warning, breached or escalated.
    #[arg(long, value_name = "LEVEL")]
    level: Option<String>,
    #[arg(long)]
    json: bool,
    /// Write the alerts as CSV (formula-safe) to this file, for the ERP or an email.
    #[arg(long, value_name = "FILE")]
    csv: Option<PathBuf>,
}

#[derive(Subcommand)]
enum AlertsAction {
    /// Acknowledge an alert.
    Ack { alert_id: i64 },
    /// Assign an alert (without --to: unassign).
    Assign {
        alert_id: i64,
        #[arg(long, value_name = "NAME")]
        to: Option<String>,
    },
    /// Snooze an alert until a date; the first import on or after it opens it again.
    Snooze {
        alert_id: i64,
        #[arg(long, value_name = "YYYY-MM-DD", required = true)]
        until: String,
    },
    /// Show the thresholds, or set them from a JSON file (as `--json` prints them).
    Thresholds {
        #[arg(long, value_name = "FILE.json")]
        set: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

/// Closed-loop reviews of lines older than 30 days: list, update, close (with a resolution).
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ReviewsCmd {
    #[command(subcommand)]
    action: Option<ReviewsAction>,
    /// Only overdue reviews (due before the as-of date, not closed).
    #[arg(long)]
    overdue: bool,
    /// open, in_progress, closed, active (not closed) or all (the default).
    #[arg(long, value_name = "STATUS")]
    status: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum ReviewsAction {
    /// Close a review; refused without --resolution.
    Close {
        review_id: i64,
        /// What ended or will end the backorder (required).
        #[arg(long, value_name = "TEXT")]
        resolution: Option<String>,
        #[arg(long, value_name = "TEXT")]
        preventive_action: Option<String>,
        #[arg(long, value_name = "ID")]
        countermeasure: Option<i64>,
    },
    /// Change a review's owner, due date, status (open, in_progress), preventive action or countermeasure.
    Update {
        review_id: i64,
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        #[arg(long, value_name = "TEXT")]
        preventive_action: Option<String>,
        #[arg(long, value_name = "ID")]
        countermeasure: Option<i64>,
    },
}

/// Countermeasures with their backorder recurrence 6 months before and after.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CountermeasuresCmd {
    #[command(subcommand)]
    action: Option<CountermeasuresAction>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum CountermeasuresAction {
    /// Record a countermeasure against a part, a supplier or a root cause.
    Add {
        #[arg(long, value_name = "PART", group = "target", required = true)]
        part: Option<String>,
        #[arg(long, value_name = "SUPPLIER", group = "target")]
        supplier: Option<String>,
        #[arg(long, value_name = "CAUSE", group = "target")]
        root_cause: Option<String>,
        /// When it took effect.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long, value_name = "TEXT")]
        description: String,
        #[arg(long)]
        json: bool,
    },
}

/// The quarter's top-10 backordered parts with their root-cause mix.
#[derive(Args)]
pub struct FailureModesCmd {
    /// YYYY-Qn; default the quarter of the as-of date.
    #[arg(long, value_name = "YYYY-Qn")]
    quarter: Option<String>,
    #[arg(long)]
    json: bool,
}

fn print_alert(a: &AlertDto) {
    outln!(
        "{:>6}  {:<9}  {:<12}  {:<22}  {:<12}  {:<10}  {:<10}  {:>5}/{:<5}  {:<10}  {}",
        a.alert_id,
        a.level,
        a.state,
        format!("{}/{}", a.order_id, a.order_line),
        a.part_id,
        a.customer_id,
        format!(
            "{}×{}",
            a.criticality.as_deref().unwrap_or("-"),
            a.tier.as_deref().unwrap_or("-")
        ),
        a.age_days,
        a.limit_days,
        a.raised_as_of,
        match (&a.assignee, &a.snooze_until) {
            (Some(who), Some(until)) => format!("{who}, snoozed until {until}"),
            (Some(who), None) => who.clone(),
            (None, Some(until)) => format!("snoozed until {until}"),
            (None, None) => String::new(),
        }
    );
}

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub fn alerts(mut ws: Workspace, cmd: AlertsCmd) -> anyhow::Result<ExitCode> {
    let changed = match cmd.action {
        Some(AlertsAction::Ack { alert_id }) => ws.alert_ack(alert_id).map_err(api)?,
        Some(AlertsAction::Assign { alert_id, to }) => {
            ws.alert_assign(alert_id, to.as_deref()).map_err(api)?
        }
        Some(AlertsAction::Snooze { alert_id, until }) => {
            ws.alert_snooze(alert_id, &until).map_err(api)?
        }
        Some(AlertsAction::Thresholds { set, json }) => {
            if let Some(file) = set {
                let text = std::fs::read_to_string(&file)
                    .map_err(|e| anyhow::anyhow!("reading {}: {e}", file.display()))?;
                let t: AlertThresholds = serde_json::from_str(&text).map_err(|e| {
                    anyhow::anyhow!(
                        "{}: not alert thresholds: {e} [invalid_input]",
                        file.display()
                    )
                })?;
                ws.set_alert_thresholds(&t).map_err(api)?;
            }
            let t = ws.alert_thresholds().map_err(api)?;
            if json {
                print_json(&t)?;
            } else {
                outln!(
                    "warning at {}% of the SLA limit, escalated at {}% (once breached); reviews due {} days after opening",
                    t.warning_pct,
                    t.escalation_pct,
                    t.review_due_days
                );
                for o in &t.overrides {
                    outln!(
                        "  criticality {} × tier {}: warning {}, escalation {}",
                        o.criticality.as_deref().unwrap_or("any"),
                        o.tier.as_deref().unwrap_or("any"),
                        o.warning_pct.map_or("-".into(), |v| format!("{v}%")),
                        o.escalation_pct.map_or("-".into(), |v| format!("{v}%")),
                    );
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        None => {
            let args = AlertsArgs {
                state: cmd.state,
                level: cmd.level,
            };
            if let Some(file) = cmd.csv {
                let export = ws.alerts_csv(&args).map_err(api)?;
                std::fs::write(&file, export.text.unwrap_or_default())
                    .map_err(|e| anyhow::anyhow!("writing {}: {e}", file.display()))?;
                eprintln!("wrote {}", file.display());
                return Ok(ExitCode::SUCCESS);
            }
            let list = ws.alerts(&args).map_err(api)?;
            if cmd.json {
                print_json(&list)?;
            } else {
                let c = &list.counts;
                outln!(
                    "as of {}: {} open, {} acknowledged, {} snoozed ({} escalated, {} breached, {} warning); {} resolved",
                    list.as_of.as_deref().unwrap_or("-"),
                    c.open,
                    c.acknowledged,
                    c.snoozed,
                    c.escalated,
                    c.breached,
                    c.warning,
                    c.resolved
                );
                outln!(
                    "{:>6}  {:<9}  {:<12}  {:<22}  {:<12}  {:<10}  {:<10}  {:>11}  {:<10}  assignee",
                    "alert", "level", "state", "line", "part", "customer", "crit×tier", "age/limit", "raised"
                );
                for a in &list.alerts {
                    print_alert(a);
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    print_alert(&changed);
    Ok(ExitCode::SUCCESS)
}

fn print_review(r: &ReviewDto) {
    outln!(
        "{:>6}  {:<11}  {:<22}  {:<12}  {:>4}  {:<10}{}  {:<12}  {}",
        r.review_id,
        r.status,
        format!("{}/{}", r.order_id, r.order_line),
        r.part_id,
        r.age_days,
        r.due_date,
        if r.overdue { " OVERDUE" } else { "        " },
        r.owner.as_deref().unwrap_or("-"),
        r.resolution.as_deref().unwrap_or("")
    );
}

pub fn reviews(mut ws: Workspace, cmd: ReviewsCmd) -> anyhow::Result<ExitCode> {
    let changed = match cmd.action {
        Some(ReviewsAction::Close {
            review_id,
            resolution,
            preventive_action,
            countermeasure,
        }) => ws
            .review_close(&ReviewCloseArgs {
                review_id,
                resolution,
                preventive_action,
                countermeasure_id: countermeasure,
            })
            .map_err(api)?,
        Some(ReviewsAction::Update {
            review_id,
            owner,
            due,
            status,
            preventive_action,
            countermeasure,
        }) => ws
            .review_update(&ReviewUpdateArgs {
                review_id,
                owner,
                due_date: due,
                status,
                preventive_action,
                countermeasure_id: countermeasure,
            })
            .map_err(api)?,
        None => {
            let list = ws
                .reviews(&ReviewsArgs {
                    overdue: cmd.overdue,
                    status: cmd.status,
                })
                .map_err(api)?;
            if cmd.json {
                print_json(&list)?;
            } else {
                outln!(
                    "as of {}: {} open, {} overdue, {} closed",
                    list.as_of.as_deref().unwrap_or("-"),
                    list.open,
                    list.overdue,
                    list.closed
                );
                outln!(
                    "{:>6}  {:<11}  {:<22}  {:<12}  {:>4}  {:<18}  {:<12}  resolution",
                    "review",
                    "status",
                    "line",
                    "part",
                    "age",
                    "due",
                    "owner"
                );
                for r in &list.reviews {
                    print_review(r);
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
    };
    print_review(&changed);
    Ok(ExitCode::SUCCESS)
}

fn print_countermeasure(c: &CountermeasureDto) {
    let r = &c.recurrence;
    outln!(
        "{:>4}  {:<10}  {:<16}  {}  {:>6.2}/month before ({} lines)  {}  {}",
        c.countermeasure_id,
        c.target_kind,
        c.target,
        c.effective_date,
        r.before_per_month,
        r.before_lines,
        match r.after_per_month {
            Some(a) => format!(
                "{a:>6.2}/month after ({} lines{})",
                r.after_lines,
                if r.after_complete { "" } else { ", so far" }
            ),
            None => "not in effect yet".to_string(),
        },
        c.description
    );
}

pub fn countermeasures(mut ws: Workspace, cmd: CountermeasuresCmd) -> anyhow::Result<ExitCode> {
    match cmd.action {
        Some(CountermeasuresAction::Add {
            part,
            supplier,
            root_cause,
            date,
            description,
            json,
        }) => {
            let (kind, target) = match (part, supplier, root_cause) {
                (Some(p), _, _) => ("part", p),
                (_, Some(s), _) => ("supplier", s),
                (_, _, Some(c)) => ("root_cause", c),
                _ => anyhow::bail!("name a --part, --supplier or --root-cause"),
            };
            let c = ws
                .countermeasure_add(&CountermeasureAddArgs {
                    target_kind: kind.into(),
                    target,
                    effective_date: date,
                    description,
                })
                .map_err(api)?;
            if json {
                print_json(&c)?;
            } else {
                print_countermeasure(&c);
            }
        }
        None => {
            let list = ws.countermeasures().map_err(api)?;
            if cmd.json {
                print_json(&list)?;
            } else if list.is_empty() {
                outln!("no countermeasures yet");
            } else {
                for c in &list {
                    print_countermeasure(c);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn failure_modes(ws: Workspace, cmd: FailureModesCmd) -> anyhow::Result<ExitCode> {
    let report = ws.failure_modes(cmd.quarter.as_deref()).map_err(api)?;
    if cmd.json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("top backordered parts, {} (lines created)", report.quarter);
    for p in &report.parts {
        let mix: Vec<String> = p
            .root_causes
            .iter()
            .map(|c| format!("{} {}", c.root_cause, c.lines))
            .collect();
        outln!("{:<16}  {:>5}  {}", p.part_id, p.lines, mix.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
