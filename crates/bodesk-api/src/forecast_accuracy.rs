//! Accuracy tracking in the app (issue 6 item 4): the forecast's accuracy
//! before and after a part's last backorder recovery (`forecast_part`'s
//! `recovery`) and the rolling-origin accuracy of the whole portfolio
//! (`forecast_list`'s `portfolio_accuracy`, opt-in).
//!
//! - **Recovery**: the last of `bodesk_forecast::accuracy::recoveries` of the
//!   series' censoring flags (the first uncensored month after a run of
//!   censored months), then `accuracy::before_after` on the reconstructed
//!   series with the part's method, [`RECOVERY_WINDOW`] months of origins on
//!   each side and the backtest's horizon. The verdict compares the MAE
//!   (units a month; MASE is often absent before a recovery, when the
//!   censored run was flat).
//! - **Portfolio**: every series' default backtest (the same as a list
//!   row's), combined by `accuracy::portfolio` in the series' key order. The
//!   list is always `auto`, whose choice depends on each origin's history,
//!   so every origin of every series is a full `auto` fit (the batch engine's
//!   lockstep lanes need one fixed method); the series are split over a few
//!   threads instead. Cached per working set and version (like the list's
//!   rows): paging and re-sorting cost nothing after the first call.

use std::sync::{Arc, Mutex};

use bodesk_forecast::accuracy::{self, Accuracy};
use bodesk_forecast::ForecastConfig;
use rusqlite::Connection;

use crate::demand_series::{self, DemandSeries, SeriesFilter};
use crate::dto::RecoveryAccuracyDto;
use crate::part_forecast::{accuracy_dto, backtest_of, internal};
use crate::{ApiError, ErrorCode};

/// Months of origins before and after a recovery.
pub const RECOVERY_WINDOW: usize = accuracy::DEFAULT_ORIGINS;

/// Accuracy around the series' last recovery; None without one.
pub(crate) fn recovery(
    s: &DemandSeries,
    config: &ForecastConfig,
) -> Result<Option<RecoveryAccuracyDto>, ApiError> {
    let Some(&r) = accuracy::recoveries(&s.censored).last() else {
        return Ok(None);
    };
    let ba = accuracy::before_after(
        &s.reconstructed,
        r,
        config,
        RECOVERY_WINDOW,
        accuracy::DEFAULT_HORIZON,
    )
    .map_err(|e| internal(s, &e))?;
    let censored_run = s.censored[..r].iter().rev().take_while(|&&c| c).count();
    let period = s.periods[r].clone();
    Ok(Some(RecoveryAccuracyDto {
        verdict: verdict(&period, &ba.before, &ba.after),
        period,
        censored_run: censored_run as u32,
        window: RECOVERY_WINDOW as u32,
        before: accuracy_dto(&ba.before),
        after: accuracy_dto(&ba.after),
    }))
}

/// One line for the planner: how the error changed across the recovery.
fn verdict(period: &str, before: &Accuracy, after: &Accuracy) -> String {
    match (before.points, after.points) {
        (0, 0) => format!("recovery in {period}: too little history around it for a backtest"),
        (_, 0) => format!(
            "recovery in {period}: no months after it to judge yet (MAE {:.2} before)",
            before.mae
        ),
        (0, _) => format!(
            "after the recovery in {period} the forecast error is MAE {:.2} units a month (too little history before it to compare)",
            after.mae
        ),
        _ => {
            let (b, a) = (format!("{:.2}", before.mae), format!("{:.2}", after.mae));
            let change = if a == b {
                format!("stayed at MAE {a}")
            } else if after.mae < before.mae {
                format!("fell from MAE {b} to {a}")
            } else {
                format!("rose from MAE {b} to {a}")
            };
            format!("after the recovery in {period} the forecast error {change} units a month")
        }
    }
}

/// The whole portfolio's backtest.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PortfolioAccuracy {
    pub accuracy: Accuracy,
    /// Series covered.
    pub series: usize,
    /// Of those, series with a MASE.
    pub with_mase: usize,
}

/// What a portfolio accuracy was computed for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    db: std::path::PathBuf,
    version: (i64, i64),
    part_id: Option<String>,
}

#[allow(clippy::type_complexity)]
static CACHE: Mutex<Option<(Key, Arc<PortfolioAccuracy>)>> = Mutex::new(None);

/// Every series' (of `part_id`, or all) default backtest with `config`,
/// combined; cached for the working set's version.
pub(crate) fn portfolio(
    conn: &Connection,
    db: &std::path::Path,
    part_id: Option<&str>,
    config: &ForecastConfig,
) -> Result<Arc<PortfolioAccuracy>, ApiError> {
    let key = Key {
        db: db.to_path_buf(),
        version: crate::kpi::data_version(conn)?,
        part_id: part_id.map(str::to_string),
    };
    if let Some((k, p)) = &*CACHE.lock().unwrap_or_else(|e| e.into_inner()) {
        if *k == key {
            return Ok(p.clone());
        }
    }
    let p = Arc::new(compute(conn, part_id, config)?);
    *CACHE.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, p.clone()));
    Ok(p)
}

fn compute(
    conn: &Connection,
    part_id: Option<&str>,
    config: &ForecastConfig,
) -> Result<PortfolioAccuracy, ApiError> {
    let filter = SeriesFilter {
        part_id: part_id.map(str::to_string),
        ..Default::default()
    };
    // Only what the backtest needs (the months' labels and reasons of ~166k
    // series would take hundreds of MB).
    let mut series = Vec::new();
    demand_series::for_each(conn, &filter, |s| {
        series.push(DemandSeries {
            periods: Vec::new(),
            recorded: Vec::new(),
            censored: Vec::new(),
            censored_reason: Vec::new(),
            ..s
        });
        Ok(())
    })?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let chunk = series.len().div_ceil(threads).max(1);
    let backtests: Vec<Accuracy> = std::thread::scope(|scope| {
        let handles: Vec<_> = series
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|s| backtest_of(s, config))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(series.len());
        for h in handles {
            let part = h.join().map_err(|_| {
                ApiError::new(ErrorCode::Internal, "portfolio backtest thread panicked")
            })??;
            out.extend(part);
        }
        Ok::<_, ApiError>(out)
    })?;
    Ok(PortfolioAccuracy {
        accuracy: accuracy::portfolio(&backtests),
        series: backtests.len(),
        with_mase: backtests.iter().filter(|a| a.mase.is_some()).count(),
    })
}
