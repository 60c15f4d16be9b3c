//! `bodesk expedite`, `bodesk attribution`, `bodesk eol`: the action
//! engine's answers as tables or JSON.

use std::process::ExitCode;

use bodesk_api::dto::{AttributionReport, EolReport, ExpediteReport, FilterDto};
use bodesk_api::Workspace;

use crate::api;

/// Rows a table shows when `--limit` is not given (JSON gives every row).
const TABLE_ROWS: usize = 20;

pub(crate) fn expedite(
    ws: &Workspace,
    filters: &[String],
    limit: Option<usize>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let filters = filters
        .iter()
        .map(|f| {
            f.split_once('=')
                .map(|(d, v)| FilterDto {
                    dim: d.trim().to_string(),
                    value: v.trim().to_string(),
                })
                .ok_or_else(|| {
                    anyhow::anyhow!("--where {f:?}: expected DIM=VALUE, e.g. region=EMEA")
                })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let limit = if json {
        limit
    } else {
        Some(limit.unwrap_or(TABLE_ROWS))
    };
    let r = ws.expedite(&filters, limit).map_err(api)?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print_expedite(&r);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_expedite(r: &ExpediteReport) {
    outln!(
        "as of {}: {} open line(s), {} with a worthwhile action, total saving {:.2}",
        r.as_of,
        r.open_lines,
        r.with_action,
        r.total_saving
    );
    outln!(
        "{:>4}  {:<16} {:<10} {:<8} {:<18} {:<10} {:<8} {:>5} {:>10} {:>11}  wait until",
        "rank",
        "line",
        "part",
        "location",
        "action",
        "from",
        "mode",
        "days",
        "cost",
        "saving"
    );
    for row in &r.rows {
        let line = format!("{}/{}", row.order_id, row.order_line);
        match &row.action {
            Some(a) => outln!(
                "{:>4}  {:<16} {:<10} {:<8} {:<18} {:<10} {:<8} {:>5} {:>10.2} {:>11.2}  {}",
                row.rank.map(|n| n.to_string()).unwrap_or_default(),
                line,
                row.part_id,
                row.location_id,
                a.kind,
                a.from_id,
                a.mode,
                a.days_saved,
                a.cost,
                a.saving,
                row.wait_until
            ),
            None => outln!(
                "{:>4}  {:<16} {:<10} {:<8} {:<18} {}",
                "",
                line,
                row.part_id,
                row.location_id,
                row.no_action.as_deref().unwrap_or(""),
                row.reason.as_deref().unwrap_or("")
            ),
        }
    }
    if (r.rows.len() as u64) < r.open_lines {
        outln!(
            "… {} more line(s): --limit N or --json for all",
            r.open_lines - r.rows.len() as u64
        );
    }
}

pub(crate) fn attribution(
    ws: &Workspace,
    by: &str,
    limit: Option<usize>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let limit = if json {
        limit
    } else {
        Some(limit.unwrap_or(TABLE_ROWS))
    };
    let r = ws.attribution(by, limit).map_err(api)?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print_attribution(&r);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_attribution(r: &AttributionReport) {
    outln!(
        "as of {}: {} replenishment cycle(s); backorder days by {} (supplier late / demand above plan / other)",
        r.as_of,
        r.cycles,
        r.by
    );
    outln!(
        "{:<12} {:>7} {:>5} {:>9} {:>9} {:>9} {:>9}",
        r.by,
        "cycles",
        "late",
        "bo days",
        "supplier",
        "demand",
        "other"
    );
    for g in &r.groups {
        outln!(
            "{:<12} {:>7} {:>5} {:>9} {:>8.1}% {:>8.1}% {:>8.1}%",
            g.key,
            g.cycles,
            g.late_cycles,
            g.backorder_days,
            g.supplier_share * 100.0,
            g.demand_share * 100.0,
            g.other_share * 100.0
        );
    }
    if (r.groups.len() as u64) < r.groups_total {
        outln!(
            "… {} more: --limit N or --json for all",
            r.groups_total - r.groups.len() as u64
        );
    }
}

pub(crate) fn eol(ws: &Workspace, horizon: Option<f64>, json: bool) -> anyhow::Result<ExitCode> {
    let r = ws.eol_report(horizon).map_err(api)?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print_eol(&r);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_eol(r: &EolReport) {
    outln!(
        "as of {}: {} end-of-life part(s); last-time buy over {} months",
        r.as_of,
        r.parts.len(),
        r.horizon_months
    );
    for p in &r.parts {
        outln!();
        outln!(
            "{} {} ({}, EOL {}), successor {}",
            p.part_id,
            p.description.as_deref().unwrap_or(""),
            p.lifecycle,
            p.eol_date.as_deref().unwrap_or("not dated"),
            p.successor_part_id.as_deref().unwrap_or("none")
        );
        for (name, w) in [("before EOL", &p.before), ("after EOL", &p.after)] {
            if let Some(w) = w {
                outln!(
                    "  {name:<10} {} to {}: {} line(s), {:.2} a month, {}",
                    w.from,
                    w.to,
                    w.lines,
                    w.lines_per_month,
                    w.lines_per_100_units
                        .map(|x| format!("{x:.1} per 100 units demanded"))
                        .unwrap_or_else(|| "no demand".into())
                );
            }
        }
        for w in &p.wanted_at {
            outln!(
                "  {:<8} {:<6} demand 12 months {:>7.1}, open lines {:>3}, successor {}",
                w.location_id,
                w.region.as_deref().unwrap_or(""),
                w.demand_12m,
                w.open_lines,
                if w.successor_stocked {
                    format!("stocked ({})", w.successor_free)
                } else {
                    "NOT stocked".to_string()
                }
            );
        }
        outln!("  last-time buy: {}", p.last_time_buy.arithmetic);
    }
}
