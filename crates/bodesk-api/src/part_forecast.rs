//! Working-set forecasts (`forecast_part`, `forecast_list`, `bodesk forecast`
//! without `--input`): the demand of a part at a location (or over its
//! network) from [`crate::demand_series`], censored months reconstructed,
//! forecast with `bodesk-forecast`, with a band and the accuracy of a
//! rolling-origin backtest.
//!
//! - **Baseline**: the forecast of the *reconstructed* series with the
//!   method asked for (`auto` by default; its reason is in `params.reason`).
//! - **Forecast**: the baseline after adjustments ([`apply_adjustments`]).
//! - **Accuracy**: `bodesk_forecast::accuracy::rolling_origin` on the
//!   reconstructed series with the same method, the last
//!   [`accuracy::DEFAULT_ORIGINS`] months as origins, horizon
//!   [`accuracy::DEFAULT_HORIZON`]; actuals are the reconstructed months
//!   (what the forecast aims at).
//! - **Band** at 80 %: `forecast ± z₀.₉ · s` with `z₀.₉ = 1.2816` and `s` the
//!   root mean squared error of the backtest (the spread of the errors this
//!   method made on this series a few months ahead); without backtest points
//!   (a series of fewer than 3 months) `s` is the reconstruction's sigma of
//!   monthly demand. The lower edge is cut at 0. The same width every month,
//!   as the forecast is a flat level.
//! - **List**: every part × location, forecast `auto` over 12 months, sorted
//!   by the horizon total (largest first), paged (100 by default). The
//!   backtest is computed for the returned page only (a refit at 6 origins
//!   for every one of ~170k series would take minutes); the portfolio
//!   accuracy therefore covers the page's rows.

use bodesk_forecast::accuracy::{self, Accuracy};
use bodesk_forecast::{classify, forecast, ForecastConfig, Method};
use rusqlite::{Connection, OptionalExtension};

use crate::demand_series::{self, DemandSeries, SeriesFilter};
use crate::dto::{
    AccuracyDto, ForecastAdjustmentDto, ForecastListArgs, ForecastPortfolio, ForecastRow,
    PartForecastArgs, PartForecastDto,
};
use crate::{ApiError, ErrorCode, Workspace};

/// The band's coverage.
pub const BAND_LEVEL: f64 = 0.8;
/// The standard normal quantile at 0.9 (both tails of an 80 % band).
const Z_90: f64 = 1.2815515655446004;
/// Months ahead when not asked.
pub const DEFAULT_HORIZON: u32 = 12;
/// The longest horizon asked for.
pub const MAX_HORIZON: u32 = 120;
/// Rows of a `forecast_list` page when not asked.
pub const DEFAULT_LIMIT: u32 = 100;

impl Workspace {
    /// One part's forecast at one location, or over the network without one.
    pub fn forecast_part(&self, args: &PartForecastArgs) -> Result<PartForecastDto, ApiError> {
        let conn = self.store().conn();
        let config = config_of(args.method.as_deref(), args.horizon)?;
        let locations = part_locations(conn, &args.part_id)?;
        if let Some(l) = &args.location_id {
            if !locations.contains(l) {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!(
                        "part {} has no demand history at location {l} (it has at: {})",
                        args.part_id,
                        locations.join(", ")
                    ),
                ));
            }
        }
        let filter = SeriesFilter {
            part_id: Some(args.part_id.clone()),
            location_id: args.location_id.clone(),
            network_total: true,
            ..Default::default()
        };
        let series = demand_series::load(conn, &filter)?
            .pop()
            .ok_or_else(|| no_history(&args.part_id))?;
        let range = demand_series::month_range(conn)?.ok_or_else(|| no_history(&args.part_id))?;
        let forecast_periods = range.following(config.horizon);
        let f = forecast(&series.reconstructed, &config).map_err(|e| internal(&series, &e))?;
        let backtest = backtest_of(&series, &config)?;
        let adjusted = apply_adjustments(conn, &series, &forecast_periods, &f.mean)?;
        let spread = if backtest.points > 0 {
            backtest.rmse
        } else {
            series.sigma
        };
        let (lower, upper) = adjusted
            .forecast
            .iter()
            .map(|&v| ((v - Z_90 * spread).max(0.0), v + Z_90 * spread))
            .unzip();
        Ok(PartForecastDto {
            part_id: series.part_id,
            location_id: series.location_id,
            locations,
            periods: series.periods,
            recorded: series.recorded,
            reconstructed: series.reconstructed,
            censored: series.censored,
            censored_reason: series.censored_reason,
            censoring_model: series.model,
            censoring_fit: series.fit,
            forecast_periods,
            baseline: f.mean,
            forecast: adjusted.forecast,
            lower,
            upper,
            band_level: BAND_LEVEL,
            method: f.method.name().to_string(),
            params: crate::forecast::params_dto(f.params),
            accuracy: accuracy_dto(&backtest),
            adjustments: adjusted.adjustments,
            supply_change: adjusted.supply_change,
        })
    }

    /// Every part × location's forecast (`auto`, 12 months), largest horizon
    /// total first, one page of them with their backtest.
    pub fn forecast_list(&self, args: &ForecastListArgs) -> Result<ForecastPortfolio, ApiError> {
        let conn = self.store().conn();
        let config = config_of(None, None)?;
        if let Some(p) = &args.part_id {
            part_locations(conn, p)?;
        }
        let Some(range) = demand_series::month_range(conn)? else {
            return Ok(ForecastPortfolio {
                total_rows: 0,
                rows: Vec::new(),
                accuracy: AccuracyDto::default(),
            });
        };
        let forecast_periods = range.following(config.horizon);
        let filter = SeriesFilter {
            part_id: args.part_id.clone(),
            ..Default::default()
        };
        let mut rows = Vec::new();
        demand_series::for_each(conn, &filter, |s| {
            let f = forecast(&s.reconstructed, &config).map_err(|e| internal(&s, &e))?;
            let adjusted = apply_adjustments(conn, &s, &forecast_periods, &f.mean)?;
            rows.push(ForecastRow {
                class: class_name(classify(&s.reconstructed).class),
                method: f.method.name().to_string(),
                next_month: adjusted.forecast.first().copied().unwrap_or(0.0),
                horizon_total: adjusted.forecast.iter().sum(),
                mase: None,
                bias: 0.0,
                censored_months: s.censored_months() as u32,
                reconstructed_extra: s.reconstructed_extra(),
                adjusted: adjusted.adjusted,
                location_id: s.location_id.unwrap_or_default(),
                part_id: s.part_id,
            });
            Ok(())
        })?;
        rows.sort_by(|a, b| {
            b.horizon_total
                .total_cmp(&a.horizon_total)
                .then_with(|| a.part_id.cmp(&b.part_id))
                .then_with(|| a.location_id.cmp(&b.location_id))
        });
        let total_rows = rows.len() as u64;
        let offset = args.offset.unwrap_or(0) as usize;
        let limit = args.limit.unwrap_or(DEFAULT_LIMIT) as usize;
        let mut page: Vec<ForecastRow> = rows.into_iter().skip(offset).take(limit).collect();
        let mut backtests = Vec::with_capacity(page.len());
        for row in &mut page {
            let filter = SeriesFilter {
                part_id: Some(row.part_id.clone()),
                location_id: Some(row.location_id.clone()),
                ..Default::default()
            };
            if let Some(s) = demand_series::load(conn, &filter)?.pop() {
                let b = backtest_of(&s, &config)?;
                row.mase = b.mase;
                row.bias = b.bias;
                backtests.push(b);
            }
        }
        Ok(ForecastPortfolio {
            total_rows,
            rows: page,
            accuracy: accuracy_dto(&accuracy::portfolio(&backtests)),
        })
    }
}

/// What adjustments make of a baseline.
#[derive(Debug, Clone)]
pub(crate) struct Adjusted {
    /// The forecast replenishment uses, per forecast month.
    pub forecast: Vec<f64>,
    /// Adjustments touching the series, active first.
    pub adjustments: Vec<ForecastAdjustmentDto>,
    /// Supply changes per forecast month (shown, never added to demand).
    pub supply_change: Vec<f64>,
    /// Whether any adjustment changed the forecast.
    pub adjusted: bool,
}

/// Where adjustments plug in: campaigns (imported `campaigns` and the
/// planner's) add their demand over their months, overrides replace the
/// baseline until their expiry, supply changes are summed per month into
/// `supply_change` and leave the forecast alone. Called once per series by
/// `forecast_part` and by every series of `forecast_list`, with the
/// series' forecast months (`YYYY-MM`) and the baseline over them. Without
/// adjustments the forecast is the baseline.
pub(crate) fn apply_adjustments(
    conn: &Connection,
    series: &DemandSeries,
    forecast_periods: &[String],
    baseline: &[f64],
) -> Result<Adjusted, ApiError> {
    let months: Vec<String> = series
        .periods
        .iter()
        .chain(forecast_periods)
        .cloned()
        .collect();
    let adjustments = crate::forecast_adjustments::for_series(
        conn,
        &series.part_id,
        series.location_id.as_deref(),
        &months,
    )?;
    let applied = crate::forecast_adjustments::apply(
        &adjustments,
        &series.periods,
        forecast_periods,
        baseline,
    );
    let adjusted = applied.forecast.iter().zip(baseline).any(|(a, b)| a != b);
    Ok(Adjusted {
        forecast: applied.forecast,
        adjustments,
        supply_change: applied.supply_change,
        adjusted,
    })
}

/// The forecast settings from a method name and horizon (defaults `auto`, 12).
pub(crate) fn config_of(
    method: Option<&str>,
    horizon: Option<u32>,
) -> Result<ForecastConfig, ApiError> {
    let name = method.unwrap_or("auto");
    let method = Method::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
        ApiError::invalid(format!(
            "unknown method {name:?}; one of {}",
            names.join(", ")
        ))
    })?;
    let horizon = horizon.unwrap_or(DEFAULT_HORIZON);
    if !(1..=MAX_HORIZON).contains(&horizon) {
        return Err(ApiError::invalid(format!(
            "horizon {horizon} is not between 1 and {MAX_HORIZON} months"
        )));
    }
    Ok(ForecastConfig {
        horizon: horizon as usize,
        ..ForecastConfig::with_method(method)
    })
}

/// The locations with demand history of a part; NotFound for an unknown
/// part or one without history.
fn part_locations(conn: &Connection, part_id: &str) -> Result<Vec<String>, ApiError> {
    let known: Option<i64> = conn
        .query_row("SELECT 1 FROM parts WHERE part_id = ?1", [part_id], |r| {
            r.get(0)
        })
        .optional()?;
    if known.is_none() {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no part {part_id:?} in the working set"),
        ));
    }
    let mut stmt = conn.prepare(
        "SELECT DISTINCT location_id FROM demand_history WHERE part_id = ?1 ORDER BY location_id",
    )?;
    let locations = stmt
        .query_map([part_id], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    if locations.is_empty() {
        return Err(no_history(part_id));
    }
    Ok(locations)
}

fn no_history(part_id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!("part {part_id} has no demand history in the working set"),
    )
}

fn internal(s: &DemandSeries, e: &dyn std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::Internal,
        format!(
            "forecast of part {} at {}: {e}",
            s.part_id,
            s.location_id.as_deref().unwrap_or("every location")
        ),
    )
}

/// The default rolling-origin backtest of a series' reconstructed demand.
fn backtest_of(s: &DemandSeries, config: &ForecastConfig) -> Result<Accuracy, ApiError> {
    accuracy::rolling_origin(
        &s.reconstructed,
        config,
        accuracy::DEFAULT_ORIGINS,
        accuracy::DEFAULT_HORIZON,
    )
    .map_err(|e| internal(s, &e))
}

pub(crate) fn accuracy_dto(a: &Accuracy) -> AccuracyDto {
    AccuracyDto {
        mase: a.mase,
        mae: a.mae,
        bias: a.bias,
        origins: a.origins as u32,
        horizon: a.horizon as u32,
        points: a.points as u32,
    }
}

fn class_name(c: bodesk_forecast::DemandClass) -> String {
    serde_json::to_value(c)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::demand_series::tests::{working_set, DEMAND};
    use crate::dto::ForecastFileArgs;

    fn args(part: &str, location: Option<&str>) -> PartForecastArgs {
        PartForecastArgs {
            part_id: part.into(),
            location_id: location.map(str::to_string),
            horizon: Some(3),
            method: None,
        }
    }

    #[test]
    fn a_part_at_a_location() {
        let dir = tempfile::tempdir().unwrap();
        let ws = working_set(dir.path(), DEMAND, "2026-07-15");
        let f = ws.forecast_part(&args("A", Some("L1"))).unwrap();
        assert_eq!(f.locations, ["L1", "L2"]);
        assert_eq!(f.forecast_periods, ["2026-08", "2026-09", "2026-10"]);
        assert_eq!(f.forecast, f.baseline);
        assert_eq!(f.supply_change, [0.0; 3]);
        assert!(f.adjustments.is_empty());
        for i in 0..3 {
            assert!(f.lower[i] >= 0.0 && f.lower[i] <= f.forecast[i]);
            assert!(f.upper[i] > f.forecast[i]);
        }
        expect![[r#"
            method adida, censoring poisson/converged, accuracy mase=Some(1.3299) mae=2.9539 bias=1.6810 origins=5 points=12
            baseline [3.8359, 3.8359, 3.8359] band [0.0000, 8.2905]"#]]
        .assert_eq(&format!(
            "method {}, censoring {}/{}, accuracy mase={:?} mae={:.4} bias={:.4} origins={} points={}\nbaseline {:?} band [{:.4}, {:.4}]",
            f.method,
            f.censoring_model,
            f.censoring_fit,
            f.accuracy.mase.map(|m| (m * 1e4).round() / 1e4),
            f.accuracy.mae,
            f.accuracy.bias,
            f.accuracy.origins,
            f.accuracy.points,
            f.baseline.iter().map(|x| (x * 1e4).round() / 1e4).collect::<Vec<_>>(),
            f.lower[0],
            f.upper[0],
        ));
    }

    #[test]
    fn the_same_numbers_as_the_file_mode() {
        // The series written as a long file with its censoring flags gives
        // the same reconstruction and forecast through `bodesk forecast --input`.
        let dir = tempfile::tempdir().unwrap();
        let ws = working_set(dir.path(), DEMAND, "2026-07-15");
        for (part, location) in [("A", Some("L1")), ("A", None), ("B", Some("L2"))] {
            for method in ["auto", "croston", "tsb"] {
                let a = PartForecastArgs {
                    method: Some(method.into()),
                    ..args(part, location)
                };
                let f = ws.forecast_part(&a).unwrap();
                let mut file = String::from("period,part_id,qty,censored\n");
                for i in 0..f.periods.len() {
                    file += &format!(
                        "{},{part},{},{}\n",
                        f.periods[i], f.recorded[i], f.censored[i] as u8
                    );
                }
                let path = dir.path().join("series.csv");
                std::fs::write(&path, file).unwrap();
                let file_args = ForecastFileArgs {
                    method: method.into(),
                    horizon: 3,
                    alpha: 0.1,
                    alpha_d: 0.1,
                    alpha_p: 0.1,
                    censored: false,
                    censored_model: None,
                };
                let from_file = crate::forecast::forecast_file(&path, &file_args).unwrap();
                let from_file = &from_file[0];
                let history = from_file.history.as_ref().unwrap();
                if location.is_some() {
                    // (a network total is the sum of its locations'
                    // reconstructions, not a reconstruction of the sum)
                    assert_eq!(history.reconstructed, f.reconstructed, "{part} {method}");
                    assert_eq!(from_file.forecast, f.baseline, "{part} {method}");
                    assert_eq!(from_file.method, f.method);
                }
                assert_eq!(history.recorded, f.recorded);
            }
        }
    }

    #[test]
    fn network_total_forecasts_the_summed_reconstruction() {
        let dir = tempfile::tempdir().unwrap();
        let ws = working_set(dir.path(), DEMAND, "2026-07-15");
        let f = ws.forecast_part(&args("A", None)).unwrap();
        assert_eq!(f.location_id, None);
        let one = |l| ws.forecast_part(&args("A", Some(l))).unwrap();
        let (l1, l2) = (one("L1"), one("L2"));
        for i in 0..f.periods.len() {
            assert_eq!(
                f.reconstructed[i],
                l1.reconstructed[i] + l2.reconstructed[i]
            );
        }
        let file_cfg = config_of(None, Some(3)).unwrap();
        assert_eq!(
            f.baseline,
            forecast(&f.reconstructed, &file_cfg).unwrap().mean
        );
    }

    #[test]
    fn refusals() {
        let dir = tempfile::tempdir().unwrap();
        let ws = working_set(dir.path(), DEMAND, "2026-07-15");
        let fail = |a: PartForecastArgs| {
            let e = ws.forecast_part(&a).unwrap_err();
            format!("{:?}: {}", e.code, e.message)
        };
        expect![[r#"NotFound: no part "NOPE" in the working set"#]]
            .assert_eq(&fail(args("NOPE", None)));
        expect![[r#"NotFound: part C has no demand history in the working set"#]]
            .assert_eq(&fail(args("C", None)));
        expect![[r#"NotFound: part B has no demand history at location L1 (it has at: L2)"#]]
            .assert_eq(&fail(args("B", Some("L1"))));
        expect![[r#"InvalidInput: unknown method "magic"; one of ses, croston, sba, croston_opt, tsb, adida, imapa, auto"#]]
            .assert_eq(&fail(PartForecastArgs {
                method: Some("magic".into()),
                ..args("A", None)
            }));
        expect![[r#"InvalidInput: horizon 0 is not between 1 and 120 months"#]].assert_eq(&fail(
            PartForecastArgs {
                horizon: Some(0),
                ..args("A", None)
            },
        ));
        let e = ws
            .forecast_list(&ForecastListArgs {
                part_id: Some("NOPE".into()),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::NotFound);
    }

    #[test]
    fn the_list_is_sorted_and_paged() {
        let dir = tempfile::tempdir().unwrap();
        let ws = working_set(dir.path(), DEMAND, "2026-07-15");
        let all = ws.forecast_list(&ForecastListArgs::default()).unwrap();
        let show = |p: &ForecastPortfolio| {
            let mut out = format!(
                "{} rows; portfolio mase={:?} points={}\n",
                p.total_rows,
                p.accuracy.mase.map(|m| (m * 1e4).round() / 1e4),
                p.accuracy.points
            );
            for r in &p.rows {
                out += &format!(
                    "{} {} {} {} next={:.4} total={:.4} mase={:?} censored={} extra={:.4}\n",
                    r.part_id,
                    r.location_id,
                    r.method,
                    r.class,
                    r.next_month,
                    r.horizon_total,
                    r.mase.map(|m| (m * 1e4).round() / 1e4),
                    r.censored_months,
                    r.reconstructed_extra
                );
            }
            out
        };
        expect![[r#"
            4 rows; portfolio mase=Some(0.8628) points=48
            A L1 adida smooth next=3.8359 total=46.0305 mase=Some(1.3299) censored=2 extra=2.6257
            D L1 sba smooth next=2.7448 total=32.9379 mase=Some(1.4062) censored=5 extra=0.0000
            A L2 ses intermittent next=0.2194 total=2.6322 mase=Some(0.3918) censored=1 extra=0.2500
            B L2 ses intermittent next=0.1640 total=1.9683 mase=Some(0.3235) censored=0 extra=0.0000
        "#]]
        .assert_eq(&show(&all));
        let page = ws
            .forecast_list(&ForecastListArgs {
                part_id: None,
                limit: Some(1),
                offset: Some(1),
            })
            .unwrap();
        assert_eq!(page.total_rows, 4);
        assert_eq!(page.rows[0].part_id, all.rows[1].part_id);
        assert_eq!(page.rows[0].location_id, all.rows[1].location_id);
    }
}
