//! Forecast adjustments in the working set (issue 6, item 3): a planner's
//! campaigns, overrides (with a reason and an expiry) and known supply
//! changes (table `forecast_adjustment`, migration 7), plus the repair
//! campaigns the ERP exports (`campaigns`, source `erp_campaign`). The
//! arithmetic is the pure `bodesk_forecast::adjust`.
//!
//! - Every add and removal is one transaction with its audit record; removal
//!   is soft (the row stays, flagged, with who, when and why) and is undone
//!   by adding the adjustment again.
//! - Imports never touch the table, so adjustments survive re-imports.
//! - Which adjustments a series gets ([`for_series`]): a location's series
//!   gets the adjustments at that location (planner's and ERP campaigns); the
//!   part's network total gets the part-wide ones (no location) plus the
//!   campaigns and supply changes of every location. An override at one
//!   location is that location's value and does not replace the total.
//! - `active`: the last month is not before the as-of month (the working
//!   set's as-of date; today's when nothing was imported).

use bodesk_forecast::adjust::{self, Adjusted, Adjustment, AdjustmentKind, MonthIndex};
use bodesk_store::Store;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{json, Value};

use crate::app::{answer, args};
use crate::dto::{ForecastAdjustmentDto, NewForecastAdjustment, RemoveForecastAdjustment};
use crate::{now_utc, user_name, ApiError, ErrorCode, Workspace};

/// The commands this module answers (listed with their access in `COMMANDS`).
pub const COMMAND_NAMES: &[&str] = &[
    "forecast_adjustments",
    "add_forecast_adjustment",
    "remove_forecast_adjustment",
];

/// `forecast_adjustments` arguments.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentsArgs {
    #[serde(default)]
    pub part_id: Option<String>,
}

/// Runs one of [`COMMAND_NAMES`] for `App::call`.
pub(crate) fn call(ws: &mut Workspace, command: &str, a: Value) -> Result<Value, ApiError> {
    match command {
        "forecast_adjustments" => {
            let x: AdjustmentsArgs = args(command, a)?;
            answer(ws.forecast_adjustments(x.part_id.as_deref())?)
        }
        "add_forecast_adjustment" => {
            answer(ws.add_forecast_adjustment(&args::<NewForecastAdjustment>(command, a)?)?)
        }
        "remove_forecast_adjustment" => {
            ws.remove_forecast_adjustment(&args::<RemoveForecastAdjustment>(command, a)?)?;
            answer(json!({}))
        }
        other => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no command {other:?}"),
        )),
    }
}

impl Workspace {
    /// Planner adjustments (not removed) and ERP campaigns, of one part or
    /// all; active first, then by first month.
    pub fn forecast_adjustments(
        &self,
        part_id: Option<&str>,
    ) -> Result<Vec<ForecastAdjustmentDto>, ApiError> {
        let conn = self.store().conn();
        let as_of = as_of_month(conn)?;
        let mut out = planner_rows(conn, part_id, None, &as_of)?;
        out.extend(campaign_rows(conn, part_id, None, &as_of)?);
        sort(&mut out);
        Ok(out)
    }

    /// Validates and stores a planner adjustment, audited.
    pub fn add_forecast_adjustment(
        &mut self,
        a: &NewForecastAdjustment,
    ) -> Result<ForecastAdjustmentDto, ApiError> {
        let new = validate(self.store().conn(), a)?;
        let (user, at) = (user_name(), now_utc());
        let tx = self.store_mut().conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO forecast_adjustment (kind, part_id, location_id, start_period,
                 end_period, qty, reason, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                new.kind.name(),
                new.part_id,
                new.location_id,
                new.start_period,
                new.end_period,
                new.qty,
                new.reason,
                at,
                user
            ],
        )?;
        let id = tx.last_insert_rowid();
        Store::audit(
            &tx,
            &at,
            &user,
            "add_forecast_adjustment",
            Some("forecast_adjustment"),
            Some(&id.to_string()),
            &json!({
                "kind": new.kind.name(), "part_id": new.part_id, "location_id": new.location_id,
                "start_period": new.start_period, "end_period": new.end_period,
                "qty": new.qty, "reason": new.reason,
            }),
        )?;
        let as_of = as_of_month(&tx)?;
        let row = planner_row_by_id(&tx, id, &as_of)?;
        tx.commit()?;
        Ok(row)
    }

    /// Removes (softly) a planner adjustment, audited with the reason.
    pub fn remove_forecast_adjustment(
        &mut self,
        a: &RemoveForecastAdjustment,
    ) -> Result<(), ApiError> {
        let reason = a.reason.trim();
        if reason.is_empty() {
            return Err(ApiError::invalid(
                "removing an adjustment: say why (reason); it goes to the audit trail",
            ));
        }
        let (user, at) = (user_name(), now_utc());
        let tx = self.store_mut().conn_mut().transaction()?;
        let removed: Option<bool> = tx
            .query_row(
                "SELECT removed FROM forecast_adjustment WHERE adjustment_id = ?1",
                [a.adjustment_id],
                |r| r.get(0),
            )
            .optional()?;
        match removed {
            None => {
                return Err(ApiError::new(
                    ErrorCode::NotFound,
                    format!("no forecast adjustment {}", a.adjustment_id),
                ))
            }
            Some(true) => {
                return Err(ApiError::invalid(format!(
                    "forecast adjustment {} is already removed",
                    a.adjustment_id
                )))
            }
            Some(false) => {}
        }
        tx.execute(
            "UPDATE forecast_adjustment SET removed = 1, removed_at = ?2, removed_by = ?3,
                 removed_reason = ?4 WHERE adjustment_id = ?1",
            params![a.adjustment_id, at, user, reason],
        )?;
        Store::audit(
            &tx,
            &at,
            &user,
            "remove_forecast_adjustment",
            Some("forecast_adjustment"),
            Some(&a.adjustment_id.to_string()),
            &json!({ "reason": reason }),
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The adjustments that apply to one series of `part_id` (at `location_id`,
/// or the part's network total when `None`; see the module doc), limited to
/// those overlapping the months of `periods` (`YYYY-MM`; all when empty);
/// active first. Works inside a transaction.
pub fn for_series(
    conn: &Connection,
    part_id: &str,
    location_id: Option<&str>,
    periods: &[String],
) -> Result<Vec<ForecastAdjustmentDto>, ApiError> {
    let as_of = as_of_month(conn)?;
    let scope = Some(location_id.map_or(Scope::NetworkTotal, Scope::Location));
    let mut out = planner_rows(conn, Some(part_id), scope, &as_of)?;
    out.extend(campaign_rows(conn, Some(part_id), location_id, &as_of)?);
    let months: Vec<MonthIndex> = periods
        .iter()
        .filter_map(|p| adjust::month_index(p))
        .collect();
    if let (Some(&first), Some(&last)) = (months.iter().min(), months.iter().max()) {
        out.retain(|a| {
            let (s, e) = span(a);
            s <= last && e >= first
        });
    }
    sort(&mut out);
    Ok(out)
}

/// Applies `adjustments` (as [`for_series`] gives them) to `baseline`, one
/// value per month of `forecast_periods`; `history_periods` are the history
/// months (for the campaign demand that fell into them). Periods are
/// consecutive `YYYY-MM` months.
pub fn apply(
    adjustments: &[ForecastAdjustmentDto],
    history_periods: &[String],
    forecast_periods: &[String],
    baseline: &[f64],
) -> Adjusted {
    let first = |p: &[String]| p.first().and_then(|m| adjust::month_index(m));
    let first_forecast = first(forecast_periods)
        .or_else(|| first(history_periods).map(|m| m + history_periods.len() as i32))
        .unwrap_or(0);
    let first_history = first(history_periods).unwrap_or(first_forecast);
    let engine: Vec<Adjustment> = adjustments
        .iter()
        .filter_map(|a| {
            let (start, end) = span(a);
            Some(Adjustment {
                kind: AdjustmentKind::from_name(&a.kind)?,
                start,
                end,
                qty: a.qty,
                order: a.adjustment_id.unwrap_or(0),
            })
        })
        .collect();
    adjust::apply(
        baseline,
        first_forecast,
        first_history,
        history_periods.len(),
        &engine,
    )
}

fn span(a: &ForecastAdjustmentDto) -> (MonthIndex, MonthIndex) {
    (
        adjust::month_index(&a.start_period).unwrap_or(MonthIndex::MIN),
        adjust::month_index(&a.end_period).unwrap_or(MonthIndex::MIN),
    )
}

fn sort(rows: &mut [ForecastAdjustmentDto]) {
    rows.sort_by(|a, b| {
        b.active
            .cmp(&a.active)
            .then_with(|| a.start_period.cmp(&b.start_period))
            .then_with(|| a.part_id.cmp(&b.part_id))
            .then_with(|| a.adjustment_id.cmp(&b.adjustment_id))
            .then_with(|| a.reason.cmp(&b.reason))
    });
}

/// The as-of month of the working set (today's when nothing was imported).
fn as_of_month(conn: &Connection) -> Result<String, ApiError> {
    let date = crate::kpi::working_set_as_of(conn)?.unwrap_or_else(now_utc);
    Ok(date.chars().take(7).collect())
}

#[derive(Clone, Copy)]
enum Scope<'a> {
    Location(&'a str),
    NetworkTotal,
}

const PLANNER_COLUMNS: &str =
    "adjustment_id, kind, part_id, location_id, start_period, end_period, qty, reason, created_at";

fn planner_dto(r: &rusqlite::Row<'_>, as_of: &str) -> rusqlite::Result<ForecastAdjustmentDto> {
    let end_period: String = r.get(5)?;
    Ok(ForecastAdjustmentDto {
        adjustment_id: Some(r.get(0)?),
        kind: r.get(1)?,
        part_id: r.get(2)?,
        location_id: r.get(3)?,
        start_period: r.get(4)?,
        active: end_period.as_str() >= as_of,
        end_period,
        qty: r.get(6)?,
        reason: r.get(7)?,
        source: "planner".into(),
        created_at: Some(r.get(8)?),
    })
}

fn planner_rows(
    conn: &Connection,
    part_id: Option<&str>,
    scope: Option<Scope<'_>>,
    as_of: &str,
) -> Result<Vec<ForecastAdjustmentDto>, ApiError> {
    let (location_filter, location) = match scope {
        None => ("1", None),
        Some(Scope::Location(l)) => ("location_id = ?2", Some(l)),
        Some(Scope::NetworkTotal) => (
            "(location_id IS NULL OR kind IN ('campaign', 'supply_change'))",
            None,
        ),
    };
    let sql = format!(
        "SELECT {PLANNER_COLUMNS} FROM forecast_adjustment
         WHERE removed = 0 AND (?1 IS NULL OR part_id = ?1) AND {location_filter}
         ORDER BY adjustment_id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = if location.is_some() {
        stmt.query_map(params![part_id, location], |r| planner_dto(r, as_of))?
            .collect::<Result<Vec<_>, _>>()?
    } else {
        stmt.query_map(params![part_id], |r| planner_dto(r, as_of))?
            .collect::<Result<Vec<_>, _>>()?
    };
    Ok(rows)
}

fn planner_row_by_id(
    conn: &Connection,
    id: i64,
    as_of: &str,
) -> Result<ForecastAdjustmentDto, ApiError> {
    Ok(conn.query_row(
        &format!("SELECT {PLANNER_COLUMNS} FROM forecast_adjustment WHERE adjustment_id = ?1"),
        [id],
        |r| planner_dto(r, as_of),
    )?)
}

/// The ERP's campaigns still in the export, as adjustments (months of their
/// start and end dates; `location_id` given: that location's only).
fn campaign_rows(
    conn: &Connection,
    part_id: Option<&str>,
    location_id: Option<&str>,
    as_of: &str,
) -> Result<Vec<ForecastAdjustmentDto>, ApiError> {
    let mut stmt = conn.prepare(
        "SELECT campaign_id, part_id, location_id, qty, substr(start_date, 1, 7), substr(end_date, 1, 7)
         FROM campaigns
         WHERE in_export = 1 AND (?1 IS NULL OR part_id = ?1) AND (?2 IS NULL OR location_id = ?2)
         ORDER BY campaign_id",
    )?;
    let rows = stmt
        .query_map(params![part_id, location_id], |r| {
            let campaign_id: String = r.get(0)?;
            let end_period: String = r.get(5)?;
            Ok(ForecastAdjustmentDto {
                adjustment_id: None,
                kind: AdjustmentKind::Campaign.name().into(),
                part_id: r.get(1)?,
                location_id: Some(r.get(2)?),
                start_period: r.get(4)?,
                active: end_period.as_str() >= as_of,
                end_period,
                qty: r.get(3)?,
                reason: format!("ERP campaign {campaign_id}"),
                source: "erp_campaign".into(),
                created_at: None,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

struct Valid {
    kind: AdjustmentKind,
    part_id: String,
    location_id: Option<String>,
    start_period: String,
    end_period: String,
    qty: f64,
    reason: String,
}

fn validate(conn: &Connection, a: &NewForecastAdjustment) -> Result<Valid, ApiError> {
    let kind = AdjustmentKind::from_name(a.kind.trim()).ok_or_else(|| {
        ApiError::invalid(format!(
            "adjustment kind {:?}: one of campaign, override, supply_change",
            a.kind
        ))
    })?;
    let part_id = a.part_id.trim().to_string();
    let known_part: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM parts WHERE part_id = ?1)",
        [&part_id],
        |r| r.get(0),
    )?;
    if !known_part {
        return Err(ApiError::invalid(format!(
            "unknown part {part_id:?}: no such part in the working set"
        )));
    }
    let location_id = a
        .location_id
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    if let Some(l) = &location_id {
        let known: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM locations WHERE location_id = ?1)",
            [l],
            |r| r.get(0),
        )?;
        if !known {
            return Err(ApiError::invalid(format!(
                "unknown location {l:?}: no such location in the working set"
            )));
        }
    }
    let month = |what: &str, text: &str| {
        let text = text.trim();
        adjust::month_index(text)
            .map(|_| text.to_string())
            .ok_or_else(|| {
                ApiError::invalid(format!("{what} {text:?}: expected a month as YYYY-MM"))
            })
    };
    let start_period = month("start_period", &a.start_period)?;
    let end_period = month("end_period", &a.end_period)?;
    if end_period < start_period {
        return Err(ApiError::invalid(format!(
            "end_period {end_period} is before start_period {start_period}"
        )));
    }
    let qty = a.qty;
    let qty_problem = match kind {
        _ if !qty.is_finite() => Some("must be a number"),
        AdjustmentKind::Campaign if qty <= 0.0 => {
            Some("a campaign adds demand: units over its window, above 0")
        }
        AdjustmentKind::Override if qty < 0.0 => {
            Some("an override is the forecast per month: 0 or more")
        }
        AdjustmentKind::SupplyChange if qty == 0.0 => {
            Some("a supply change moves supply: units per month, not 0 (negative: less)")
        }
        _ => None,
    };
    if let Some(problem) = qty_problem {
        return Err(ApiError::invalid(format!("qty {qty}: {problem}")));
    }
    let reason = a.reason.trim().to_string();
    if reason.is_empty() {
        return Err(ApiError::invalid(
            "an adjustment needs a reason; it goes to the audit trail",
        ));
    }
    Ok(Valid {
        kind,
        part_id,
        location_id,
        start_period,
        end_period,
        qty,
        reason,
    })
}
