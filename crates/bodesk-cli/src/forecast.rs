//! `bodesk forecast` on the working set (without `--input`): one part's
//! history, forecast, band and accuracy, or the portfolio table.

use std::process::ExitCode;

use bodesk_api::dto::{
    AccuracyDto, ForecastListArgs, ForecastPortfolio, PartForecastArgs, PartForecastDto,
};
use bodesk_api::Workspace;

use crate::api;

pub(crate) struct WorkingSetArgs {
    pub part: Option<String>,
    pub location: Option<String>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
    pub method: Option<String>,
    pub horizon: u32,
}

pub(crate) fn working_set(
    ws: &Workspace,
    args: WorkingSetArgs,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if let Some(part_id) = args.part {
        let f = ws
            .forecast_part(&PartForecastArgs {
                part_id,
                location_id: args.location,
                horizon: Some(args.horizon),
                method: args.method,
            })
            .map_err(api)?;
        if json {
            outln!("{}", serde_json::to_string_pretty(&f)?);
        } else {
            print_part(&f);
        }
    } else {
        if args.method.as_deref().is_some_and(|m| m != "auto") {
            anyhow::bail!(
                "the portfolio is forecast with --method auto; give --part P for another method"
            );
        }
        let p = ws
            .forecast_list(&ForecastListArgs {
                part_id: None,
                limit: args.limit,
                offset: args.offset,
            })
            .map_err(api)?;
        if json {
            outln!("{}", serde_json::to_string_pretty(&p)?);
        } else {
            print_portfolio(&p);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn accuracy_line(a: &AccuracyDto) -> String {
    if a.points == 0 {
        return "no backtest (fewer than 3 months of history)".to_string();
    }
    format!(
        "MASE {}, MAE {:.3}, bias {:+.3} per month ({} origins, horizon {}, {} points)",
        a.mase
            .map_or("n/a (constant history)".to_string(), |m| format!("{m:.3}")),
        a.mae,
        a.bias,
        a.origins,
        a.horizon,
        a.points
    )
}

fn print_part(f: &PartForecastDto) {
    let at = f
        .location_id
        .clone()
        .unwrap_or_else(|| format!("all locations ({})", f.locations.join(", ")));
    outln!("part {} at {at}", f.part_id);
    let censored = f.censored.iter().filter(|&&c| c).count();
    outln!(
        "history: {} months, {censored} censored; censored-demand model {} ({})",
        f.periods.len(),
        f.censoring_model,
        f.censoring_fit
    );
    outln!(
        "{:<8}  {:>10}  {:>13}  censored because",
        "month",
        "recorded",
        "reconstructed"
    );
    for i in 0..f.periods.len() {
        outln!(
            "{:<8}  {:>10.2}  {:>13.2}  {}",
            f.periods[i],
            f.recorded[i],
            f.reconstructed[i],
            f.censored_reason[i]
        );
    }
    outln!(
        "forecast: method {}{}",
        f.method,
        f.params
            .reason
            .as_ref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default()
    );
    outln!(
        "{:<8}  {:>10}  {:>10}  {:>10}  {:>10}",
        "month",
        "baseline",
        "forecast",
        format!("low {:.0}%", f.band_level * 100.0),
        format!("high {:.0}%", f.band_level * 100.0)
    );
    for i in 0..f.forecast_periods.len() {
        outln!(
            "{:<8}  {:>10.3}  {:>10.3}  {:>10.3}  {:>10.3}",
            f.forecast_periods[i],
            f.baseline[i],
            f.forecast[i],
            f.lower[i],
            f.upper[i]
        );
    }
    outln!("accuracy: {}", accuracy_line(&f.accuracy));
}

fn print_portfolio(p: &ForecastPortfolio) {
    outln!(
        "{} part × location series; largest forecast first",
        p.total_rows
    );
    outln!(
        "{:<16}  {:<10}  {:<12}  {:<12}  {:>10}  {:>11}  {:>7}  {:>8}  {:>8}  {:>10}",
        "part",
        "location",
        "method",
        "class",
        "next month",
        "12-mo total",
        "MASE",
        "bias",
        "censored",
        "+recon."
    );
    for r in &p.rows {
        outln!(
            "{:<16}  {:<10}  {:<12}  {:<12}  {:>10.3}  {:>11.2}  {:>7}  {:>+8.3}  {:>8}  {:>10.2}",
            r.part_id,
            r.location_id,
            r.method,
            r.class,
            r.next_month,
            r.horizon_total,
            r.mase.map_or("n/a".to_string(), |m| format!("{m:.3}")),
            r.bias,
            r.censored_months,
            r.reconstructed_extra
        );
    }
    outln!(
        "accuracy of the {} rows shown: {}",
        p.rows.len(),
        accuracy_line(&p.accuracy)
    );
}
