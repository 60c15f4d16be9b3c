//! What to do about open lines and why they were late: the working set's
//! rows loaded into the action engine (`bodesk-actions`), its answers as
//! DTOs. `bodesk expedite`, `bodesk attribution`, `bodesk eol` and the
//! Actions screen all come through here.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bodesk_actions::attribution::{self, By};
use bodesk_actions::expedite::{self, LinePlan};
use bodesk_actions::{
    eol, Config, DemandRow, Lane, Lifecycle, Line, Mode, Network, Part, PoLine, SlaTerms, Status,
    Stock,
};
use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::dto::{
    AttributionGroupDto, AttributionReport, CycleDto, EolLocationDto, EolPartDto, EolReport,
    EolWindowDto, ExpediteActionDto, ExpediteReport, ExpediteRow, ExportFile, FilterDto,
    LastTimeBuyDto,
};
use crate::kpi::{data_version, parse_filters, resolve_as_of};
use crate::{ApiError, ErrorCode, Workspace};

/// The settings key of the default service horizon (months) for last-time buys.
pub const HORIZON_SETTING: &str = "eol.horizon_months";

/// Cycles shown per attribution group.
const TOP_CYCLES: usize = 10;

/// A date column (`YYYY-MM-DD` as the store writes it), read in place.
fn date_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(match r.get_ref(i)? {
        ValueRef::Text(b) => iso_date(b),
        _ => None,
    })
}

/// `YYYY-MM-DD` without chrono's format parser (a million lines load here).
fn iso_date(b: &[u8]) -> Option<NaiveDate> {
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
    } else {
        None
    }
}

fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// What a report reads: each reads only the rows its engine looks at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Open lines, outstanding PO lines, stock, lanes; no demand.
    Expedite,
    /// Every line, received PO lines, demand.
    Attribution,
    /// Lines and demand of end-of-life parts, open PO lines, stock.
    Eol,
}

/// The engine's rows, and each line's customer (same order as the lines).
struct Loaded {
    net: Network,
    customers: Vec<String>,
    descriptions: std::collections::HashMap<String, String>,
}

fn load(conn: &Connection, scope: Scope) -> Result<Loaded, ApiError> {
    let mut net = Network::default();
    let mut descriptions = std::collections::HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT part_id, lifecycle, eol_date, successor_part_id, lead_time_days, primary_supplier_id, weight_kg, description FROM parts",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let part_id: String = r.get(0)?;
        let lifecycle = Lifecycle::parse(r.get_ref(1)?.as_str().unwrap_or("active"));
        if scope == Scope::Eol && lifecycle != Lifecycle::Active {
            if let Some(d) = r.get::<_, Option<String>>(7)? {
                descriptions.insert(part_id.clone(), d);
            }
        }
        net.parts.insert(
            part_id.clone(),
            Part {
                part_id,
                lifecycle,
                eol_date: date_at(r, 2)?,
                successor_part_id: r.get(3)?,
                lead_time_days: r.get(4)?,
                primary_supplier_id: r.get(5)?,
                weight_kg: r.get(6)?,
            },
        );
    }
    let mut stmt = conn.prepare("SELECT location_id, region FROM locations")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        net.regions.insert(r.get(0)?, r.get(1)?);
    }
    let eol_part = |net: &Network, part: &str| {
        net.parts
            .get(part)
            .is_some_and(|p| p.lifecycle != Lifecycle::Active)
    };
    let mut customers = Vec::new();
    if scope == Scope::Attribution {
        // Only when and where each line was open: no ids, no terms.
        let mut stmt = conn.prepare(
            "SELECT part_id, location_id, qty_open, created_date, closed_date, status FROM backorders",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(created_date) = date_at(r, 3)? else {
                continue;
            };
            net.lines.push(Line {
                order_id: String::new(),
                order_line: String::new(),
                part_id: r.get(0)?,
                location_id: r.get(1)?,
                qty_open: r.get(2)?,
                created_date,
                closed_date: date_at(r, 4)?,
                status: Status::parse(r.get_ref(5)?.as_str().unwrap_or("closed")),
                equipment_id: None,
                sla: None,
                downtime_cost_per_day: None,
            });
        }
    }
    let line_filter = match scope {
        Scope::Expedite => "WHERE b.status = 'open' AND b.qty_open > 0",
        Scope::Eol => "",
        Scope::Attribution => "WHERE 0",
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT b.order_id, b.order_line, b.part_id, b.location_id, b.qty_open, b.created_date,
                b.closed_date, b.status, b.equipment_id, s.max_backorder_days, s.penalty_per_day,
                e.downtime_cost_per_day, b.customer_id
         FROM backorders b
         LEFT JOIN customers c ON c.customer_id = b.customer_id
         LEFT JOIN parts p ON p.part_id = b.part_id
         LEFT JOIN sla s ON s.tier = c.tier AND s.criticality = p.criticality
         LEFT JOIN equipment e ON e.equipment_id = b.equipment_id
         {line_filter}
         ORDER BY b.order_id, b.order_line"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(created_date) = date_at(r, 5)? else {
            continue;
        };
        let status = Status::parse(r.get_ref(7)?.as_str().unwrap_or("closed"));
        let part_id: String = r.get(2)?;
        if scope == Scope::Eol && !(status == Status::Open || eol_part(&net, &part_id)) {
            continue;
        }
        let max: Option<f64> = r.get(9)?;
        let penalty: Option<f64> = r.get(10)?;
        net.lines.push(Line {
            order_id: r.get(0)?,
            order_line: r.get(1)?,
            part_id,
            location_id: r.get(3)?,
            qty_open: r.get(4)?,
            created_date,
            closed_date: date_at(r, 6)?,
            status,
            equipment_id: r.get(8)?,
            sla: max.map(|max_backorder_days| SlaTerms {
                max_backorder_days,
                penalty_per_day: penalty.unwrap_or(0.0),
            }),
            downtime_cost_per_day: r.get(11)?,
        });
        customers.push(r.get(12)?);
    }
    let mut stmt =
        conn.prepare("SELECT part_id, location_id, on_hand, coalesce(blocked, 0) FROM stock")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        net.stock.push(Stock {
            part_id: r.get(0)?,
            location_id: r.get(1)?,
            on_hand: r.get(2)?,
            blocked: r.get(3)?,
        });
    }
    let po_filter = match scope {
        Scope::Expedite | Scope::Eol => "WHERE status = 'open'",
        Scope::Attribution => "WHERE received_date IS NOT NULL AND status <> 'cancelled'",
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT po_id, po_line, part_id, supplier_id, location_id, qty_ordered,
                coalesce(qty_received, 0), order_date, committed_date, received_date, status
         FROM purchase_orders {po_filter}"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (Some(order_date), Some(committed_date)) = (date_at(r, 7)?, date_at(r, 8)?) else {
            continue;
        };
        net.po_lines.push(PoLine {
            po_id: r.get(0)?,
            po_line: r.get(1)?,
            part_id: r.get(2)?,
            supplier_id: r.get(3)?,
            location_id: r.get(4)?,
            qty_ordered: r.get(5)?,
            qty_received: r.get(6)?,
            order_date,
            committed_date,
            received_date: date_at(r, 9)?,
            status: Status::parse(r.get_ref(10)?.as_str().unwrap_or("closed")),
        });
    }
    if scope == Scope::Expedite {
        let mut stmt = conn.prepare(
            "SELECT from_id, to_location_id, mode, transit_days, coalesce(cost_fixed, 0), coalesce(cost_per_kg, 0) FROM lanes",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(mode) = Mode::parse(r.get_ref(2)?.as_str().unwrap_or("")) else {
                continue;
            };
            net.lanes.push(Lane {
                from_id: r.get(0)?,
                to_location_id: r.get(1)?,
                mode,
                transit_days: r.get(3)?,
                cost_fixed: r.get(4)?,
                cost_per_kg: r.get(5)?,
            });
        }
    }
    if scope != Scope::Expedite {
        let mut stmt =
            // A month without demand adds nothing to any sum: most rows.
            conn.prepare("SELECT period, part_id, location_id, qty_demanded FROM demand_history WHERE qty_demanded > 0")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let part = r.get_ref(1)?.as_str().unwrap_or("");
            if scope == Scope::Eol && !eol_part(&net, part) {
                continue;
            }
            let ValueRef::Text(period) = r.get_ref(0)? else {
                continue;
            };
            let Some(month) = (period.len() == 7)
                .then(|| [period, b"-01"].concat())
                .and_then(|p| iso_date(&p))
            else {
                continue;
            };
            net.demand.push(DemandRow {
                month,
                part_id: r.get(1)?,
                location_id: r.get(2)?,
                qty: r.get(3)?,
            });
        }
    }
    Ok(Loaded {
        net,
        customers,
        descriptions,
    })
}

fn action_dto(a: &expedite::Action) -> ExpediteActionDto {
    ExpediteActionDto {
        kind: a.kind.as_str().to_string(),
        from_id: a.from_id.clone(),
        mode: a.mode.as_str().to_string(),
        transit_days: a.transit_days,
        arrival: fmt(a.arrival),
        days_saved: a.days_saved,
        cost: round2(a.cost),
        avoided_penalty: round2(a.avoided_penalty),
        avoided_downtime: round2(a.avoided_downtime),
        saving: round2(a.saving),
        evidence: a.evidence.clone(),
    }
}

/// Money to cents, so the CLI, the UI and the CSV show the same figure.
fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn row_dto(loaded: &Loaded, p: &LinePlan, rank: Option<u32>) -> ExpediteRow {
    let line = &loaded.net.lines[p.line];
    ExpediteRow {
        rank,
        order_id: line.order_id.clone(),
        order_line: line.order_line.clone(),
        part_id: line.part_id.clone(),
        location_id: line.location_id.clone(),
        customer_id: loaded.customers[p.line].clone(),
        qty_open: line.qty_open,
        age_days: p.age_days,
        wait_until: fmt(p.waiting.until),
        wait_days: p.waiting.days,
        wait_basis: p.waiting.basis.clone(),
        penalty_per_day: p.waiting.penalty_per_day,
        downtime_per_day: p.waiting.downtime_per_day,
        action: p.action.as_ref().map(action_dto),
        candidates: p.candidates as u32,
        no_action: p.no_action.as_ref().map(|(c, _)| c.as_str().to_string()),
        reason: p.no_action.as_ref().map(|(_, w)| w.clone()),
    }
}

fn cycle_dto(c: &attribution::Cycle) -> CycleDto {
    CycleDto {
        po_id: c.po_id.clone(),
        po_line: c.po_line.clone(),
        part_id: c.part_id.clone(),
        supplier_id: c.supplier_id.clone(),
        location_id: c.location_id.clone(),
        order_date: fmt(c.order_date),
        committed_date: fmt(c.committed_date),
        received_date: fmt(c.received_date),
        days_late: c.days_late,
        window_start: fmt(c.window_start),
        lead_time_demand: c.lead_time_demand,
        planned_demand: c.planned_demand,
        demand_above_plan: c.demand_above_plan,
        backorder_days: c.backorder_days,
        supplier_days: c.supplier_days,
        demand_days: c.demand_days,
        other_days: c.other_days,
        evidence: c.evidence.clone(),
    }
}

fn window_dto(w: &eol::Window) -> EolWindowDto {
    EolWindowDto {
        from: fmt(w.from),
        to: fmt(w.to),
        days: w.days,
        lines: w.lines as u32,
        lines_per_month: w.lines_per_month,
        demand: w.demand,
        lines_per_100_units: w.lines_per_100_units,
    }
}

/// The `(order_id, order_line)` of the lines on a drill-down path, as the
/// dashboard groups them; `None` for the whole network.
fn lines_on_path(
    w: &Workspace,
    filters: &[FilterDto],
) -> Result<Option<HashSet<(String, String)>>, ApiError> {
    if filters.is_empty() {
        return Ok(None);
    }
    let pairs: Vec<(String, String)> = filters
        .iter()
        .map(|f| (f.dim.clone(), f.value.clone()))
        .collect();
    let path = parse_filters(&pairs)?;
    // The engine keeps the lines that count as of the working set's date;
    // every line the planner plans (open as of that date) is one of them.
    w.with_network(None, |loaded, _| {
        loaded
            .lines
            .iter()
            .filter(|&l| {
                path.iter()
                    .all(|(dim, value)| bodesk_kpi::group_key(&loaded.net, l, *dim) == *value)
            })
            .map(|l| (l.order_id.to_string(), l.order_line.to_string()))
            .collect()
    })
    .map(Some)
}

impl Workspace {
    /// The expedite list as of the working set's date: every open line on
    /// the path, ranked by saving; the first `limit` rows.
    pub fn expedite(
        &self,
        filters: &[FilterDto],
        limit: Option<usize>,
    ) -> Result<ExpediteReport, ApiError> {
        let all = remember(self, "expedite".into(), || {
            let conn = self.store().conn();
            let as_of = resolve_as_of(conn, None)?;
            let loaded = load(conn, Scope::Expedite)?;
            let plans = expedite::plan(&loaded.net, &Config::new(as_of));
            Ok(Answer::Expedite(Arc::new(expedite_report(
                &loaded, &plans, as_of,
            ))))
        })?;
        let Answer::Expedite(all) = all else {
            return Err(ApiError::new(ErrorCode::Internal, "expedite: cache mix-up"));
        };
        // The whole network is planned (free stock goes to the lines most
        // expensive to wait for, on the path or not), then the path's lines
        // are kept: a filtered list is the whole list restricted to the path.
        let keep = lines_on_path(self, filters)?;
        let rows: Vec<&ExpediteRow> = all
            .rows
            .iter()
            .filter(|r| match &keep {
                None => true,
                Some(k) => k.contains(&(r.order_id.clone(), r.order_line.clone())),
            })
            .collect();
        let with_action = rows.iter().filter(|r| r.action.is_some()).count();
        let total_saving: f64 = rows
            .iter()
            .filter_map(|r| r.action.as_ref())
            .map(|a| a.saving)
            .sum();
        Ok(ExpediteReport {
            as_of: all.as_of.clone(),
            filters: filters.to_vec(),
            open_lines: rows.len() as u64,
            with_action: with_action as u64,
            total_saving: round2(total_saving),
            rows: rows
                .iter()
                .take(limit.unwrap_or(usize::MAX))
                .enumerate()
                .map(|(i, r)| ExpediteRow {
                    rank: r.action.as_ref().map(|_| i as u32 + 1),
                    ..(*r).clone()
                })
                .collect(),
        })
    }

    /// Backorder days per replenishment cycle, split into supplier lateness,
    /// demand above plan and other, by `part` or `supplier`.
    pub fn attribution(
        &self,
        by: &str,
        limit: Option<usize>,
    ) -> Result<AttributionReport, ApiError> {
        let by_what = match by {
            "part" => By::Part,
            "supplier" => By::Supplier,
            other => {
                return Err(ApiError::invalid(format!(
                    "attribution: by {other:?}: one of part, supplier"
                )))
            }
        };
        // One load answers both groupings.
        let both = remember(self, "attribution".into(), || {
            let conn = self.store().conn();
            let as_of = resolve_as_of(conn, None)?;
            let loaded = load(conn, Scope::Attribution)?;
            let by_part = attribution::attribute(&loaded.net, &Config::new(as_of), By::Part);
            drop(loaded);
            let report = |by_what: By, by: &str| {
                let groups = match by_what {
                    By::Part => by_part.groups.clone(),
                    By::Supplier => attribution::group(&by_part.cycles, By::Supplier),
                };
                attribution_report(&by_part.cycles, &groups, as_of, by)
            };
            Ok(Answer::Attribution(Arc::new([
                report(By::Part, "part"),
                report(By::Supplier, "supplier"),
            ])))
        })?;
        let Answer::Attribution(both) = both else {
            return Err(ApiError::new(
                ErrorCode::Internal,
                "attribution: cache mix-up",
            ));
        };
        let all = &both[usize::from(by_what == By::Supplier)];
        Ok(AttributionReport {
            as_of: all.as_of.clone(),
            by: all.by.clone(),
            cycles: all.cycles,
            groups_total: all.groups_total,
            groups: all
                .groups
                .iter()
                .take(limit.unwrap_or(usize::MAX))
                .cloned()
                .collect(),
        })
    }

    /// End-of-life parts: backorder rate around the EOL date, successor
    /// coverage, last-time buy over `horizon_months` (default: the setting
    /// `eol.horizon_months`, else 24).
    pub fn eol_report(&self, horizon_months: Option<f64>) -> Result<EolReport, ApiError> {
        let conn = self.store().conn();
        let horizon = match horizon_months {
            Some(h) => h,
            None => match crate::settings::setting(conn, HORIZON_SETTING)? {
                Some(s) => s.trim().parse::<f64>().map_err(|_| {
                    ApiError::invalid(format!(
                        "setting {HORIZON_SETTING} is {s:?}: expected a number of months"
                    ))
                })?,
                None => Config::DEFAULT_HORIZON_MONTHS,
            },
        };
        if !(horizon.is_finite() && horizon > 0.0 && horizon <= 240.0) {
            return Err(ApiError::invalid(format!(
                "eol: horizon {horizon} months: expected more than 0 and at most 240"
            )));
        }
        let answer = remember(self, format!("eol:{horizon}"), || {
            let as_of = resolve_as_of(conn, None)?;
            let loaded = load(conn, Scope::Eol)?;
            let cfg = Config {
                as_of,
                horizon_months: horizon,
            };
            let parts = eol::report(&loaded.net, &cfg)
                .into_iter()
                .map(|p| EolPartDto {
                    description: loaded.descriptions.get(&p.part_id).cloned(),
                    part_id: p.part_id,
                    lifecycle: p.lifecycle.as_str().to_string(),
                    eol_date: p.eol_date.map(fmt),
                    successor_part_id: p.successor_part_id,
                    before: p.before.as_ref().map(window_dto),
                    after: p.after.as_ref().map(window_dto),
                    open_lines: p.open_lines as u32,
                    wanted_at: p
                        .wanted_at
                        .into_iter()
                        .map(|w| EolLocationDto {
                            location_id: w.location_id,
                            region: w.region,
                            demand_12m: w.demand_12m,
                            open_lines: w.open_lines as u32,
                            successor_free: w.successor_free,
                            successor_stocked: w.successor_stocked,
                        })
                        .collect(),
                    successor_missing_at: p.successor_missing_at,
                    last_time_buy: LastTimeBuyDto {
                        demand_12m: p.last_time_buy.demand_12m,
                        mean_monthly: p.last_time_buy.mean_monthly,
                        horizon_months: p.last_time_buy.horizon_months,
                        need: p.last_time_buy.need,
                        on_hand: p.last_time_buy.on_hand,
                        on_order: p.last_time_buy.on_order,
                        quantity: p.last_time_buy.quantity,
                        arithmetic: p.last_time_buy.arithmetic,
                    },
                })
                .collect();
            Ok(Answer::Eol(Arc::new(EolReport {
                as_of: fmt(as_of),
                horizon_months: horizon,
                parts,
            })))
        })?;
        let Answer::Eol(report) = answer else {
            return Err(ApiError::new(ErrorCode::Internal, "eol: cache mix-up"));
        };
        Ok((*report).clone())
    }

    /// The whole expedite list on the path as CSV (formula-safe).
    pub fn expedite_csv(&self, filters: &[FilterDto]) -> Result<ExportFile, ApiError> {
        let report = self.expedite(filters, None)?;
        let io = |e: std::io::Error| ApiError::new(ErrorCode::Internal, e.to_string());
        let mut out = Vec::new();
        let header = [
            "rank",
            "order_id",
            "order_line",
            "part_id",
            "location_id",
            "customer_id",
            "qty_open",
            "age_days",
            "wait_until",
            "action",
            "from_id",
            "mode",
            "arrival",
            "days_saved",
            "cost",
            "avoided_penalty",
            "avoided_downtime",
            "saving",
            "evidence_or_reason",
        ];
        crate::sniff::write_csv_row(&mut out, header.into_iter()).map_err(io)?;
        for r in &report.rows {
            let a = r.action.as_ref();
            let cells = [
                r.rank.map(|n| n.to_string()).unwrap_or_default(),
                r.order_id.clone(),
                r.order_line.clone(),
                r.part_id.clone(),
                r.location_id.clone(),
                r.customer_id.clone(),
                r.qty_open.to_string(),
                r.age_days.to_string(),
                r.wait_until.clone(),
                a.map(|a| a.kind.clone())
                    .or_else(|| r.no_action.clone())
                    .unwrap_or_default(),
                a.map(|a| a.from_id.clone()).unwrap_or_default(),
                a.map(|a| a.mode.clone()).unwrap_or_default(),
                a.map(|a| a.arrival.clone()).unwrap_or_default(),
                a.map(|a| a.days_saved.to_string()).unwrap_or_default(),
                a.map(|a| a.cost.to_string()).unwrap_or_default(),
                a.map(|a| a.avoided_penalty.to_string()).unwrap_or_default(),
                a.map(|a| a.avoided_downtime.to_string())
                    .unwrap_or_default(),
                a.map(|a| a.saving.to_string()).unwrap_or_default(),
                a.map(|a| a.evidence.clone())
                    .or_else(|| r.reason.clone())
                    .unwrap_or_default(),
            ];
            let cells: Vec<String> = cells
                .iter()
                .map(|c| crate::batches::formula_safe(c).into_owned())
                .collect();
            crate::sniff::write_csv_row(&mut out, cells.iter().map(|s| s.as_str())).map_err(io)?;
        }
        Ok(ExportFile {
            file_name: crate::charts::export_file_name("expedite", filters, &report.as_of, "csv"),
            mime: "text/csv".into(),
            text: Some(String::from_utf8_lossy(&out).into_owned()),
            data_base64: None,
        })
    }
}

fn attribution_report(
    cycles: &[attribution::Cycle],
    groups: &[attribution::Group],
    as_of: NaiveDate,
    by: &str,
) -> AttributionReport {
    AttributionReport {
        as_of: fmt(as_of),
        by: by.to_string(),
        cycles: cycles.len() as u64,
        groups_total: groups.len() as u64,
        groups: groups
            .iter()
            .map(|g| AttributionGroupDto {
                key: g.key.clone(),
                cycles: g.cycles.len() as u32,
                late_cycles: g.late_cycles as u32,
                backorder_days: g.backorder_days,
                supplier_days: g.supplier_days,
                demand_days: g.demand_days,
                other_days: g.other_days,
                supplier_share: g.supplier_share,
                demand_share: g.demand_share,
                other_share: g.other_share,
                top_cycles: g
                    .cycles
                    .iter()
                    .map(|&i| &cycles[i])
                    .filter(|c| c.backorder_days > 0)
                    .take(TOP_CYCLES)
                    .map(cycle_dto)
                    .collect(),
            })
            .collect(),
    }
}

/// Every planned line as a row, ranked (the cached, unfiltered list).
fn expedite_report(loaded: &Loaded, plans: &[LinePlan], as_of: NaiveDate) -> ExpediteReport {
    let rows: Vec<ExpediteRow> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| row_dto(loaded, p, p.action.as_ref().map(|_| i as u32 + 1)))
        .collect();
    ExpediteReport {
        as_of: fmt(as_of),
        filters: Vec::new(),
        open_lines: rows.len() as u64,
        with_action: rows.iter().filter(|r| r.action.is_some()).count() as u64,
        total_saving: round2(
            rows.iter()
                .filter_map(|r| r.action.as_ref())
                .map(|a| a.saving)
                .sum(),
        ),
        rows,
    }
}

/// A computed answer, kept until the working set changes.
#[derive(Clone)]
enum Answer {
    Expedite(Arc<ExpediteReport>),
    /// By part, by supplier.
    Attribution(Arc<[AttributionReport; 2]>),
    Eol(Arc<EolReport>),
}

/// The answers computed for one working set at one version (imports and
/// audited changes, such as a setting, move the version on).
type Answers = (PathBuf, (i64, i64), HashMap<String, Answer>);

static ANSWERS: Mutex<Option<Answers>> = Mutex::new(None);

/// The answer under `key` for the working set as it is now, computed once.
fn remember(
    w: &Workspace,
    key: String,
    compute: impl FnOnce() -> Result<Answer, ApiError>,
) -> Result<Answer, ApiError> {
    let version = data_version(w.store().conn())?;
    let path = w.path().to_path_buf();
    {
        let cache = ANSWERS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((p, v, answers)) = &*cache {
            if *p == path && *v == version {
                if let Some(a) = answers.get(&key) {
                    return Ok(a.clone());
                }
            }
        }
    }
    let answer = compute()?;
    let mut cache = ANSWERS.lock().unwrap_or_else(|e| e.into_inner());
    match &mut *cache {
        Some((p, v, answers)) if *p == path && *v == version => {
            answers.insert(key, answer.clone());
        }
        _ => *cache = Some((path, version, HashMap::from([(key, answer.clone())]))),
    }
    Ok(answer)
}

/// `expedite` and `expedite_csv`.
#[derive(serde::Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ExpediteArgs {
    /// Rows answered (ranked first); all when absent. Ignored by `expedite_csv`.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub limit: Option<u64>,
    /// A drill-down path: only its lines.
    #[serde(default)]
    pub filters: Vec<FilterDto>,
}

#[derive(serde::Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AttributionArgs {
    /// `part` (default) or `supplier`.
    #[serde(default)]
    pub by: Option<String>,
    /// Groups answered (most backorder days first); all when absent.
    #[serde(default)]
    #[ts(type = "number | null")]
    pub limit: Option<u64>,
}

#[derive(serde::Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct EolArgs {
    /// Months a last-time buy must cover; default the setting
    /// `eol.horizon_months`, else 24.
    #[serde(default)]
    pub horizon_months: Option<f64>,
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::App;

    /// A working set with the small demo, one export.
    fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ws.sqlite");
        let mut ws = Workspace::open(&path).unwrap();
        let cfg = crate::demo::DemoConfig {
            exports: 1,
            ..Default::default()
        };
        ws.load_demo(&cfg, &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        (dir, path)
    }

    #[test]
    fn the_commands_answer_and_refuse_bad_arguments_with_clear_messages() {
        let (_dir, path) = demo();
        let app = App::open(&path).unwrap();

        // The CSV holds every open line, ranked rows first, as the report.
        let report: ExpediteReport =
            serde_json::from_value(app.call("expedite", serde_json::json!({})).unwrap()).unwrap();
        let csv: ExportFile =
            serde_json::from_value(app.call("expedite_csv", serde_json::json!({})).unwrap())
                .unwrap();
        let text = csv.text.unwrap();
        let mut lines = text.lines();
        assert!(lines
            .next()
            .unwrap()
            .starts_with("rank,order_id,order_line,"));
        let first: Vec<&str> = lines.next().unwrap().split(',').collect();
        let top = &report.rows[0];
        assert_eq!(
            first[..3],
            ["1", top.order_id.as_str(), top.order_line.as_str()]
        );
        assert_eq!(
            first[17].parse::<f64>().unwrap(),
            top.action.as_ref().unwrap().saving
        );
        assert_eq!(text.lines().count() as u64, report.open_lines + 1);
        assert!(csv.file_name.starts_with("expedite-") && csv.file_name.ends_with(".csv"));

        // A limit keeps the first rows; a filter keeps the path's lines.
        let two: ExpediteReport = serde_json::from_value(
            app.call("expedite", serde_json::json!({"limit": 2}))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(two.rows, report.rows[..2]);
        let emea: ExpediteReport = serde_json::from_value(
            app.call(
                "expedite",
                serde_json::json!({"filters": [{"dim": "region", "value": "EMEA"}]}),
            )
            .unwrap(),
        )
        .unwrap();
        assert!(emea.open_lines > 0 && emea.open_lines < report.open_lines);

        // The attribution's largest groups only, with the count of all.
        let top: AttributionReport = serde_json::from_value(
            app.call(
                "attribution",
                serde_json::json!({"by": "supplier", "limit": 3}),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(top.groups.len(), 3);
        assert!(top.groups_total > 3);
        assert_eq!(
            top.groups[0].key, "200003",
            "the late supplier has the most days"
        );

        for (command, args, says) in [
            (
                "attribution",
                serde_json::json!({"by": "customer"}),
                "one of part, supplier",
            ),
            (
                "eol_report",
                serde_json::json!({"horizon_months": 0}),
                "more than 0",
            ),
            (
                "eol_report",
                serde_json::json!({"horizon_months": 241}),
                "at most 240",
            ),
            (
                "expedite",
                serde_json::json!({"filters": [{"dim": "colour", "value": "x"}]}),
                "unknown drill-down",
            ),
            ("expedite", serde_json::json!({"top": 3}), "bad arguments"),
        ] {
            let e = app.call(command, args).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{command}: {e:?}");
            assert!(e.message.contains(says), "{command}: {}", e.message);
        }
    }

    #[test]
    fn the_horizon_setting_is_the_default_and_a_change_is_seen_at_once() {
        let (_dir, path) = demo();
        let mut ws = Workspace::open(&path).unwrap();
        let ltb = |ws: &Workspace| {
            let r = ws.eol_report(None).unwrap();
            let p = r.parts.iter().find(|p| p.part_id == "100007").unwrap();
            (
                r.horizon_months,
                p.last_time_buy.need,
                p.last_time_buy.mean_monthly,
            )
        };
        let (h, need, mean) = ltb(&ws);
        assert_eq!(h, 24.0);
        assert!((need - mean * 24.0).abs() < 1e-9);
        ws.set_setting(HORIZON_SETTING, "12").unwrap();
        let (h, need, mean) = ltb(&ws);
        assert_eq!(h, 12.0, "the cached answer is not reused after a change");
        assert!((need - mean * 12.0).abs() < 1e-9);
        ws.set_setting(HORIZON_SETTING, "a year").unwrap();
        let e = ws.eol_report(None).unwrap_err();
        assert!(
            e.message.contains("expected a number of months"),
            "{}",
            e.message
        );
    }
}
