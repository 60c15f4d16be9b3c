//! The backorder lines the app keeps in memory between requests, compact:
//! one fixed-size row per line, the customer, part and location ids interned
//! once, the order keys back to back in one string. The KPI engine is
//! prepared from these rows ([`bodesk_kpi::Prepared::from_lines`]) and the
//! workbench pages through them, so no `String` per id per line is held.
//!
//! Only lines that count as of the cached as-of date (open, or with a
//! backorder day in the trailing year) are kept; see `kpi::NetworkLoader`.

use std::collections::HashMap;

use bodesk_kpi::{LineStatus, LineView};
use chrono::NaiveDate;

/// Lines in the order they were pushed (the store's key order).
#[derive(Debug, Default)]
pub(crate) struct LineTable {
    /// `order_id` then `order_line` of each row, back to back.
    keys: String,
    names: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
    rows: Vec<Row>,
    /// The last id interned per column: consecutive lines of an order share
    /// their customer and location.
    last: [Option<u32>; 3],
}

/// One line: 48 bytes.
#[derive(Debug, Clone, Copy)]
struct Row {
    key_at: u32,
    order_len: u32,
    line_len: u32,
    customer: u32,
    part: u32,
    location: u32,
    created: NaiveDate,
    closed: Option<NaiveDate>,
    qty_open: f64,
    status: LineStatus,
}

const CUSTOMER: usize = 0;
const PART: usize = 1;
const LOCATION: usize = 2;

impl LineTable {
    pub(crate) fn push(&mut self, line: LineView<'_>) {
        let key_at = self.keys.len() as u32;
        self.keys.push_str(line.order_id);
        self.keys.push_str(line.order_line);
        let row = Row {
            key_at,
            order_len: line.order_id.len() as u32,
            line_len: line.order_line.len() as u32,
            customer: self.intern(CUSTOMER, line.customer_id),
            part: self.intern(PART, line.part_id),
            location: self.intern(LOCATION, line.location_id),
            created: line.created_date,
            closed: line.closed_date,
            qty_open: line.qty_open,
            status: line.status,
        };
        self.rows.push(row);
    }

    fn intern(&mut self, column: usize, name: &str) -> u32 {
        if let Some(id) = self.last[column] {
            if &*self.names[id as usize] == name {
                return id;
            }
        }
        let id = match self.ids.get(name) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                self.names.push(name.into());
                self.ids.insert(name.into(), id);
                id
            }
        };
        self.last[column] = Some(id);
        id
    }

    /// Frees what only loading needed (the id lookup, spare capacity).
    pub(crate) fn finish_loading(&mut self) {
        self.ids = HashMap::new();
        self.last = [None; 3];
        self.keys.shrink_to_fit();
        self.rows.shrink_to_fit();
        self.names.shrink_to_fit();
    }

    /// The line at `i` (in push order).
    pub(crate) fn get(&self, i: usize) -> LineView<'_> {
        let r = &self.rows[i];
        let (at, order_len, line_len) =
            (r.key_at as usize, r.order_len as usize, r.line_len as usize);
        LineView {
            order_id: &self.keys[at..at + order_len],
            order_line: &self.keys[at + order_len..at + order_len + line_len],
            customer_id: &self.names[r.customer as usize],
            part_id: &self.names[r.part as usize],
            location_id: &self.names[r.location as usize],
            qty_open: r.qty_open,
            created_date: r.created,
            closed_date: r.closed,
            status: r.status,
        }
    }

    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = LineView<'_>> + '_ {
        (0..self.rows.len()).map(|i| self.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_come_back_as_pushed() {
        let date = |d: u32| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
        let lines = [
            (
                "O1",
                "10",
                "C1",
                "P1",
                "L1",
                2.5,
                date(1),
                None,
                LineStatus::Open,
            ),
            (
                "O1",
                "20",
                "C1",
                "P2",
                "L1",
                0.0,
                date(2),
                Some(date(9)),
                LineStatus::Closed,
            ),
            (
                "O2",
                "",
                "P1",
                "P1",
                "",
                -1.0,
                date(3),
                Some(date(1)),
                LineStatus::Cancelled,
            ),
            (
                "O10",
                "1",
                "C2",
                "a-part-id-longer-than-23-bytes",
                "L2",
                1.0,
                date(4),
                None,
                LineStatus::Open,
            ),
        ]
        .map(|(o, l, c, p, loc, qty, created, closed, status)| LineView {
            order_id: o,
            order_line: l,
            customer_id: c,
            part_id: p,
            location_id: loc,
            qty_open: qty,
            created_date: created,
            closed_date: closed,
            status,
        });
        let mut table = LineTable::default();
        for line in lines {
            table.push(line);
        }
        table.finish_loading();
        assert_eq!(table.iter().len(), lines.len());
        assert_eq!(table.iter().collect::<Vec<_>>(), lines);
        // One name per distinct id, whatever column it appears in.
        assert_eq!(table.names.len(), 8);
    }
}
