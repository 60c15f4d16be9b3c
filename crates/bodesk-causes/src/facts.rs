//! The engine's input: the open lines and the facts about them, as plain
//! rows. The api crate reads them from the working set; tests write them by
//! hand.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An open backorder line to tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenLine {
    pub order_id: String,
    pub order_line: String,
    pub part_id: String,
    pub location_id: String,
    pub created_date: NaiveDate,
    pub equipment_id: Option<String>,
}

/// What the rules read of a part.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Part {
    pub part_id: String,
    /// `active`, `eol` or `obsolete`.
    pub lifecycle: String,
    pub eol_date: Option<NaiveDate>,
    pub successor_part_id: Option<String>,
    pub lead_time_days: f64,
    /// The level the stock is planned for: the reorder point, else the safety stock.
    pub reorder_point: Option<f64>,
    pub safety_stock: Option<f64>,
}

/// A purchase-order schedule line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PurchaseOrder {
    pub po_id: String,
    pub po_line: String,
    pub part_id: String,
    pub supplier_id: String,
    /// The receiving location.
    pub location_id: String,
    pub qty_ordered: f64,
    pub qty_received: f64,
    pub committed_date: NaiveDate,
    pub received_date: Option<NaiveDate>,
    /// `open`, `closed` or `cancelled`.
    pub status: String,
}

/// An internal stock transfer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    pub transfer_id: String,
    pub part_id: String,
    pub from_location_id: String,
    pub to_location_id: String,
    pub qty: f64,
    pub ship_date: Option<NaiveDate>,
    pub expected_date: NaiveDate,
    pub received_date: Option<NaiveDate>,
    /// `planned`, `in_transit`, `blocked` or `received`.
    pub status: String,
}

/// One month of demand of a part at a location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandMonth {
    pub part_id: String,
    pub location_id: String,
    /// The month (any day of it).
    pub period: NaiveDate,
    pub qty_demanded: f64,
}

/// A planned repair or retrofit campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    pub campaign_id: String,
    pub part_id: String,
    pub location_id: String,
    pub qty: f64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

/// Usable stock of a part at a location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stock {
    pub part_id: String,
    pub location_id: String,
    pub on_hand: f64,
}

/// What a technician reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceEvent {
    pub event_id: String,
    pub date: NaiveDate,
    pub equipment_id: Option<String>,
    pub part_id: Option<String>,
    pub location_id: Option<String>,
    /// `fixed`, `waiting_for_part`, `part_unavailable`, ….
    pub outcome: String,
    pub note: Option<String>,
}

impl ServiceEvent {
    /// A repair stopped for want of a part.
    pub fn stopped_for_part(&self) -> bool {
        matches!(
            self.outcome.as_str(),
            "waiting_for_part" | "part_unavailable"
        )
    }
}

/// Everything the rules read besides the lines. Rows in any order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub parts: Vec<Part>,
    pub purchase_orders: Vec<PurchaseOrder>,
    pub transfers: Vec<Transfer>,
    pub demand: Vec<DemandMonth>,
    pub campaigns: Vec<Campaign>,
    pub stock: Vec<Stock>,
    pub service_events: Vec<ServiceEvent>,
}
