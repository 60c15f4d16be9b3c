//! `bodesk causes`: the open lines' root causes with their evidence, the
//! rules (show, preview, apply), overrides and the field feedback report.

use std::path::PathBuf;
use std::process::ExitCode;

use bodesk_api::causes::CauseFilter;
use bodesk_api::dto::{CausesReport, FieldReport, LineCause, RetagReport};
use clap::{Args, Subcommand};

use crate::{api, open};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct CausesArgs {
    #[command(subcommand)]
    action: Option<Action>,
    /// Only lines with this cause (supplier_delay, demand_spike, forecast_error, internal_transfer, eol_transition, unknown).
    #[arg(long, value_name = "CAUSE")]
    cause: Option<String>,
    /// Only lines of this part.
    #[arg(long, value_name = "PART")]
    part: Option<String>,
    /// Only lines at this location.
    #[arg(long, value_name = "LOCATION")]
    location: Option<String>,
    /// Lines listed at most.
    #[arg(long, default_value_t = 50)]
    limit: u64,
    /// Show the rules in force (TOML) instead.
    #[arg(long)]
    rules: bool,
    /// Show what the rules in FILE would retag; nothing is changed.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["apply_rules", "rules"])]
    preview_rules: Option<PathBuf>,
    /// Store the rules in FILE and retag the open lines (audited).
    #[arg(long, value_name = "FILE", conflicts_with = "rules")]
    apply_rules: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum Action {
    /// Set a line's cause by hand, with a reason (kept over re-imports).
    Override {
        order_id: String,
        order_line: String,
        /// The cause: supplier_delay, demand_spike, forecast_error, internal_transfer, eol_transition or unknown.
        cause: String,
        #[arg(long, required = true)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove a line's override, with a reason: the rules' tag counts again.
    Clear {
        order_id: String,
        order_line: String,
        #[arg(long, required = true)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Parts that repeatedly stop repairs (technicians' waiting_for_part / part_unavailable reports).
    Field {
        /// Months before the as-of date.
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// Stopped repairs a part needs to be listed.
        #[arg(long, default_value_t = 2)]
        min_events: u64,
        #[arg(long)]
        json: bool,
    },
}

fn read(path: &PathBuf) -> anyhow::Result<String> {
    use anyhow::Context;
    std::fs::read_to_string(path).with_context(|| format!("reading the rules {}", path.display()))
}

pub(crate) fn run(db: Option<PathBuf>, a: CausesArgs) -> anyhow::Result<ExitCode> {
    let mut ws = open(db)?;
    match a.action {
        Some(Action::Override {
            order_id,
            order_line,
            cause,
            reason,
            json,
        }) => {
            let c = ws
                .override_cause(&order_id, &order_line, &cause, &reason)
                .map_err(api)?;
            print_line_cause(&c, json)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Action::Clear {
            order_id,
            order_line,
            reason,
            json,
        }) => {
            let c = ws
                .clear_override(&order_id, &order_line, &reason)
                .map_err(api)?;
            print_line_cause(&c, json)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Action::Field {
            months,
            min_events,
            json,
        }) => {
            let r = ws
                .field_report(Some(months), Some(min_events))
                .map_err(api)?;
            if json {
                outln!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print_field(&r);
            }
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    if a.rules {
        let r = ws.cause_rules().map_err(api)?;
        if a.json {
            outln!("{}", serde_json::to_string_pretty(&r)?);
        } else {
            outln!(
                "# rules in force: {}",
                if r.is_default {
                    "built-in"
                } else {
                    "the working set's own"
                }
            );
            outln!("{}", r.toml);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = a.preview_rules {
        let r = ws.preview_cause_rules(&read(&path)?).map_err(api)?;
        if a.json {
            outln!("{}", serde_json::to_string_pretty(&r)?);
        } else {
            print_retag(&r, &path);
        }
        return Ok(if r.error.is_some() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    if let Some(path) = a.apply_rules {
        let r = ws.apply_cause_rules(&read(&path)?).map_err(api)?;
        if a.json {
            outln!("{}", serde_json::to_string_pretty(&r)?);
        } else {
            print_retag(&r, &path);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let r = ws
        .causes(&CauseFilter {
            root_cause: a.cause,
            part_id: a.part,
            location_id: a.location,
            limit: Some(a.limit as usize),
            ..CauseFilter::default()
        })
        .map_err(api)?;
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print_causes(&r);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_causes(r: &CausesReport) {
    outln!(
        "Root causes of the open lines as of {} (rules: {})",
        r.as_of,
        r.rules_source
    );
    for c in &r.summary {
        let over = if c.overridden > 0 {
            format!("  ({} by override)", c.overridden)
        } else {
            String::new()
        };
        outln!("  {:<18} {:>7}{over}", c.root_cause, c.lines);
    }
    outln!();
    outln!(
        "{:<12} {:>5} {:<10} {:<8} {:<10} {:>5}  {:<18} {:<18} evidence",
        "order",
        "line",
        "part",
        "location",
        "created",
        "age",
        "cause",
        "rule"
    );
    for l in &r.lines {
        let c = &l.cause;
        let rule = if c.override_.is_some() {
            "override".to_string()
        } else {
            c.rule.clone()
        };
        outln!(
            "{:<12} {:>5} {:<10} {:<8} {:<10} {:>5}  {:<18} {:<18} {}",
            c.order_id,
            c.order_line,
            l.part_id,
            l.location_id,
            l.created_date,
            l.age_days,
            c.root_cause,
            rule,
            c.evidence.first().map(String::as_str).unwrap_or("")
        );
        for more in c.evidence.iter().skip(1) {
            outln!("{:>91}{more}", "");
        }
        if let Some(o) = &c.override_ {
            outln!(
                "{:>91}override by {} at {}: {} (rules said {})",
                "",
                o.user_name,
                o.at,
                o.reason,
                c.tagged_cause
            );
        }
    }
    outln!("{} of {} matching line(s) shown", r.lines.len(), r.matching);
}

fn print_line_cause(c: &LineCause, json: bool) -> anyhow::Result<()> {
    if json {
        outln!("{}", serde_json::to_string_pretty(c)?);
        return Ok(());
    }
    outln!("{}/{}: {}", c.order_id, c.order_line, c.root_cause);
    match &c.override_ {
        Some(o) => outln!(
            "  override by {} at {}: {} (rules said {})",
            o.user_name,
            o.at,
            o.reason,
            c.tagged_cause
        ),
        None => outln!(
            "  from the rules ({})",
            if c.rule.is_empty() {
                "never tagged"
            } else {
                &c.rule
            }
        ),
    }
    for e in &c.evidence {
        outln!("  - {e}");
    }
    Ok(())
}

fn print_retag(r: &RetagReport, path: &std::path::Path) {
    if let Some(e) = &r.error {
        outln!(
            "{}: line {}, column {}: {}",
            path.display(),
            e.line,
            e.column,
            e.message
        );
        return;
    }
    let verb = if r.applied { "retagged" } else { "would retag" };
    let moved: u64 = r.changes.iter().map(|c| c.lines).sum();
    outln!("{} open line(s): {verb} {moved}", r.open_lines);
    for c in &r.changes {
        outln!("  {:<18} → {:<18} {:>6}", c.from, c.to, c.lines);
    }
    for l in r.lines.iter().take(50) {
        let over = if l.overridden {
            "  [override keeps its cause]"
        } else {
            ""
        };
        outln!(
            "  {}/{} {} at {}: {} → {} ({}){over}",
            l.order_id,
            l.order_line,
            l.part_id,
            l.location_id,
            l.from,
            l.to,
            l.evidence.first().map(String::as_str).unwrap_or("")
        );
    }
    if r.lines.len() > 50 {
        outln!("  … and {} more", r.lines.len() - 50);
    }
}

fn print_field(r: &FieldReport) {
    outln!(
        "Parts that stopped repairs at least {} times, {} to {}",
        r.min_events,
        r.from,
        r.to
    );
    outln!(
        "{:<10} {:>6} {:>8} {:>11} {:<10} {:>8} {:>10}  locations",
        "part",
        "stops",
        "waiting",
        "unavailable",
        "last",
        "machines",
        "open lines"
    );
    for p in &r.parts {
        outln!(
            "{:<10} {:>6} {:>8} {:>11} {:<10} {:>8} {:>10}  {}",
            p.part_id,
            p.events,
            p.waiting_for_part,
            p.part_unavailable,
            p.last_date,
            p.machines,
            p.open_lines,
            p.locations.join(" ")
        );
    }
    outln!("{} part(s)", r.parts.len());
}
