//! `bodesk forecast --set-age-weighting on|off` and
//! `bodesk forecast --age-weighting-backtest`: weighting censored-demand
//! corrections by backorder age (`bodesk_api::backorder_age`).

use std::process::ExitCode;

use anyhow::bail;
use bodesk_api::dto::AgeWeightingBacktestArgs;
use bodesk_api::Workspace;

use crate::api;

pub(crate) fn set(
    ws: &mut Workspace,
    on_off: &str,
    threshold_days: Option<f64>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let enabled = match on_off {
        "on" => true,
        "off" => false,
        other => bail!("--set-age-weighting takes on or off, not {other:?}"),
    };
    let w = ws.set_age_weighting(enabled, threshold_days).map_err(api)?;
    if json {
        println!("{}", serde_json::to_string(&w)?);
    } else {
        println!(
            "age weighting of censored-demand corrections: {} (threshold {} days)",
            if w.enabled { "on" } else { "off" },
            w.threshold_days
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn backtest(
    ws: &Workspace,
    part_id: Option<String>,
    threshold_days: Option<f64>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let b = ws
        .forecast_age_weighting_backtest(&AgeWeightingBacktestArgs {
            threshold_days,
            part_id,
        })
        .map_err(api)?;
    if json {
        println!("{}", serde_json::to_string(&b)?);
        return Ok(ExitCode::SUCCESS);
    }
    let num = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.4}"));
    println!("{}", b.verdict);
    println!("                  MAE      bias");
    println!(
        "full correction   {:<8} {}",
        num(b.mae_full_correction),
        num(b.bias_full_correction)
    );
    println!(
        "age-weighted      {:<8} {}",
        num(b.mae_age_weighted),
        num(b.bias_age_weighted)
    );
    println!(
        "series: {} read, {} compared ({} improved, {} worse), {} without a month to score; {} months scored",
        b.series,
        b.series_compared,
        b.series_improved,
        b.series_worse,
        b.series_without_comparable_months,
        b.points
    );
    Ok(ExitCode::SUCCESS)
}
