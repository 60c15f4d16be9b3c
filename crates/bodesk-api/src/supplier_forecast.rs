//! Supplier forecast sharing (issue 6, item 6): per supplier, the forecast of
//! its parts (those whose `primary_supplier_id` it is) as CSV for the
//! supplier, at a monthly or weekly cadence.
//!
//! - The cadence is a setting per supplier (`supplier_forecast_cadence.<id>`,
//!   `monthly` when never set), changed with an audit record; an export may
//!   ask for the other cadence once.
//! - Each part's forecast is its network total as `forecast_part` gives it
//!   (every location; censored months reconstructed; method `auto`), with the
//!   adjustments the total gets (campaigns, part-wide overrides; see
//!   `crate::forecast_adjustments`).
//! - Weekly splits each month's forecast over the ISO weeks its days fall
//!   in, in proportion to the days (a week spanning two months gets a share
//!   of each); the first and last week of the horizon hold only the days
//!   inside it. The weekly values of a part sum to its monthly ones.
//! - CSV columns: `supplier_id, part_id, period, qty, method`; `period` is
//!   `YYYY-MM` or the ISO week `YYYY-Www`; `qty` in units with 4 decimals;
//!   `method` the forecast method (`no_history` for a part without demand
//!   history, forecast 0). Text cells are formula-safe.

use bodesk_forecast::adjust;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::app::{answer, args};
use crate::dto::{ExportFile, PartForecastArgs, SupplierCadence, SupplierForecastArgs};
use crate::{ApiError, ErrorCode, Workspace};

/// The commands this module answers (listed with their access in `COMMANDS`).
pub const COMMAND_NAMES: &[&str] = &[
    "supplier_forecast_export",
    "supplier_forecast_cadence",
    "set_supplier_forecast_cadence",
];

/// `supplier_forecast_cadence` arguments.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplierArgs {
    pub supplier_id: String,
}

/// The settings key of a supplier's cadence.
pub fn cadence_key(supplier_id: &str) -> String {
    format!("supplier_forecast_cadence.{supplier_id}")
}

/// Runs one of [`COMMAND_NAMES`] for `App::call`.
pub(crate) fn call(ws: &mut Workspace, command: &str, a: Value) -> Result<Value, ApiError> {
    match command {
        "supplier_forecast_export" => {
            answer(ws.supplier_forecast_export(&args::<SupplierForecastArgs>(command, a)?)?)
        }
        "supplier_forecast_cadence" => {
            let x: SupplierArgs = args(command, a)?;
            let cadence = ws.supplier_forecast_cadence(&x.supplier_id)?;
            answer(SupplierCadence {
                supplier_id: x.supplier_id.trim().to_string(),
                cadence,
            })
        }
        "set_supplier_forecast_cadence" => {
            ws.set_supplier_forecast_cadence(&args::<SupplierCadence>(command, a)?)?;
            answer(json!({}))
        }
        other => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no command {other:?}"),
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cadence {
    Monthly,
    Weekly,
}

impl Cadence {
    fn parse(text: &str) -> Result<Cadence, ApiError> {
        match text.trim() {
            "monthly" => Ok(Cadence::Monthly),
            "weekly" => Ok(Cadence::Weekly),
            other => Err(ApiError::invalid(format!(
                "cadence {other:?}: monthly or weekly"
            ))),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Cadence::Monthly => "monthly",
            Cadence::Weekly => "weekly",
        }
    }
}

impl Workspace {
    /// A supplier's cadence: its setting, `monthly` when never set.
    pub fn supplier_forecast_cadence(&self, supplier_id: &str) -> Result<String, ApiError> {
        let supplier_id = known_supplier(self.store().conn(), supplier_id)?;
        Ok(self
            .setting(&cadence_key(&supplier_id))?
            .unwrap_or_else(|| Cadence::Monthly.name().into()))
    }

    /// Sets a supplier's cadence (audited setting).
    pub fn set_supplier_forecast_cadence(&mut self, a: &SupplierCadence) -> Result<(), ApiError> {
        let supplier_id = known_supplier(self.store().conn(), &a.supplier_id)?;
        let cadence = Cadence::parse(&a.cadence)?;
        self.set_setting(&cadence_key(&supplier_id), cadence.name())
    }

    /// The forecast of the supplier's parts as CSV at its cadence (or the
    /// one asked for).
    pub fn supplier_forecast_export(
        &self,
        a: &SupplierForecastArgs,
    ) -> Result<ExportFile, ApiError> {
        let conn = self.store().conn();
        let supplier_id = known_supplier(conn, &a.supplier_id)?;
        let cadence = match &a.cadence {
            Some(c) => Cadence::parse(c)?,
            None => Cadence::parse(&self.supplier_forecast_cadence(&supplier_id)?)?,
        };
        let horizon = a.horizon.unwrap_or(12);
        if !(1..=60).contains(&horizon) {
            return Err(ApiError::invalid(format!(
                "horizon {horizon}: 1 to 60 months"
            )));
        }
        let parts: Vec<String> = conn
            .prepare(
                "SELECT part_id FROM parts WHERE primary_supplier_id = ?1 AND in_export = 1
                 ORDER BY part_id",
            )?
            .query_map([&supplier_id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let io = |e: std::io::Error| ApiError::new(ErrorCode::Internal, e.to_string());
        let mut out = Vec::new();
        crate::sniff::write_csv_row(
            &mut out,
            ["supplier_id", "part_id", "period", "qty", "method"].into_iter(),
        )
        .map_err(io)?;
        for part_id in &parts {
            let f = part_total_forecast(self, part_id, horizon)?;
            let rows = match cadence {
                Cadence::Monthly => f
                    .periods
                    .iter()
                    .cloned()
                    .zip(f.qty.iter().copied())
                    .collect(),
                Cadence::Weekly => weekly(&f.periods, &f.qty),
            };
            for (period, qty) in rows {
                let cells = [
                    crate::batches::formula_safe(&supplier_id).into_owned(),
                    crate::batches::formula_safe(part_id).into_owned(),
                    period,
                    format!("{qty:.4}"),
                    f.method.clone(),
                ];
                crate::sniff::write_csv_row(&mut out, cells.iter().map(String::as_str))
                    .map_err(io)?;
            }
        }
        let safe_name = crate::charts::safe_file_name(&supplier_id);
        Ok(ExportFile {
            file_name: format!("forecast-{safe_name}-{}.csv", cadence.name()),
            mime: "text/csv".into(),
            text: Some(String::from_utf8_lossy(&out).into_owned()),
            data_base64: None,
        })
    }
}

fn known_supplier(conn: &Connection, supplier_id: &str) -> Result<String, ApiError> {
    let id = supplier_id.trim();
    let known = conn
        .query_row(
            "SELECT 1 FROM suppliers WHERE supplier_id = ?1",
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if known {
        Ok(id.to_string())
    } else {
        Err(ApiError::invalid(format!(
            "unknown supplier {id:?}: no such supplier in the working set"
        )))
    }
}

/// A part's network-total forecast per month, adjusted.
struct MonthlyForecast {
    periods: Vec<String>,
    qty: Vec<f64>,
    method: String,
}

/// The part's forecast over all its locations as `forecast_part` gives it
/// (`auto`, reconstructed demand, with the adjustments of the network
/// total): the one forecast code path. A part without demand history
/// forecasts 0 (`no_history`) from the month after the as-of month.
fn part_total_forecast(
    ws: &Workspace,
    part_id: &str,
    horizon: u32,
) -> Result<MonthlyForecast, ApiError> {
    let asked = PartForecastArgs {
        part_id: part_id.to_string(),
        location_id: None,
        horizon: Some(horizon),
        method: None,
    };
    match ws.forecast_part(&asked) {
        Ok(f) => Ok(MonthlyForecast {
            periods: f.forecast_periods,
            qty: f.forecast,
            method: f.method,
        }),
        Err(e) if e.code == ErrorCode::NotFound => {
            let as_of = crate::kpi::resolve_as_of(ws.store().conn(), None)?;
            let first = as_of.year() * 12 + as_of.month0() as i32 + 1;
            Ok(MonthlyForecast {
                periods: (0..horizon as i32)
                    .map(|i| adjust::month_name(first + i))
                    .collect(),
                qty: vec![0.0; horizon as usize],
                method: "no_history".into(),
            })
        }
        Err(e) => Err(e),
    }
}

/// Monthly values (`YYYY-MM`, consecutive) split over ISO weeks by days.
fn weekly(periods: &[String], qty: &[f64]) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for (period, &q) in periods.iter().zip(qty) {
        let Some(m) = adjust::month_index(period) else {
            continue;
        };
        let (year, month) = (m.div_euclid(12), m.rem_euclid(12) as u32 + 1);
        let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
            continue;
        };
        let days = first
            .checked_add_months(chrono::Months::new(1))
            .map_or(30, |next| (next - first).num_days());
        let per_day = q / days as f64;
        for day in first.iter_days().take(days as usize) {
            let w = day.iso_week();
            let name = format!("{:04}-W{:02}", w.year(), w.week());
            match out.last_mut() {
                Some((last, sum)) if *last == name => *sum += per_day,
                _ => out.push((name, per_day)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_share_a_month_by_days_and_sum_to_it() {
        // February 2027: Mon 1 … Sun 28, four whole ISO weeks.
        let got = weekly(&["2027-02".into()], &[28.0]);
        assert_eq!(
            got,
            [
                ("2027-W05".to_string(), 7.0),
                ("2027-W06".to_string(), 7.0),
                ("2027-W07".to_string(), 7.0),
                ("2027-W08".to_string(), 7.0)
            ]
        );
        // December 2026 (31 days) and January 2027: 2026-12-28..2027-01-03
        // is ISO week 2026-W53, shared by both months.
        let got = weekly(&["2026-12".into(), "2027-01".into()], &[31.0, 62.0]);
        let w53 = got.iter().find(|(w, _)| w == "2026-W53").unwrap().1;
        assert!((w53 - (4.0 + 3.0 * 2.0)).abs() < 1e-9, "{got:?}");
        assert_eq!(got.first().unwrap(), &("2026-W49".to_string(), 6.0));
        let total: f64 = got.iter().map(|(_, q)| q).sum();
        assert!((total - 93.0).abs() < 1e-9);
        assert_eq!(
            got.iter().filter(|(w, _)| w == "2026-W53").count(),
            1,
            "a week spanning two months is one row"
        );
    }
}
