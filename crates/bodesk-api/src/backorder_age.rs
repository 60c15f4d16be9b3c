//! Backorder ages behind censored months, and the optional weighting of the
//! censored-demand correction by them (issue 6, item 3).
//!
//! - [`backorder_ages`]: per part × location × month, the quantity-weighted
//!   mean age in days of the backorder lines **created** in that month at
//!   that location. A line's age is `(closed_date, else the as-of date) −
//!   created_date` in days, never below 0; its weight is `max(qty_ordered,
//!   qty_open)`, 1 when neither is positive (a closed line often has
//!   `qty_open = 0` and no `qty_ordered`). Every status counts (open, closed,
//!   cancelled: a cancelled line is demand that waited until it was given
//!   up) and vanished lines (`in_export = 0`) too: they are history. One
//!   pass over `backorders`, only when the weighting is asked for.
//! - The setting [`SETTING_KEY`] (`{"enabled":false,"threshold_days":30}` by
//!   default): when enabled, [`crate::demand_series`] replaces each
//!   reconstructed month by `recorded + age_weight(age, threshold) ×
//!   (reconstructed − recorded)` where the series are built, so
//!   `forecast_part`, `forecast_list`, replenishment and supplier sharing all
//!   read the weighted history. A censored month **without** backorder lines
//!   created in it (a stockout with no backorder: customers went elsewhere)
//!   keeps the whole correction: nothing of its demand can come back later.
//! - [`Workspace::forecast_age_weighting_backtest`]: whether the weighting
//!   helped, per series by `bodesk_forecast::adjust::backtest_age_weighting`
//!   and pooled over the portfolio.

use std::collections::HashMap;

use bodesk_forecast::adjust::{age_weighted_history, backtest_age_weighting};
use bodesk_forecast::{accuracy, ForecastConfig};
use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::demand_series::{self, month_index, AgeWeightingChoice, MonthRange, SeriesFilter};
use crate::dto::{AgeWeightingBacktestArgs, AgeWeightingBacktestDto, AgeWeightingDto};
use crate::{ApiError, ErrorCode, Workspace};

/// The settings key of the age weighting.
pub const SETTING_KEY: &str = "forecast_age_weighting";
/// Age at which a month's correction counts fully, unless set.
pub const DEFAULT_THRESHOLD_DAYS: f64 = 30.0;

/// The stored setting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AgeWeighting {
    pub enabled: bool,
    pub threshold_days: f64,
}

impl Default for AgeWeighting {
    fn default() -> Self {
        AgeWeighting {
            enabled: false,
            threshold_days: DEFAULT_THRESHOLD_DAYS,
        }
    }
}

/// The working set's age weighting (off by default).
pub fn age_weighting(conn: &Connection) -> Result<AgeWeighting, ApiError> {
    match crate::settings::setting(conn, SETTING_KEY)? {
        None => Ok(AgeWeighting::default()),
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("setting {SETTING_KEY} is not valid ({e}): {text}"),
            )
        }),
    }
}

fn valid_threshold(days: f64) -> Result<f64, ApiError> {
    if days.is_finite() && days > 0.0 {
        Ok(days)
    } else {
        Err(ApiError::invalid(format!(
            "threshold {days} is not a positive number of days"
        )))
    }
}

/// Per (part, location): one entry per month of the range, `None` where no
/// backorder line was created in that month.
pub type AgeMap = HashMap<(String, String), Vec<Option<f64>>>;

/// The quantity-weighted mean age of the backorder lines created in each
/// month of `range` (see the module docs), optionally for one part and/or
/// location.
pub fn backorder_ages(
    conn: &Connection,
    part_id: Option<&str>,
    location_id: Option<&str>,
    range: MonthRange,
    as_of: NaiveDate,
) -> Result<AgeMap, ApiError> {
    let mut sql = String::from(
        "SELECT part_id, location_id, created_date, closed_date, qty_ordered, qty_open
         FROM backorders WHERE 1",
    );
    if part_id.is_some() {
        sql.push_str(" AND part_id = :part");
    }
    if location_id.is_some() {
        sql.push_str(" AND location_id = :location");
    }
    let mut stmt = conn.prepare(&sql)?;
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
    if let Some(p) = &part_id {
        params.push((":part", p));
    }
    if let Some(l) = &location_id {
        params.push((":location", l));
    }
    let mut rows = stmt.query(params.as_slice())?;
    // (qty, qty × age) per month
    let mut sums: HashMap<(String, String), Vec<(f64, f64)>> = HashMap::new();
    let n = range.len();
    while let Some(r) = rows.next()? {
        let (ValueRef::Text(part), ValueRef::Text(location), ValueRef::Text(created)) =
            (r.get_ref(0)?, r.get_ref(1)?, r.get_ref(2)?)
        else {
            continue;
        };
        let Some(month) = month_index(created) else {
            continue;
        };
        if month < range.first || month > range.last {
            continue;
        }
        let Some(created) = date(created) else {
            continue;
        };
        let end = match r.get_ref(3)? {
            ValueRef::Text(closed) => date(closed).unwrap_or(as_of),
            _ => as_of,
        };
        let age = ((end - created).num_days() as f64).max(0.0);
        let ordered = number(r.get_ref(4)?).unwrap_or(0.0);
        let open = number(r.get_ref(5)?).unwrap_or(0.0);
        let qty = if ordered.max(open) > 0.0 {
            ordered.max(open)
        } else {
            1.0
        };
        let key = (
            String::from_utf8_lossy(part).into_owned(),
            String::from_utf8_lossy(location).into_owned(),
        );
        let months = sums.entry(key).or_insert_with(|| vec![(0.0, 0.0); n]);
        let m = &mut months[(month - range.first) as usize];
        m.0 += qty;
        m.1 += qty * age;
    }
    Ok(sums
        .into_iter()
        .map(|(k, months)| {
            let ages = months
                .into_iter()
                .map(|(q, qa)| (q > 0.0).then(|| qa / q))
                .collect();
            (k, ages)
        })
        .collect())
}

fn date(text: &[u8]) -> Option<NaiveDate> {
    let text = std::str::from_utf8(text.get(..10)?).ok()?;
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn number(v: ValueRef<'_>) -> Option<f64> {
    match v {
        ValueRef::Integer(i) => Some(i as f64),
        ValueRef::Real(x) if x.is_finite() => Some(x),
        _ => None,
    }
}

/// Ages for [`age_weighted_history`]: a month without backorder lines keeps
/// the whole correction (age = threshold).
pub fn ages_for_weighting(ages: &[Option<f64>], threshold_days: f64) -> Vec<f64> {
    ages.iter().map(|a| a.unwrap_or(threshold_days)).collect()
}

/// `reconstructed` weighted by the months' backorder ages.
pub fn weighted(
    recorded: &[f64],
    reconstructed: &[f64],
    ages: &[Option<f64>],
    threshold_days: f64,
) -> Vec<f64> {
    age_weighted_history(
        recorded,
        reconstructed,
        &ages_for_weighting(ages, threshold_days),
        threshold_days,
    )
}

impl Workspace {
    /// The age weighting setting.
    pub fn age_weighting(&self) -> Result<AgeWeightingDto, ApiError> {
        let w = age_weighting(self.store().conn())?;
        Ok(AgeWeightingDto {
            enabled: w.enabled,
            threshold_days: w.threshold_days,
        })
    }

    /// Turns the age weighting on or off (audited); the threshold stays as
    /// it was unless given.
    pub fn set_age_weighting(
        &mut self,
        enabled: bool,
        threshold_days: Option<f64>,
    ) -> Result<AgeWeightingDto, ApiError> {
        let old = age_weighting(self.store().conn())?;
        let threshold_days = match threshold_days {
            Some(d) => valid_threshold(d)?,
            None => old.threshold_days,
        };
        let new = AgeWeighting {
            enabled,
            threshold_days,
        };
        let text = serde_json::to_string(&new).expect("plain struct");
        self.set_setting(SETTING_KEY, &text)?;
        Ok(AgeWeightingDto {
            enabled,
            threshold_days,
        })
    }

    /// Whether weighting the censored-demand corrections by backorder age
    /// helped: every part × location series whose weighted history differs
    /// from the fully corrected one is backtested both ways
    /// (`backtest_age_weighting`: the `auto` method, the last
    /// `accuracy::DEFAULT_ORIGINS` origins, `accuracy::DEFAULT_HORIZON`
    /// months ahead, scored on uncensored months only). The portfolio MAE and
    /// bias pool every compared month (each series weighted by its points).
    pub fn forecast_age_weighting_backtest(
        &self,
        args: &AgeWeightingBacktestArgs,
    ) -> Result<AgeWeightingBacktestDto, ApiError> {
        let conn = self.store().conn();
        let threshold_days = match args.threshold_days {
            Some(d) => valid_threshold(d)?,
            None => age_weighting(conn)?.threshold_days,
        };
        let config = ForecastConfig {
            horizon: accuracy::DEFAULT_HORIZON,
            ..crate::part_forecast::config_of(None, None)?
        };
        let filter = SeriesFilter {
            part_id: args.part_id.clone(),
            age_weighting: AgeWeightingChoice::AgesOnly,
            ..Default::default()
        };
        let mut out = Tally::default();
        demand_series::for_each(conn, &filter, |s| {
            out.series_seen += 1;
            let ages = ages_for_weighting(&s.backorder_age_days, threshold_days);
            let weighted =
                age_weighted_history(&s.recorded, &s.reconstructed, &ages, threshold_days);
            if weighted == s.reconstructed {
                return Ok(());
            }
            let b = backtest_age_weighting(
                &s.recorded,
                &s.reconstructed,
                &s.censored,
                &ages,
                threshold_days,
                &config,
                accuracy::DEFAULT_ORIGINS,
            )
            .map_err(|e| {
                ApiError::new(
                    ErrorCode::Internal,
                    format!("backtest of part {}: {e}", s.part_id),
                )
            })?;
            let Some(b) = b else {
                out.without_comparable_months += 1;
                return Ok(());
            };
            out.add(&b);
            Ok(())
        })?;
        Ok(out.finish(threshold_days))
    }
}

#[derive(Default)]
struct Tally {
    series_seen: u64,
    without_comparable_months: u64,
    compared: u64,
    improved: u64,
    worse: u64,
    points: u64,
    abs_full: f64,
    abs_aged: f64,
    err_full: f64,
    err_aged: f64,
}

impl Tally {
    fn add(&mut self, b: &bodesk_forecast::adjust::AgeWeightingBacktest) {
        self.compared += 1;
        if b.mae_age_weighted < b.mae_full_correction {
            self.improved += 1;
        } else if b.mae_age_weighted > b.mae_full_correction {
            self.worse += 1;
        }
        let p = b.points as f64;
        self.points += b.points as u64;
        self.abs_full += b.mae_full_correction * p;
        self.abs_aged += b.mae_age_weighted * p;
        self.err_full += b.bias_full_correction * p;
        self.err_aged += b.bias_age_weighted * p;
    }

    fn finish(self, threshold_days: f64) -> AgeWeightingBacktestDto {
        let p = self.points as f64;
        let per_point = |x: f64| (self.points > 0).then(|| x / p);
        let (mae_full, mae_aged) = (per_point(self.abs_full), per_point(self.abs_aged));
        let helped = matches!((mae_full, mae_aged), (Some(f), Some(a)) if a < f);
        let verdict = match (mae_full, mae_aged) {
            (Some(f), Some(a)) => format!(
                "{}: portfolio MAE {f:.4} with the full correction, {a:.4} age-weighted \
                 (threshold {threshold_days} days) over {} series and {} months; \
                 {} series improved, {} worse",
                if a < f {
                    "helped"
                } else if a > f {
                    "did not help"
                } else {
                    "no difference"
                },
                self.compared,
                self.points,
                self.improved,
                self.worse
            ),
            _ => "nothing to compare: no series whose age-weighted history differs \
                  has an uncensored month to score"
                .to_string(),
        };
        AgeWeightingBacktestDto {
            threshold_days,
            series: self.series_seen,
            series_compared: self.compared,
            series_improved: self.improved,
            series_worse: self.worse,
            series_without_comparable_months: self.without_comparable_months,
            points: self.points,
            mae_full_correction: mae_full,
            mae_age_weighted: mae_aged,
            bias_full_correction: per_point(self.err_full),
            bias_age_weighted: per_point(self.err_aged),
            helped,
            verdict,
        }
    }
}
