//! Replenishment under backorders (issue 6, item 5): the working set's
//! part × locations loaded into the pure engine `bodesk-replenish`, its
//! suggestions as DTOs, the planner's decisions (migration 8, audited) and
//! the ERP export of the accepted ones.
//!
//! - Suggestions are recomputed from the working set as of its as-of date on
//!   every call; only decisions are stored. A `suggestion_id` is
//!   `<batch>-<R|E>-<part>@<location>` (`R` reorder, `E` emergency; `%` and
//!   `@` in ids escaped as `%25`, `%40`): stable for the same part, location,
//!   kind and newest committed import batch, so a decision holds until the
//!   next import brings new figures.
//! - A decision stores the figures accepted (qty, supplier, delivery date,
//!   reason); the export sends those, so a later change of settings does not
//!   change an order already decided.
//! - Settings: the JSON setting `replenishment` ([`ReplenishmentSettings`],
//!   every field optional) over the engine's defaults.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use bodesk_replenish::{Config, DistributionChoice, Inbound, Item, Kind, OpenLine, Suggestion};
use bodesk_store::Store;
use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::app::{answer, args};
use crate::dto::{
    DecideReplenishment, ExportFile, ForecastAdjustmentDto, ReplenishmentArgs, ReplenishmentReport,
    ReplenishmentSuggestionDto,
};
use crate::{now_utc, user_name, ApiError, ErrorCode, Workspace};

/// The settings key of [`ReplenishmentSettings`] (JSON).
pub const SETTINGS_KEY: &str = "replenishment";

/// The commands this module answers (listed with their access in `COMMANDS`).
pub const COMMAND_NAMES: &[&str] = &[
    "replenishment",
    "decide_replenishment",
    "replenishment_export",
];

/// Runs one of [`COMMAND_NAMES`] for `App::call`.
pub(crate) fn call(ws: &Mutex<Workspace>, command: &str, a: Value) -> Result<Value, ApiError> {
    let mut w = ws.lock().unwrap_or_else(|e| e.into_inner());
    match command {
        "replenishment" => answer(w.replenishment(&args::<ReplenishmentArgs>(command, a)?)?),
        "decide_replenishment" => {
            answer(w.decide_replenishment(&args::<DecideReplenishment>(command, a)?)?)
        }
        "replenishment_export" => {
            args::<NoArgs>(command, a)?;
            answer(w.replenishment_export()?)
        }
        other => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no command {other:?}"),
        )),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoArgs {}

/// The engine's settings as stored under [`SETTINGS_KEY`]; absent fields
/// keep the engine's defaults (`bodesk_replenish::Config::new`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplenishmentSettings {
    /// Target fill rate per criticality, e.g. `{"A": 0.98, "B": 0.95, "C": 0.90}`.
    #[serde(default, skip_serializing_if = "HashMap::is_empty")]
    pub fill_rate: HashMap<String, f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_period_months: Option<f64>,
    /// `auto`, `poisson`, `negative_binomial` or `bootstrap`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift_share: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift_min_episode_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift_window_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uplift_decay_months: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_max_share: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_decay_months: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_age_share_of_limit: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_default_limit_days: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expedite_days: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_cover_months: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bootstrap_samples: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

impl ReplenishmentSettings {
    /// The engine's config as of `as_of` with these settings over the defaults.
    pub fn config(&self, as_of: NaiveDate) -> Result<Config, ApiError> {
        let mut c = Config::new(as_of);
        let share = |what: &str, v: f64, lo: f64, hi: f64| {
            if v.is_finite() && v >= lo && v <= hi {
                Ok(v)
            } else {
                Err(ApiError::invalid(format!(
                    "replenishment settings: {what} {v} is outside [{lo}, {hi}]"
                )))
            }
        };
        for (k, v) in &self.fill_rate {
            let v = share(&format!("fill rate of {k}"), *v, 0.5, 0.9999)?;
            match k.as_str() {
                "A" => c.fill_rate.a = v,
                "B" => c.fill_rate.b = v,
                "C" => c.fill_rate.c = v,
                other => {
                    return Err(ApiError::invalid(format!(
                        "replenishment settings: fill rate for {other:?}: criticality is A, B or C"
                    )))
                }
            }
        }
        if let Some(v) = self.review_period_months {
            c.review_period_months = share("review_period_months", v, 0.0, 24.0)?;
        }
        if let Some(d) = &self.distribution {
            c.distribution = match d.as_str() {
                "auto" => DistributionChoice::Auto,
                "poisson" => DistributionChoice::Poisson,
                "negative_binomial" => DistributionChoice::NegativeBinomial,
                "bootstrap" => DistributionChoice::Bootstrap,
                other => {
                    return Err(ApiError::invalid(format!(
                        "replenishment settings: distribution {other:?}: auto, poisson, negative_binomial or bootstrap"
                    )))
                }
            };
        }
        if let Some(v) = self.uplift_share {
            c.uplift.share = share("uplift_share", v, 0.0, 5.0)?;
        }
        if let Some(v) = self.uplift_min_episode_months {
            c.uplift.min_episode_months = v;
        }
        if let Some(v) = self.uplift_window_months {
            c.uplift.window_months = v.max(1);
        }
        if let Some(v) = self.uplift_decay_months {
            c.uplift.decay_months = v;
        }
        if let Some(v) = self.recovery_max_share {
            c.recovery.max_share = share("recovery_max_share", v, 0.0, 1.0)?;
        }
        if let Some(v) = self.recovery_decay_months {
            c.recovery.decay_months = share("recovery_decay_months", v, 0.0, 60.0)?;
        }
        if let Some(v) = self.emergency_age_share_of_limit {
            c.emergency.age_share_of_limit = share("emergency_age_share_of_limit", v, 0.0, 10.0)?;
        }
        if let Some(v) = self.emergency_default_limit_days {
            c.emergency.default_limit_days = share("emergency_default_limit_days", v, 0.0, 3650.0)?;
        }
        if let Some(v) = self.expedite_days {
            c.emergency.expedite_days = share("expedite_days", v, 0.0, 365.0)?;
        }
        if let Some(v) = self.max_cover_months {
            // 0: no cap.
            c.max_cover_months = share("max_cover_months", v, 0.0, 600.0)?;
        }
        if let Some(v) = self.bootstrap_samples {
            c.bootstrap_samples = v.clamp(1, 100_000);
        }
        if let Some(v) = self.seed {
            c.seed = v;
        }
        Ok(c)
    }
}

fn settings(conn: &Connection) -> Result<ReplenishmentSettings, ApiError> {
    match crate::settings::setting(conn, SETTINGS_KEY)? {
        None => Ok(ReplenishmentSettings::default()),
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            ApiError::new(
                ErrorCode::Storage,
                format!("the stored replenishment settings are not readable: {e}"),
            )
        }),
    }
}

// --- suggestion ids -----------------------------------------------------------

fn escape_id(s: &str) -> String {
    s.replace('%', "%25").replace('@', "%40")
}

fn unescape_id(s: &str) -> String {
    s.replace("%40", "@").replace("%25", "%")
}

/// `<batch>-<R|E>-<part>@<location>`.
pub fn suggestion_id(batch_id: i64, kind: Kind, part_id: &str, location_id: &str) -> String {
    let k = match kind {
        Kind::Reorder => 'R',
        Kind::Emergency => 'E',
    };
    format!(
        "{batch_id}-{k}-{}@{}",
        escape_id(part_id),
        escape_id(location_id)
    )
}

/// The batch, kind, part and location of a suggestion id.
fn parse_suggestion_id(id: &str) -> Option<(i64, Kind, String, String)> {
    let (batch, rest) = id.split_once('-')?;
    let (kind, rest) = rest.split_once('-')?;
    let kind = match kind {
        "R" => Kind::Reorder,
        "E" => Kind::Emergency,
        _ => return None,
    };
    let (part, location) = rest.split_once('@')?;
    if part.is_empty() || location.is_empty() {
        return None;
    }
    Some((
        batch.parse().ok()?,
        kind,
        unescape_id(part),
        unescape_id(location),
    ))
}

// --- loading ------------------------------------------------------------------

/// The working set's as-of date and newest committed import batch.
struct Basis {
    as_of: NaiveDate,
    batch_id: i64,
}

fn basis(conn: &Connection) -> Result<Basis, ApiError> {
    let as_of = crate::kpi::resolve_as_of(conn, None)?;
    let batch_id: Option<i64> = conn.query_row(
        "SELECT max(batch_id) FROM import_batch WHERE status = 'committed'",
        [],
        |r| r.get(0),
    )?;
    Ok(Basis {
        as_of,
        batch_id: batch_id.unwrap_or(0),
    })
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// `AND <part column> = :part AND <location column> = :location` as asked.
fn scope_sql(part_col: &str, loc_col: &str, part: Option<&str>, loc: Option<&str>) -> String {
    let mut s = String::new();
    if part.is_some() {
        s.push_str(&format!(" AND {part_col} = :part"));
    }
    if loc.is_some() {
        s.push_str(&format!(" AND {loc_col} = :location"));
    }
    s
}

fn scope_params<'a>(
    sql: &str,
    part: &'a Option<String>,
    loc: &'a Option<String>,
    as_of: &'a dyn rusqlite::ToSql,
) -> Vec<(&'static str, &'a dyn rusqlite::ToSql)> {
    let mut p: Vec<(&'static str, &'a dyn rusqlite::ToSql)> = Vec::new();
    if let Some(x) = part {
        p.push((":part", x));
    }
    if let Some(x) = loc {
        p.push((":location", x));
    }
    if sql.contains(":as_of") {
        p.push((":as_of", as_of));
    }
    p
}

/// The demand history months (`YYYY-MM`, common to every series) and the
/// monthly demand per part × location over them: `demand_series` (censored
/// months reconstructed, so stockouts do not under-buy), from the earliest
/// month of demand history to the as-of month — without the as-of month
/// unless the as-of date is its last day (a partial month under-states
/// demand).
fn demand_histories(
    conn: &Connection,
    as_of: NaiveDate,
    part: &Option<String>,
    loc: &Option<String>,
) -> Result<(Vec<String>, HashMap<(String, String), Vec<f64>>), ApiError> {
    let partial = (as_of + Duration::days(1)).month() == as_of.month();
    let filter = crate::demand_series::SeriesFilter {
        part_id: part.clone(),
        location_id: loc.clone(),
        network_total: false,
        ..Default::default()
    };
    let mut periods = Vec::new();
    let mut out = HashMap::new();
    crate::demand_series::for_each(conn, &filter, |s| {
        let Some(location_id) = s.location_id else {
            return Ok(());
        };
        let mut history = s.reconstructed;
        if periods.is_empty() {
            periods = s.periods;
            if partial {
                periods.pop();
            }
        }
        if partial {
            history.pop();
        }
        out.insert((s.part_id, location_id), history);
        Ok(())
    })?;
    Ok((periods, out))
}

struct PartFacts {
    criticality: String,
    unit_cost: f64,
    lead_time_days: f64,
    moq: Option<f64>,
    supplier_id: Option<String>,
}

/// Every part × location of the working set with stock, demand history,
/// open backorders or supply on its way (obsolete parts excluded: the EOL
/// report covers them), as the engine's items.
fn load_items(
    conn: &Connection,
    as_of: NaiveDate,
    part: &Option<String>,
    loc: &Option<String>,
) -> Result<(Vec<String>, Vec<Item>), ApiError> {
    let as_of_text = iso(as_of);
    let query = |sql: &str, f: &mut dyn FnMut(&rusqlite::Row<'_>) -> Result<(), ApiError>| {
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query(scope_params(sql, part, loc, &as_of_text).as_slice())?;
        while let Some(r) = rows.next()? {
            f(r)?;
        }
        Ok::<(), ApiError>(())
    };

    let mut parts: HashMap<String, PartFacts> = HashMap::new();
    let sql = format!(
        "SELECT part_id, criticality, unit_cost, lead_time_days, moq, primary_supplier_id
         FROM parts WHERE lifecycle <> 'obsolete'{}",
        if part.is_some() {
            " AND part_id = :part"
        } else {
            ""
        }
    );
    {
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = match part {
            Some(p) => stmt.query(rusqlite::named_params! {":part": p})?,
            None => stmt.query([])?,
        };
        while let Some(r) = rows.next()? {
            parts.insert(
                r.get(0)?,
                PartFacts {
                    criticality: r.get(1)?,
                    unit_cost: r.get(2)?,
                    lead_time_days: r.get(3)?,
                    moq: r.get(4)?,
                    supplier_id: r.get(5)?,
                },
            );
        }
    }

    let mut items: BTreeMap<(String, String), Item> = BTreeMap::new();
    let entry = |items: &mut BTreeMap<(String, String), Item>,
                 part_id: String,
                 location_id: String|
     -> Option<(String, String)> {
        let facts = parts.get(&part_id)?;
        let key = (part_id, location_id);
        items.entry(key.clone()).or_insert_with(|| Item {
            part_id: key.0.clone(),
            location_id: key.1.clone(),
            supplier_id: facts.supplier_id.clone(),
            criticality: facts.criticality.clone(),
            unit_cost: facts.unit_cost,
            lead_time_days: facts.lead_time_days,
            moq: facts.moq.filter(|m| *m > 0.0),
            ..Item::default()
        });
        Some(key)
    };

    query(
        &format!(
            "SELECT part_id, location_id, on_hand, coalesce(quality_inspection, 0), coalesce(blocked, 0)
             FROM stock WHERE 1{}",
            scope_sql("part_id", "location_id", part.as_deref(), loc.as_deref())
        ),
        &mut |r| {
            if let Some(k) = entry(&mut items, r.get(0)?, r.get(1)?) {
                let it = items.get_mut(&k).expect("just inserted");
                it.on_hand = r.get(2)?;
                it.quality_inspection = r.get(3)?;
                it.blocked = r.get(4)?;
            }
            Ok(())
        },
    )?;

    let (periods, histories) = demand_histories(conn, as_of, part, loc)?;
    for ((p, l), history) in histories {
        if let Some(k) = entry(&mut items, p, l) {
            items.get_mut(&k).expect("just inserted").history = history;
        }
    }

    let mut po_suppliers: HashMap<String, String> = HashMap::new();
    query(
        &format!(
            "SELECT part_id, location_id, qty_ordered - coalesce(qty_received, 0), committed_date,
                    po_id, po_line, supplier_id
             FROM purchase_orders
             WHERE status = 'open' AND qty_ordered > coalesce(qty_received, 0){}",
            scope_sql("part_id", "location_id", part.as_deref(), loc.as_deref())
        ),
        &mut |r| {
            let (part_id, location_id): (String, String) = (r.get(0)?, r.get(1)?);
            po_suppliers
                .entry(part_id.clone())
                .or_insert(r.get::<_, String>(6)?);
            let Some(due) = parse_day(&r.get::<_, String>(3)?) else {
                return Ok(());
            };
            if let Some(k) = entry(&mut items, part_id, location_id) {
                items
                    .get_mut(&k)
                    .expect("just inserted")
                    .inbound
                    .push(Inbound {
                        qty: r.get(2)?,
                        due,
                        purchase_order: true,
                        label: format!("PO {}/{}", r.get::<_, String>(4)?, r.get::<_, String>(5)?),
                    });
            }
            Ok(())
        },
    )?;

    query(
        &format!(
            "SELECT part_id, to_location_id, qty, expected_date, transfer_id
             FROM transfers WHERE status <> 'received' AND received_date IS NULL AND qty > 0{}",
            scope_sql("part_id", "to_location_id", part.as_deref(), loc.as_deref())
        ),
        &mut |r| {
            let Some(due) = parse_day(&r.get::<_, String>(3)?) else {
                return Ok(());
            };
            if let Some(k) = entry(&mut items, r.get(0)?, r.get(1)?) {
                items
                    .get_mut(&k)
                    .expect("just inserted")
                    .inbound
                    .push(Inbound {
                        qty: r.get(2)?,
                        due,
                        purchase_order: false,
                        label: format!("transfer {}", r.get::<_, String>(4)?),
                    });
            }
            Ok(())
        },
    )?;

    query(
        &format!(
            "SELECT b.part_id, b.location_id, b.qty_open, b.created_date, s.max_backorder_days
             FROM backorders b
             LEFT JOIN customers c ON c.customer_id = b.customer_id
             LEFT JOIN parts p ON p.part_id = b.part_id
             LEFT JOIN sla s ON s.tier = c.tier AND s.criticality = p.criticality
             WHERE b.status = 'open' AND b.qty_open > 0 AND b.created_date <= :as_of{}",
            scope_sql(
                "b.part_id",
                "b.location_id",
                part.as_deref(),
                loc.as_deref()
            )
        ),
        &mut |r| {
            let Some(created) = parse_day(&r.get::<_, String>(3)?) else {
                return Ok(());
            };
            if let Some(k) = entry(&mut items, r.get(0)?, r.get(1)?) {
                items
                    .get_mut(&k)
                    .expect("just inserted")
                    .open_lines
                    .push(OpenLine {
                        qty: r.get(2)?,
                        created,
                        sla_limit_days: r.get(4)?,
                    });
            }
            Ok(())
        },
    )?;

    // Facts that only refine the items found above.
    let since = iso(as_of - Duration::days(31 * 25));
    query(
        &format!(
            "SELECT part_id, location_id, created_date FROM backorders
             WHERE created_date <= :as_of AND created_date >= '{since}'{}",
            scope_sql("part_id", "location_id", part.as_deref(), loc.as_deref())
        ),
        &mut |r| {
            let key = (r.get::<_, String>(0)?, r.get::<_, String>(1)?);
            if let (Some(it), Some(d)) = (items.get_mut(&key), parse_day(&r.get::<_, String>(2)?)) {
                it.backorder_created.push(d);
            }
            Ok(())
        },
    )?;
    for sql in [
        // A backorder line was open until it closed.
        "SELECT part_id, location_id, max(closed_date) FROM backorders
         WHERE status <> 'open' AND closed_date IS NOT NULL AND closed_date <= :as_of{scope}
         GROUP BY part_id, location_id",
        // A PO line received after its committed date.
        "SELECT part_id, location_id, max(received_date) FROM purchase_orders
         WHERE received_date IS NOT NULL AND received_date > committed_date
           AND received_date <= :as_of{scope}
         GROUP BY part_id, location_id",
    ] {
        let sql = sql.replace(
            "{scope}",
            &scope_sql("part_id", "location_id", part.as_deref(), loc.as_deref()),
        );
        query(&sql, &mut |r| {
            let key = (r.get::<_, String>(0)?, r.get::<_, String>(1)?);
            let day = r.get::<_, Option<String>>(2)?.and_then(|d| parse_day(&d));
            if let (Some(it), Some(d)) = (items.get_mut(&key), day) {
                it.last_unstable = it.last_unstable.max(Some(d));
            }
            Ok(())
        })?;
    }

    let items = items
        .into_values()
        .map(|mut it| {
            if it.supplier_id.is_none() {
                it.supplier_id = po_suppliers.get(&it.part_id).cloned();
            }
            it
        })
        .collect();
    Ok((periods, items))
}

// --- answers ------------------------------------------------------------------

struct Decision {
    decision: String,
    note: String,
    decided_at: String,
}

fn decisions(conn: &Connection, batch_id: i64) -> Result<HashMap<String, Decision>, ApiError> {
    let mut stmt = conn.prepare(
        "SELECT suggestion_id, decision, note, decided_at FROM replenishment_decision
         WHERE batch_id = ?1 AND decision <> 'open'",
    )?;
    let rows = stmt.query_map([batch_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Decision {
                decision: r.get(1)?,
                note: r.get(2)?,
                decided_at: r.get(3)?,
            },
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn dto(batch_id: i64, s: &Suggestion, d: Option<&Decision>) -> ReplenishmentSuggestionDto {
    ReplenishmentSuggestionDto {
        suggestion_id: suggestion_id(batch_id, s.kind, &s.part_id, &s.location_id),
        part_id: s.part_id.clone(),
        location_id: s.location_id.clone(),
        supplier_id: s.supplier_id.clone(),
        kind: s.kind.as_str().to_string(),
        on_hand: s.on_hand,
        on_order: s.on_order,
        backorders: s.backorders,
        inventory_position: s.inventory_position,
        lead_time_days: s.lead_time_days,
        target_fill_rate: s.target_fill_rate,
        distribution: s.distribution.to_string(),
        lead_time_demand_mean: round2(s.lead_time_demand_mean),
        safety_stock: round2(s.safety_stock),
        reorder_point: s.reorder_point,
        min: s.min,
        max: s.max,
        buffer_uplift: s.buffer_uplift,
        phase: s.phase.as_str().to_string(),
        suggested_qty: s.qty,
        unit_cost: s.unit_cost,
        value: round2(s.value),
        reason: s.reason.clone(),
        decision: d.map(|d| d.decision.clone()),
        decision_note: d.map(|d| d.note.clone()),
        decided_at: d.map(|d| d.decided_at.clone()),
        delivery_date: Some(iso(s.delivery_date)),
        demand_per_month: Some(round2(s.demand_per_month)),
    }
}

/// The engine's suggestions for the items in scope. Where forecast
/// adjustments (a planner's campaigns and overrides, the ERP's campaigns) touch a
/// part × location, the demand planned with is the mean of the adjusted
/// forecast over the protection period (lead time + review period) from the
/// as-of month, as `forecast_adjustments::apply` gives it.
fn compute(
    conn: &Connection,
    b: &Basis,
    part: &Option<String>,
    loc: &Option<String>,
    adjustments: &[ForecastAdjustmentDto],
) -> Result<Vec<Suggestion>, ApiError> {
    let cfg = settings(conn)?.config(b.as_of)?;
    let (periods, mut items) = load_items(conn, b.as_of, part, loc)?;
    let mut by_series: HashMap<(&str, &str), Vec<ForecastAdjustmentDto>> = HashMap::new();
    for a in adjustments
        .iter()
        .filter(|a| a.active && a.kind != "supply_change")
    {
        if let Some(l) = &a.location_id {
            by_series
                .entry((a.part_id.as_str(), l.as_str()))
                .or_default()
                .push(a.clone());
        }
    }
    let mut adjusted: HashMap<(String, String), usize> = HashMap::new();
    let first_forecast = crate::demand_series::month_index(
        format!("{:04}-{:02}", b.as_of.year(), b.as_of.month()).as_bytes(),
    );
    for it in items.iter_mut() {
        let Some(adjs) = by_series.get(&(it.part_id.as_str(), it.location_id.as_str())) else {
            continue;
        };
        let months = (it.lead_time_days.max(0.0) / bodesk_replenish::DAYS_PER_MONTH
            + cfg.review_period_months)
            .ceil()
            .max(1.0) as usize;
        let level = if it.history.is_empty() {
            0.0
        } else {
            bodesk_forecast::forecast(&it.history, &cfg.forecast)
                .ok()
                .and_then(|f| f.mean.first().copied())
                .unwrap_or(0.0)
        };
        let forecast_periods: Vec<String> = (0..months as i64)
            .filter_map(|k| first_forecast.map(|m| crate::demand_series::month_label(m + k)))
            .collect();
        let history_periods = &periods[..periods.len().min(it.history.len())];
        let out = crate::forecast_adjustments::apply(
            adjs,
            history_periods,
            &forecast_periods,
            &vec![level; months],
        );
        it.forecast_per_month = Some(out.forecast.iter().sum::<f64>() / months as f64);
        adjusted.insert((it.part_id.clone(), it.location_id.clone()), adjs.len());
    }
    Ok(items
        .iter()
        .flat_map(|it| {
            let mut out = bodesk_replenish::suggest(it, &cfg);
            if let Some(n) = adjusted.get(&(it.part_id.clone(), it.location_id.clone())) {
                for s in out.iter_mut().filter(|s| s.kind == Kind::Reorder) {
                    s.reason.push_str(&format!(
                        "; demand after {n} forecast adjustment{}",
                        if *n == 1 { "" } else { "s" }
                    ));
                }
            }
            out
        })
        .collect())
}

impl Workspace {
    /// The suggestions as of the working set's date: orders due (and, with
    /// `include_no_order`, every part × location), emergency first, then by
    /// value; with the decisions already taken on them.
    pub fn replenishment(&self, a: &ReplenishmentArgs) -> Result<ReplenishmentReport, ApiError> {
        let conn = self.store().conn();
        let b = basis(conn)?;
        let taken = decisions(conn, b.batch_id)?;
        let adjustments = self.forecast_adjustments(a.part_id.as_deref())?;
        let mut rows: Vec<ReplenishmentSuggestionDto> =
            compute(conn, &b, &a.part_id, &a.location_id, &adjustments)?
                .iter()
                .map(|s| {
                    let id = suggestion_id(b.batch_id, s.kind, &s.part_id, &s.location_id);
                    dto(b.batch_id, s, taken.get(&id))
                })
                .filter(|r| a.include_no_order || r.suggested_qty > 0.0 || r.decision.is_some())
                .collect();
        rows.sort_by(|x, y| {
            (y.kind == "emergency")
                .cmp(&(x.kind == "emergency"))
                .then(y.value.total_cmp(&x.value))
                .then_with(|| x.part_id.cmp(&y.part_id))
                .then_with(|| x.location_id.cmp(&y.location_id))
        });
        let count = |d: &str| {
            rows.iter()
                .filter(|r| r.decision.as_deref() == Some(d))
                .count() as u32
        };
        Ok(ReplenishmentReport {
            as_of: iso(b.as_of),
            emergency_count: rows.iter().filter(|r| r.kind == "emergency").count() as u32,
            accepted_count: count("accepted"),
            rejected_count: count("rejected"),
            rows,
        })
    }

    /// Accepts, rejects or reopens (`open`) a suggestion of the current
    /// import batch: one transaction with its audit record.
    pub fn decide_replenishment(
        &mut self,
        d: &DecideReplenishment,
    ) -> Result<ReplenishmentSuggestionDto, ApiError> {
        let decision = d.decision.trim();
        if !["accepted", "rejected", "open"].contains(&decision) {
            return Err(ApiError::invalid(format!(
                "decision {decision:?}: accepted, rejected or open"
            )));
        }
        let id = d.suggestion_id.trim();
        let Some((batch_id, kind, part, location)) = parse_suggestion_id(id) else {
            return Err(ApiError::invalid(format!(
                "{id:?} is not a suggestion id (as `bodesk replenish` lists them, e.g. 3-R-P100@W01)"
            )));
        };
        let conn = self.store().conn();
        let b = basis(conn)?;
        if batch_id != b.batch_id {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "suggestion {id} was made for import batch {batch_id}; the working set is now at batch {}: list the suggestions again",
                    b.batch_id
                ),
            ));
        }
        let adjustments = self.forecast_adjustments(Some(&part))?;
        let conn = self.store().conn();
        let found = compute(
            conn,
            &b,
            &Some(part.clone()),
            &Some(location.clone()),
            &adjustments,
        )?
        .into_iter()
        .find(|s| s.kind == kind)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "no suggestion {id}: {part} at {location} has no {} suggestion as of {}",
                    kind.as_str(),
                    iso(b.as_of)
                ),
            )
        })?;
        if decision == "accepted" && found.qty <= 0.0 {
            return Err(ApiError::invalid(format!(
                "suggestion {id} orders nothing ({}): there is nothing to accept",
                found.reason
            )));
        }
        let before: Option<(String, String)> = conn
            .query_row(
                "SELECT decision, note FROM replenishment_decision WHERE suggestion_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let note = d.note.trim().to_string();
        let (user, at) = (user_name(), now_utc());
        let tx = self.store_mut().conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO replenishment_decision (suggestion_id, batch_id, part_id, location_id, kind,
                 decision, note, qty, supplier_id, delivery_date, reason, decided_at, decided_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (suggestion_id) DO UPDATE SET decision = excluded.decision,
                 note = excluded.note, qty = excluded.qty, supplier_id = excluded.supplier_id,
                 delivery_date = excluded.delivery_date, reason = excluded.reason,
                 decided_at = excluded.decided_at, decided_by = excluded.decided_by",
            rusqlite::params![
                id,
                batch_id,
                part,
                location,
                kind.as_str(),
                decision,
                note,
                found.qty,
                found.supplier_id,
                iso(found.delivery_date),
                found.reason,
                at,
                user
            ],
        )?;
        Store::audit(
            &tx,
            &at,
            &user,
            "decide_replenishment",
            Some("replenishment_suggestion"),
            Some(id),
            &json!({
                "decision": decision,
                "note": note,
                "qty": found.qty,
                "part_id": part,
                "location_id": location,
                "kind": kind.as_str(),
                "before": before.map(|(d, n)| json!({"decision": d, "note": n})),
            }),
        )?;
        tx.commit()?;
        let taken = Decision {
            decision: decision.to_string(),
            note,
            decided_at: at,
        };
        Ok(dto(
            batch_id,
            &found,
            (decision != "open").then_some(&taken),
        ))
    }

    /// The accepted suggestions of the current import batch as a CSV for an
    /// ERP upload (purchase requisitions): plant, material, quantity,
    /// delivery date, supplier, kind, reason, suggestion id — the figures as
    /// accepted; formula-safe.
    pub fn replenishment_export(&self) -> Result<ExportFile, ApiError> {
        let conn = self.store().conn();
        let b = basis(conn)?;
        let mut stmt = conn.prepare(
            "SELECT location_id, part_id, qty, delivery_date, coalesce(supplier_id, ''), kind,
                    reason, suggestion_id, note, decided_by
             FROM replenishment_decision WHERE batch_id = ?1 AND decision = 'accepted'
             ORDER BY kind = 'reorder', location_id, part_id",
        )?;
        let io = |e: std::io::Error| {
            ApiError::new(ErrorCode::Internal, format!("replenishment CSV: {e}"))
        };
        let mut out = Vec::new();
        let header = [
            "plant",
            "material",
            "quantity",
            "delivery_date",
            "supplier",
            "kind",
            "reason",
            "suggestion_id",
            "note",
            "accepted_by",
        ];
        crate::sniff::write_csv_row(&mut out, header.into_iter()).map_err(io)?;
        let mut rows = stmt.query([b.batch_id])?;
        while let Some(r) = rows.next()? {
            let qty: f64 = r.get(2)?;
            let cells = [
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                bodesk_replenish::num(qty),
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, String>(9)?,
            ];
            let safe: Vec<String> = cells
                .iter()
                .map(|c| crate::batches::formula_safe(c).into_owned())
                .collect();
            crate::sniff::write_csv_row(&mut out, safe.iter().map(String::as_str)).map_err(io)?;
        }
        Ok(ExportFile {
            file_name: format!("replenishment-accepted-{}.csv", iso(b.as_of)),
            mime: "text/csv".into(),
            text: Some(String::from_utf8_lossy(&out).into_owned()),
            data_base64: None,
        })
    }

    /// The replenishment settings in force (defaults for absent fields).
    pub fn replenishment_settings(&self) -> Result<ReplenishmentSettings, ApiError> {
        settings(self.store().conn())
    }

    /// Validates and stores the replenishment settings (audited).
    pub fn set_replenishment_settings(
        &mut self,
        s: &ReplenishmentSettings,
    ) -> Result<(), ApiError> {
        s.config(NaiveDate::default())?;
        let text = serde_json::to_string(s)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        self.set_setting(SETTINGS_KEY, &text)
    }
}

#[cfg(test)]
mod tests;
