//! What the app's screens read: drill-down paths, pages of lines for the
//! workbench, a line's detail and a part's view. Every figure comes from the
//! same engine and the same per-line rules as `bodesk kpi` and `bodesk lines`.

use bodesk_kpi::{Dim, KpiConfig, LineView};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::dto::{
    DemandPoint, DrillReport, EquipmentDto, FilterDto, KpiFigures, KpiGroup, LineDetail, LinePage,
    LineQuery, LineRow, PartDto, PartView, PoDto, StockDto, SubstituteDto, TransferDto,
};
use crate::kpi::{figures, kpi_groups, line_row, parse_dim, parse_filters};
use crate::{ApiError, ErrorCode, Workspace};

/// The most lines one page may hold.
pub const MAX_PAGE: u64 = 5_000;

fn pairs(filters: &[FilterDto]) -> Vec<(String, String)> {
    filters
        .iter()
        .map(|f| (f.dim.clone(), f.value.clone()))
        .collect()
}

fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Workspace {
    /// The KPIs of the lines on a drill-down path and, with `by`, the groups
    /// of the next level (region → location → part → lines).
    pub fn drill(
        &self,
        filters: &[FilterDto],
        by: Option<&str>,
        as_of: Option<&str>,
    ) -> Result<DrillReport, ApiError> {
        let path = parse_filters(&pairs(filters))?;
        let dim = by.map(parse_dim).transpose()?;
        if path.is_empty() && self.snapshot_answers && !self.engine_ready(as_of)? {
            if let Some(r) = crate::snapshot_answers::drill(self.store().conn(), as_of, dim)? {
                return Ok(r);
            }
        }
        self.with_prepared(as_of, |prepared, as_of| DrillReport {
            as_of: fmt(as_of),
            filters: filters.to_vec(),
            by: dim.map(|d| d.name().to_string()),
            figures: figures(&prepared.totals_where(&path)),
            groups_total: 0,
            groups: dim
                .map(|d| kpi_groups(prepared.drill_down_where(&path, d)))
                .unwrap_or_default(),
        })
        .map(|mut r| {
            r.groups_total = r.groups.len() as u64;
            r
        })
    }

    /// One page of the lines on a path, searched, sorted and counted.
    pub fn line_page(&self, q: &LineQuery) -> Result<LinePage, ApiError> {
        let path = parse_filters(&pairs(&q.filters))?;
        let sort = q.sort.as_deref().unwrap_or("age_days");
        let key = SortKey::parse(sort)?;
        let needle = q
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_lowercase);
        let limit = q.limit.unwrap_or(200).min(MAX_PAGE) as usize;
        let flag: fn(&LineRow) -> bool = match q.flag.as_deref() {
            None | Some("") => |_| true,
            Some("sla_breach") => |r| r.open && r.sla_breach,
            Some("over_30_days") => |r| r.open && r.age_days.is_some_and(|a| a > 30),
            Some(other) => {
                return Err(ApiError::invalid(format!(
                    "lines: unknown flag {other:?}: sla_breach or over_30_days"
                )))
            }
        };
        let query_key = serde_json::to_string(&LineQuery {
            offset: 0,
            limit: None,
            ..q.clone()
        })
        .unwrap_or_default();
        let version = crate::kpi::data_version(self.store().conn())?;
        let mut cache = self.line_pages.lock().unwrap_or_else(|e| e.into_inner());
        self.with_network(None, |loaded, _| {
            let (net, as_of) = (&loaded.net, loaded.as_of);
            let cfg = KpiConfig { as_of };
            let fresh = matches!(&*cache, Some(c) if c.query == query_key && c.version == version && c.as_of == as_of);
            if !fresh {
                // Filter and sort once per query; scrolling then only slices.
                let mut open = 0u64;
                let mut keyed: Vec<(SortValue, u32)> = Vec::new();
                for (i, line) in loaded.lines.iter().enumerate() {
                    if !path
                        .iter()
                        .all(|(d, v)| bodesk_kpi::group_key(net, line, *d) == *v)
                    {
                        continue;
                    }
                    if !needle.as_deref().is_none_or(|n| matches(&line, n)) {
                        continue;
                    }
                    let Some(row) = line_row(net, &cfg, line) else {
                        continue;
                    };
                    if !((row.open || !q.open_only) && flag(&row)) {
                        continue;
                    }
                    open += u64::from(row.open);
                    keyed.push((key.value(&row), i as u32));
                }
                // Stable: equal keys keep the (order, line) order.
                keyed.sort_by(|a, b| {
                    let o = a.0.cmp(&b.0);
                    if q.descending {
                        o.reverse()
                    } else {
                        o
                    }
                });
                *cache = Some(LinePageCache {
                    query: query_key,
                    version,
                    as_of,
                    order: keyed.into_iter().map(|(_, i)| i).collect(),
                    open,
                });
            }
            let c = cache.as_ref().expect("filled above");
            let start = (q.offset as usize).min(c.order.len());
            let end = (start + limit).min(c.order.len());
            LinePage {
                total: c.order.len() as u64,
                open: c.open,
                offset: start as u64,
                rows: c.order[start..end]
                    .iter()
                    .filter_map(|&i| line_row(net, &cfg, loaded.line(i as usize)))
                    .collect(),
            }
        })
    }

    /// A backorder line with its part, customer, equipment, the part's POs,
    /// transfers touching the line's location and stock elsewhere.
    pub fn line_detail(&self, order_id: &str, order_line: &str) -> Result<LineDetail, ApiError> {
        // A line that counts is in the cached rows; one that does not (closed
        // long ago) is read from the store and shown all the same.
        let row = self.with_network(None, |loaded, _| {
            let cfg = KpiConfig {
                as_of: loaded.as_of,
            };
            loaded
                .lines
                .iter()
                .find(|l| l.order_id == order_id && l.order_line == order_line)
                .and_then(|line| line_row(&loaded.net, &cfg, line))
        })?;
        let conn = self.store().conn();
        let row = match row {
            Some(row) => Some(row),
            None => crate::kpi::read_line(conn, order_id, order_line, closed_row)?,
        };
        let Some(row) = row else {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("no backorder line {order_id}/{order_line}"),
            ));
        };
        let as_of = crate::kpi::resolve_as_of(conn, None)?;
        let (promised_date, qty_ordered, equipment_id): (Option<String>, Option<f64>, Option<String>) =
            conn.query_row(
                "SELECT promised_date, qty_ordered, equipment_id FROM backorders WHERE order_id = ?1 AND order_line = ?2",
                params![order_id, order_line],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
        let customer: Option<(Option<String>, String)> = conn
            .query_row(
                "SELECT name, tier FROM customers WHERE customer_id = ?1",
                [&row.customer_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let equipment = match equipment_id {
            Some(id) => conn
                .query_row(
                    "SELECT equipment_id, model, location_id, criticality, downtime_cost_per_day FROM equipment WHERE equipment_id = ?1",
                    [&id],
                    |r| {
                        Ok(EquipmentDto {
                            equipment_id: r.get(0)?,
                            model: r.get(1)?,
                            location_id: r.get(2)?,
                            criticality: r.get(3)?,
                            downtime_cost_per_day: r.get(4)?,
                        })
                    },
                )
                .optional()?,
            None => None,
        };
        let mut stock = stock_of(conn, &row.part_id)?;
        stock.retain(|s| s.location_id != row.location_id && s.on_hand > 0.0);
        stock.sort_by(|a, b| b.on_hand.total_cmp(&a.on_hand));
        let transfers = transfers_of(conn, &row.part_id)?
            .into_iter()
            .filter(|t| {
                t.status != "received"
                    && (t.to_location_id == row.location_id
                        || t.from_location_id == row.location_id)
            })
            .collect();
        let purchase_orders = pos_of(conn, &row.part_id, as_of)?
            .into_iter()
            .filter(|p| p.status == "open" || p.received_date.as_deref() >= Some(&row.created_date))
            .collect();
        let part = part_of(conn, &row.part_id)?;
        Ok(LineDetail {
            line: row,
            promised_date,
            qty_ordered,
            part,
            customer_name: customer.as_ref().and_then(|c| c.0.clone()),
            customer_tier: customer.map(|c| c.1),
            equipment,
            purchase_orders,
            transfers,
            stock_elsewhere: stock,
            cause: crate::causes::line_cause(conn, order_id, order_line)?,
        })
    }

    /// A part: its master data, KPIs, stock by location, inbound POs with
    /// lateness, monthly demand, substitutes, successor links and open lines.
    pub fn part_view(&self, part_id: &str) -> Result<PartView, ApiError> {
        let conn = self.store().conn();
        let part = part_of(conn, part_id)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("no part {part_id:?} in the working set"),
            )
        })?;
        let path = [(Dim::Part, part_id.to_string())];
        let (as_of, kpis, open_lines) = self.with_network(None, |loaded, prepared| {
            let (net, as_of) = (&loaded.net, loaded.as_of);
            let cfg = KpiConfig { as_of };
            let mut open: Vec<LineRow> = loaded
                .lines
                .iter()
                .filter(|l| l.part_id == part_id)
                .filter_map(|l| line_row(net, &cfg, l))
                .filter(|r| r.open)
                .collect();
            open.sort_by(|a, b| b.age_days.cmp(&a.age_days));
            (as_of, prepared.totals_where(&path), open)
        })?;
        let mut stock = stock_of(conn, part_id)?;
        for s in &mut stock {
            s.backordered = open_lines
                .iter()
                .filter(|l| l.location_id == s.location_id)
                .map(|l| l.qty_open)
                .sum();
        }
        let mut demand = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT period, sum(qty_demanded), sum(coalesce(qty_filled, qty_demanded))
             FROM demand_history WHERE part_id = ?1 GROUP BY period ORDER BY period",
        )?;
        let mut rows = stmt.query([part_id])?;
        while let Some(r) = rows.next()? {
            demand.push(DemandPoint {
                period: r.get(0)?,
                qty_demanded: r.get(1)?,
                qty_filled: r.get(2)?,
            });
        }
        let mut substitutes = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT s.part_id, s.substitute_part_id, s.direction, s.ratio,
                    coalesce((SELECT sum(on_hand) FROM stock WHERE part_id = s.substitute_part_id), 0)
             FROM substitutes s WHERE s.part_id = ?1
             UNION ALL
             SELECT s.substitute_part_id, s.part_id, s.direction, s.ratio,
                    coalesce((SELECT sum(on_hand) FROM stock WHERE part_id = s.part_id), 0)
             FROM substitutes s WHERE s.substitute_part_id = ?1 AND s.direction = 'two_way'
             ORDER BY 2",
        )?;
        let mut rows = stmt.query([part_id])?;
        while let Some(r) = rows.next()? {
            substitutes.push(SubstituteDto {
                part_id: r.get(0)?,
                substitute_part_id: r.get(1)?,
                direction: r.get(2)?,
                ratio: r.get(3)?,
                on_hand: r.get(4)?,
            });
        }
        let mut stmt = conn
            .prepare("SELECT part_id FROM parts WHERE successor_part_id = ?1 ORDER BY part_id")?;
        let predecessors = stmt
            .query_map([part_id], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(PartView {
            part,
            as_of: fmt(as_of),
            figures: figures(&kpis),
            stock,
            purchase_orders: pos_of(conn, part_id, as_of)?,
            demand,
            substitutes,
            predecessors,
            open_lines,
        })
    }
}

/// A figure of [`KpiFigures`] by its `kpis.md` name.
pub fn figure_value(f: &KpiFigures, name: &str) -> Option<f64> {
    Some(match name {
        "open_lines" => f.open_lines as f64,
        "open_qty" => f.open_qty,
        "open_value" => f.open_value,
        "mean_age_days" => f.mean_age_days,
        "max_age_days" => f.max_age_days as f64,
        "backorder_days" => f.backorder_days as f64,
        "parts_affected" => f.parts_affected as f64,
        "backorder_days_per_part" => f.backorder_days_per_part,
        "customer_impact_days" => f.customer_impact_days as f64,
        "sla_breaches" => f.sla_breaches as f64,
        "penalty_exposure" => f.penalty_exposure,
        "lines_over_30_days" => f.lines_over_30_days as f64,
        _ => return None,
    })
}

/// Keeps the `top` largest groups of a drill-down by a figure, largest first
/// (ties by key).
pub fn keep_top(report: &mut DrillReport, order_by: &str, top: usize) -> Result<(), ApiError> {
    if figure_value(&report.figures, order_by).is_none() {
        return Err(ApiError::invalid(format!(
            "cannot order groups by {order_by:?}: use a KPI name such as open_lines or backorder_days"
        )));
    }
    let value = |g: &KpiGroup| figure_value(&g.figures, order_by).unwrap_or(0.0);
    report.groups.sort_by(|a, b| {
        value(b)
            .total_cmp(&value(a))
            .then_with(|| a.key.cmp(&b.key))
    });
    report.groups.truncate(top);
    Ok(())
}

/// A line that no longer counts in the window (closed long ago), shown in
/// its detail all the same.
fn closed_row(line: LineView<'_>) -> LineRow {
    LineRow {
        order_id: line.order_id.to_string(),
        order_line: line.order_line.to_string(),
        customer_id: line.customer_id.to_string(),
        part_id: line.part_id.to_string(),
        location_id: line.location_id.to_string(),
        region: String::new(),
        status: line.status.as_str().to_string(),
        qty_open: line.qty_open,
        created_date: fmt(line.created_date),
        closed_date: line.closed_date.map(fmt),
        open: false,
        age_days: None,
        backorder_days: 0,
        value: 0.0,
        sla_breach: false,
        penalty_exposure: 0.0,
        root_cause: String::new(),
        criticality: None,
        tier: None,
        sla_limit_days: None,
    }
}

/// `needle` (lower case) in the line's order, part, customer or location id.
fn matches(line: &LineView<'_>, needle: &str) -> bool {
    [
        line.order_id,
        line.part_id,
        line.customer_id,
        line.location_id,
    ]
    .iter()
    .any(|s| s.to_lowercase().contains(needle))
        || format!("{}/{}", line.order_id, line.order_line)
            .to_lowercase()
            .contains(needle)
}

/// The columns the workbench sorts by.
#[derive(Debug, Clone, Copy)]
enum SortKey {
    Text(fn(&LineRow) -> &str),
    Number(fn(&LineRow) -> f64),
}

impl SortKey {
    fn parse(name: &str) -> Result<SortKey, ApiError> {
        Ok(match name {
            "order_id" => SortKey::Text(|r| &r.order_id),
            "customer_id" => SortKey::Text(|r| &r.customer_id),
            "part_id" => SortKey::Text(|r| &r.part_id),
            "location_id" => SortKey::Text(|r| &r.location_id),
            "region" => SortKey::Text(|r| &r.region),
            "status" => SortKey::Text(|r| &r.status),
            "created_date" => SortKey::Text(|r| &r.created_date),
            "root_cause" => SortKey::Text(|r| &r.root_cause),
            "criticality" => SortKey::Text(|r| r.criticality.as_deref().unwrap_or("")),
            "tier" => SortKey::Text(|r| r.tier.as_deref().unwrap_or("")),
            "qty_open" => SortKey::Number(|r| r.qty_open),
            "age_days" => SortKey::Number(|r| r.age_days.map_or(-1.0, |a| a as f64)),
            "backorder_days" => SortKey::Number(|r| r.backorder_days as f64),
            "value" => SortKey::Number(|r| r.value),
            "penalty_exposure" => SortKey::Number(|r| r.penalty_exposure),
            "sla_limit_days" => SortKey::Number(|r| r.sla_limit_days.unwrap_or(f64::INFINITY)),
            // How far past (or short of) its SLA limit a line is.
            "sla_ratio" => SortKey::Number(|r| match (r.age_days, r.sla_limit_days) {
                (Some(a), Some(l)) if l > 0.0 => a as f64 / l,
                (Some(_), Some(_)) => f64::INFINITY,
                _ => -1.0,
            }),
            other => return Err(ApiError::invalid(format!("cannot sort lines by {other:?}"))),
        })
    }

    fn value(self, r: &LineRow) -> SortValue {
        match self {
            SortKey::Text(f) => SortValue::Text(f(r).to_string()),
            SortKey::Number(f) => SortValue::Number(f(r)),
        }
    }
}

/// One line's value of the sort column.
#[derive(Debug)]
enum SortValue {
    Text(String),
    Number(f64),
}

impl SortValue {
    fn cmp(&self, other: &SortValue) -> std::cmp::Ordering {
        match (self, other) {
            (SortValue::Text(a), SortValue::Text(b)) => a.cmp(b),
            (SortValue::Number(a), SortValue::Number(b)) => a.total_cmp(b),
            _ => std::cmp::Ordering::Equal,
        }
    }
}

/// The workbench's last query, filtered and sorted: line indices into the
/// cached network, valid for one working-set version and as-of date.
#[derive(Debug)]
pub(crate) struct LinePageCache {
    query: String,
    version: (i64, i64),
    as_of: NaiveDate,
    order: Vec<u32>,
    open: u64,
}

fn part_of(conn: &Connection, part_id: &str) -> Result<Option<PartDto>, ApiError> {
    Ok(conn
        .query_row(
            "SELECT part_id, description, unit_cost, criticality, lifecycle, eol_date, successor_part_id,
                    lead_time_days, primary_supplier_id, product_line, weight_kg
             FROM parts WHERE part_id = ?1",
            [part_id],
            |r| {
                Ok(PartDto {
                    part_id: r.get(0)?,
                    description: r.get(1)?,
                    unit_cost: r.get(2)?,
                    criticality: r.get(3)?,
                    lifecycle: r.get(4)?,
                    eol_date: r.get(5)?,
                    successor_part_id: r.get(6)?,
                    lead_time_days: r.get(7)?,
                    primary_supplier_id: r.get(8)?,
                    product_line: r.get(9)?,
                    weight_kg: r.get(10)?,
                })
            },
        )
        .optional()?)
}

fn stock_of(conn: &Connection, part_id: &str) -> Result<Vec<StockDto>, ApiError> {
    let mut stmt = conn.prepare(
        "SELECT s.location_id, l.region, s.on_hand, s.quality_inspection, s.blocked, s.in_transit
         FROM stock s LEFT JOIN locations l ON l.location_id = s.location_id
         WHERE s.part_id = ?1 ORDER BY s.location_id",
    )?;
    let rows = stmt
        .query_map([part_id], |r| {
            Ok(StockDto {
                location_id: r.get(0)?,
                region: r.get(1)?,
                on_hand: r.get(2)?,
                quality_inspection: r.get(3)?,
                blocked: r.get(4)?,
                in_transit: r.get(5)?,
                backordered: 0.0,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

fn transfers_of(conn: &Connection, part_id: &str) -> Result<Vec<TransferDto>, ApiError> {
    let mut stmt = conn.prepare(
        "SELECT transfer_id, part_id, from_location_id, to_location_id, qty, ship_date, expected_date,
                received_date, status
         FROM transfers WHERE part_id = ?1 ORDER BY expected_date, transfer_id",
    )?;
    let rows = stmt
        .query_map([part_id], |r| {
            Ok(TransferDto {
                transfer_id: r.get(0)?,
                part_id: r.get(1)?,
                from_location_id: r.get(2)?,
                to_location_id: r.get(3)?,
                qty: r.get(4)?,
                ship_date: r.get(5)?,
                expected_date: r.get(6)?,
                received_date: r.get(7)?,
                status: r.get(8)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The part's PO lines, open first, then by committed date (newest first),
/// with lateness against the committed date.
fn pos_of(conn: &Connection, part_id: &str, as_of: NaiveDate) -> Result<Vec<PoDto>, ApiError> {
    let mut stmt = conn.prepare(
        "SELECT po_id, po_line, part_id, supplier_id, location_id, qty_ordered, qty_received,
                order_date, committed_date, received_date, status
         FROM purchase_orders WHERE part_id = ?1
         ORDER BY status <> 'open', committed_date DESC, po_id, po_line LIMIT 200",
    )?;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let rows = stmt
        .query_map([part_id], |r| {
            let committed: String = r.get(8)?;
            let received: Option<String> = r.get(9)?;
            let status: String = r.get(10)?;
            let days_late = match (day(&committed), received.as_deref().and_then(day)) {
                (Some(c), Some(rcv)) => Some((rcv - c).num_days()),
                (Some(c), None) if status == "open" => Some((as_of - c).num_days()),
                _ => None,
            };
            Ok(PoDto {
                po_id: r.get(0)?,
                po_line: r.get(1)?,
                part_id: r.get(2)?,
                supplier_id: r.get(3)?,
                location_id: r.get(4)?,
                qty_ordered: r.get(5)?,
                qty_received: r.get(6)?,
                order_date: r.get(7)?,
                committed_date: committed,
                received_date: received,
                status,
                days_late,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}
