//! Builders for small networks and a text rendering of figures, shared by
//! the test files.
#![allow(dead_code)]

use bodesk_kpi::{
    Criticality, CustomerInfo, Group, KpiConfig, Kpis, Line, LineStatus, LocationInfo, Network,
    PartInfo, PoLine, RootCause, SlaTerms, Totals,
};
use chrono::NaiveDate;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The as-of date of every table: T = 2024-06-30, so W = [2023-07-01, 2024-06-30)
/// (2024 is a leap year: 2023-06-30 + 366 days = 2024-06-30).
pub fn cfg() -> KpiConfig {
    KpiConfig {
        as_of: d("2024-06-30"),
    }
}

pub fn part(net: &mut Network, id: &str, unit_cost: f64, criticality: Criticality) {
    part_full(net, id, unit_cost, criticality, None, None);
}

pub fn part_full(
    net: &mut Network,
    id: &str,
    unit_cost: f64,
    criticality: Criticality,
    product_line: Option<&str>,
    supplier: Option<&str>,
) {
    net.parts.insert(
        id.to_string(),
        PartInfo {
            unit_cost,
            criticality,
            product_line: product_line.map(str::to_string),
            primary_supplier_id: supplier.map(str::to_string),
        },
    );
}

pub fn location(net: &mut Network, id: &str, region: &str) {
    net.locations.insert(
        id.to_string(),
        LocationInfo {
            region: region.to_string(),
        },
    );
}

pub fn customer(net: &mut Network, id: &str, tier: &str) {
    net.customers.insert(
        id.to_string(),
        CustomerInfo {
            tier: tier.to_string(),
        },
    );
}

pub fn sla(
    net: &mut Network,
    tier: &str,
    criticality: Criticality,
    max: f64,
    penalty: Option<f64>,
) {
    net.sla.insert(
        (tier.to_string(), criticality),
        SlaTerms {
            max_backorder_days: max,
            penalty_per_day: penalty,
        },
    );
}

pub fn root_cause(net: &mut Network, order: &str, rc: RootCause) {
    net.root_causes
        .insert((order.to_string(), "1".to_string()), rc);
}

/// A line `order`/1 at location L1, open, qty 1; refine with the methods.
pub fn ln(order: &str, customer: &str, part: &str, created: &str) -> Line {
    Line {
        order_id: order.to_string(),
        order_line: "1".to_string(),
        customer_id: customer.to_string(),
        part_id: part.to_string(),
        location_id: "L1".to_string(),
        qty_open: 1.0,
        created_date: d(created),
        closed_date: None,
        status: LineStatus::Open,
    }
}

pub trait LineExt {
    fn qty(self, q: f64) -> Line;
    fn at(self, location: &str) -> Line;
    fn closed(self, date: &str) -> Line;
    fn cancelled(self, date: &str) -> Line;
    fn status(self, status: LineStatus) -> Line;
}

impl LineExt for Line {
    fn qty(mut self, q: f64) -> Line {
        self.qty_open = q;
        self
    }
    fn at(mut self, location: &str) -> Line {
        self.location_id = location.to_string();
        self
    }
    fn closed(mut self, date: &str) -> Line {
        self.status = LineStatus::Closed;
        self.closed_date = Some(d(date));
        self
    }
    fn cancelled(mut self, date: &str) -> Line {
        self.status = LineStatus::Cancelled;
        self.closed_date = Some(d(date));
        self
    }
    fn status(mut self, status: LineStatus) -> Line {
        self.status = status;
        self
    }
}

pub fn po(supplier: &str, committed: &str, received: Option<&str>, status: LineStatus) -> PoLine {
    PoLine {
        po_id: format!("PO-{supplier}-{committed}"),
        po_line: "1".to_string(),
        part_id: "P1".to_string(),
        supplier_id: supplier.to_string(),
        committed_date: d(committed),
        received_date: received.map(d),
        status,
    }
}

fn kpi_rows(k: &Kpis) -> [(&'static str, String); 12] {
    [
        ("open_lines", k.open_lines.to_string()),
        ("open_qty", k.open_qty.to_string()),
        ("open_value", k.open_value.to_string()),
        ("mean_age_days", k.mean_age_days.to_string()),
        ("max_age_days", k.max_age_days.to_string()),
        ("backorder_days", k.backorder_days.to_string()),
        ("parts_affected", k.parts_affected.to_string()),
        (
            "backorder_days_per_part",
            k.backorder_days_per_part.to_string(),
        ),
        ("customer_impact_days", k.customer_impact_days.to_string()),
        ("sla_breaches", k.sla_breaches.to_string()),
        ("penalty_exposure", k.penalty_exposure.to_string()),
        ("lines_over_30_days", k.lines_over_30_days.to_string()),
    ]
}

fn table(columns: &[(String, Vec<(&'static str, String)>)]) -> String {
    let names: Vec<&str> = columns
        .first()
        .map_or(vec![], |c| c.1.iter().map(|r| r.0).collect());
    let name_width = names.iter().map(|n| n.len()).max().unwrap_or(0);
    let widths: Vec<usize> = columns
        .iter()
        .map(|(head, rows)| {
            rows.iter()
                .map(|r| r.1.len())
                .chain([head.len()])
                .max()
                .unwrap()
        })
        .collect();
    let mut out = format!("{:name_width$}", "");
    for ((head, _), w) in columns.iter().zip(&widths) {
        out += &format!("  {head:>w$}");
    }
    out = out.trim_end().to_string() + "\n";
    for (i, name) in names.iter().enumerate() {
        let mut line = format!("{name:name_width$}");
        for ((_, rows), w) in columns.iter().zip(&widths) {
            line += &format!("  {:>w$}", rows[i].1);
        }
        out += line.trim_end();
        out += "\n";
    }
    out
}

/// The totals as a two-column table.
pub fn render_totals(t: &Totals) -> String {
    let mut rows = kpi_rows(&t.kpis).to_vec();
    rows.push(("fill_rate", format!("{:?}", t.fill_rate)));
    rows.push((
        "supplier_on_time_pct",
        format!("{:?}", t.supplier_on_time_pct),
    ));
    table(&[("total".to_string(), rows)])
}

/// Groups as columns, KPIs as rows.
pub fn render_groups(groups: &[Group]) -> String {
    let columns: Vec<_> = groups
        .iter()
        .map(|g| (g.key.clone(), kpi_rows(&g.kpis).to_vec()))
        .collect();
    table(&columns)
}
