//! Hand-made networks for the engine tests.
#![allow(dead_code)]

use bodesk_actions::*;
use chrono::NaiveDate;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn part(id: &str, lead: f64, supplier: &str, weight: f64) -> Part {
    Part {
        primary_supplier_id: Some(supplier.to_string()),
        weight_kg: Some(weight),
        ..Part::new(id, lead)
    }
}

pub fn line(order: &str, part: &str, loc: &str, qty: f64, created: &str) -> Line {
    Line {
        order_id: order.to_string(),
        order_line: "10".to_string(),
        part_id: part.to_string(),
        location_id: loc.to_string(),
        qty_open: qty,
        created_date: d(created),
        closed_date: None,
        status: Status::Open,
        equipment_id: None,
        sla: None,
        downtime_cost_per_day: None,
    }
}

pub fn closed_line(order: &str, part: &str, loc: &str, created: &str, closed: &str) -> Line {
    Line {
        qty_open: 0.0,
        closed_date: Some(d(closed)),
        status: Status::Closed,
        ..line(order, part, loc, 1.0, created)
    }
}

pub fn stock(part: &str, loc: &str, on_hand: f64, blocked: f64) -> Stock {
    Stock {
        part_id: part.to_string(),
        location_id: loc.to_string(),
        on_hand,
        blocked,
    }
}

pub fn lane(from: &str, to: &str, mode: Mode, transit: f64, fixed: f64, per_kg: f64) -> Lane {
    Lane {
        from_id: from.to_string(),
        to_location_id: to.to_string(),
        mode,
        transit_days: transit,
        cost_fixed: fixed,
        cost_per_kg: per_kg,
    }
}

pub fn open_po(
    po: &str,
    part: &str,
    supplier: &str,
    loc: &str,
    qty: f64,
    ordered: &str,
    committed: &str,
) -> PoLine {
    PoLine {
        po_id: po.to_string(),
        po_line: "10".to_string(),
        part_id: part.to_string(),
        supplier_id: supplier.to_string(),
        location_id: loc.to_string(),
        qty_ordered: qty,
        qty_received: 0.0,
        order_date: d(ordered),
        committed_date: d(committed),
        received_date: None,
        status: Status::Open,
    }
}

pub fn received_po(
    po: &str,
    part: &str,
    supplier: &str,
    loc: &str,
    ordered: &str,
    committed: &str,
    received: &str,
) -> PoLine {
    PoLine {
        qty_received: 10.0,
        received_date: Some(d(received)),
        status: Status::Closed,
        ..open_po(po, part, supplier, loc, 10.0, ordered, committed)
    }
}

pub fn demand(month: &str, part: &str, loc: &str, qty: f64) -> DemandRow {
    DemandRow {
        month: d(&format!("{month}-01")),
        part_id: part.to_string(),
        location_id: loc.to_string(),
        qty,
    }
}

pub fn network(parts: Vec<Part>) -> Network {
    Network {
        parts: parts.into_iter().map(|p| (p.part_id.clone(), p)).collect(),
        ..Network::default()
    }
}
