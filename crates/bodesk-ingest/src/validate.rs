//! A record of a recognised file to a typed row, or to rejects.
//!
//! Two passes over a file: [`Evidence`] reads every value of the number and
//! date columns to decide their styles (decimal mark, day- or month-first),
//! then [`Validator`] turns each record into a row of the entity's stored
//! columns. References to other entities are checked by the caller, which
//! knows the working set.

use serde::Serialize;

use crate::contract::{choose, Column, Entity, Kind, Mapping};
use crate::reader::Record;
use crate::values::{
    normalize_id_str, parse_date, parse_flag, parse_number, parse_period, DateEvidence, DateOrder,
    DecimalMark, NumberEvidence,
};

/// A typed cell, ready for the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Text(String),
    Real(f64),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Real(v) => Some(*v),
            _ => None,
        }
    }
}

/// A typed cell of [`Rows`]: text cells are a range of the rows' text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Null,
    Real(f64),
    Text(usize, usize),
}

/// Validated rows (the stored columns of each, in order) in two buffers: no
/// allocation per cell, for the millions of rows of an import.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub text: String,
    pub cells: Vec<Cell>,
}

impl Rows {
    /// The text of a text cell.
    pub fn str(&self, c: Cell) -> Option<&str> {
        match c {
            Cell::Text(a, b) => Some(&self.text[a..b]),
            _ => None,
        }
    }
    /// A cell as an owned [`Value`].
    pub fn value(&self, c: Cell) -> Value {
        match c {
            Cell::Null => Value::Null,
            Cell::Real(v) => Value::Real(v),
            Cell::Text(a, b) => Value::Text(self.text[a..b].to_string()),
        }
    }
    /// Where the next row starts: [`Rows::truncate`] takes it back off.
    pub fn mark(&self) -> (usize, usize) {
        (self.text.len(), self.cells.len())
    }
    pub fn truncate(&mut self, mark: (usize, usize)) {
        self.text.truncate(mark.0);
        self.cells.truncate(mark.1);
    }
    pub fn clear(&mut self) {
        self.text.clear();
        self.cells.clear();
    }
    fn push_str(&mut self, s: &str) -> Cell {
        let a = self.text.len();
        self.text.push_str(s);
        Cell::Text(a, self.text.len())
    }
}

/// A row that breaks the contract: where, what and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reject {
    pub line: u64,
    /// The file's column name (or the contract's name when the file lacks it).
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// How the number and date columns of one file are written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Styles {
    /// The file's decimal mark (columns without evidence of their own use it).
    pub decimal_mark: DecimalMark,
    /// Per contract column.
    pub decimal_marks: Vec<DecimalMark>,
    pub date_orders: Vec<Option<DateOrder>>,
}

/// Style evidence over every value of a file's number and date columns.
#[derive(Debug)]
pub struct Evidence<'m> {
    mapping: &'m Mapping,
    numbers: Vec<NumberEvidence>,
    dates: Vec<DateEvidence>,
    file_numbers: NumberEvidence,
    /// Per contract column: some value may read differently under another
    /// style (a number with anything but digits and signs, a date with `/`).
    sensitive: Vec<bool>,
    /// The number and date columns the file has: (contract column, file
    /// column, is a number).
    watched: Vec<(usize, usize, bool)>,
}

/// A column whose dates cannot be read unambiguously: a file-level error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnError {
    pub column: String,
    pub reason: String,
}

impl<'m> Evidence<'m> {
    pub fn new(mapping: &'m Mapping) -> Self {
        let n = mapping.source.len();
        Evidence {
            mapping,
            numbers: vec![NumberEvidence::default(); n],
            dates: vec![DateEvidence::default(); n],
            file_numbers: NumberEvidence::default(),
            sensitive: vec![false; n],
            watched: mapping
                .source
                .iter()
                .enumerate()
                .filter_map(|(ci, src)| match mapping.entity.def().columns[ci].kind {
                    Kind::Number { .. } => src.map(|i| (ci, i, true)),
                    Kind::Date | Kind::Period => src.map(|i| (ci, i, false)),
                    _ => None,
                })
                .collect(),
        }
    }

    pub fn observe(&mut self, rec: &Record) {
        for &(ci, i, number) in &self.watched {
            let Some(v) = rec.get(i) else { continue };
            if v.is_empty() {
                continue;
            }
            match number {
                true => {
                    // Digits and signs alone read the same (or fail the
                    // same way) under either mark; any separator may not.
                    if !self.sensitive[ci]
                        && crate::values::trim(v)
                            .bytes()
                            .any(|c| !matches!(c, b'0'..=b'9' | b'+' | b'-'))
                    {
                        self.sensitive[ci] = true;
                    }
                    self.numbers[ci].observe(v);
                    self.file_numbers.observe(v);
                }
                false => {
                    if !self.sensitive[ci] && v.contains('/') {
                        self.sensitive[ci] = true;
                    }
                    self.dates[ci].observe(v)
                }
            }
        }
    }

    /// Decides each column's style. A number column without evidence of its
    /// own follows the file's other number columns, then `fallback`.
    pub fn finish(
        &self,
        header: &[String],
        fallback: DecimalMark,
    ) -> Result<Styles, Vec<ColumnError>> {
        let file_mark = self.file_numbers.decide(fallback);
        let mut errors = Vec::new();
        let mut date_orders = Vec::with_capacity(self.dates.len());
        for (ci, d) in self.dates.iter().enumerate() {
            match d.decide() {
                Ok(o) => date_orders.push(o),
                Err(e) => {
                    errors.push(ColumnError {
                        column: self.column_name(ci, header),
                        reason: e.0,
                    });
                    date_orders.push(None);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let decimal_marks = self.numbers.iter().map(|n| n.decide(file_mark)).collect();
        Ok(Styles {
            decimal_mark: file_mark,
            decimal_marks,
            date_orders,
        })
    }

    /// The styles the evidence so far supports, never an error: a date
    /// column no value decides yet gets no order. For reading a file in one
    /// pass on a guess from its first rows (see [`Evidence::same_reading`]).
    pub fn provisional(&self, fallback: DecimalMark) -> Styles {
        let file_mark = self.file_numbers.decide(fallback);
        Styles {
            decimal_mark: file_mark,
            decimal_marks: self.numbers.iter().map(|n| n.decide(file_mark)).collect(),
            date_orders: self
                .dates
                .iter()
                .map(|d| d.decide().ok().flatten())
                .collect(),
        }
    }

    /// Whether every value observed reads the same under styles `a` and
    /// `b`: they differ only in columns where no value depends on the style
    /// (a number of digits and signs reads the same under either mark, a
    /// date without `/` under either order).
    pub fn same_reading(&self, a: &Styles, b: &Styles) -> bool {
        (0..self.sensitive.len()).all(|ci| {
            !self.sensitive[ci]
                || (a.decimal_marks[ci] == b.decimal_marks[ci]
                    && a.date_orders[ci] == b.date_orders[ci])
        })
    }

    fn column_name(&self, ci: usize, header: &[String]) -> String {
        column_label(self.mapping, ci, header)
    }
}

fn column_label(mapping: &Mapping, ci: usize, header: &[String]) -> String {
    let c = &mapping.entity.def().columns[ci];
    match mapping.source[ci].and_then(|i| header.get(i)) {
        Some(h)
            if crate::contract::normalize_name(h) != crate::contract::normalize_name(c.name) =>
        {
            format!("{h} ({})", c.name)
        }
        Some(h) => h.clone(),
        None => c.name.to_string(),
    }
}

/// Turns records of one file into rows of its entity's stored columns.
#[derive(Debug)]
pub struct Validator<'m> {
    mapping: &'m Mapping,
    styles: Styles,
    labels: Vec<String>,
    /// Index in `mapping.source` of each stored column, in table order.
    stored: Vec<usize>,
    /// Positions in a row of the stored columns that get contract defaults.
    at: DefaultsAt,
}

/// Row positions of the columns [`Validator`] fills in when a file leaves them empty.
#[derive(Debug, Default)]
struct DefaultsAt {
    lifecycle: Option<usize>,
    direction: Option<usize>,
    ratio: Option<usize>,
    status: Option<usize>,
    qty_open: Option<usize>,
    closed_date: Option<usize>,
    received_date: Option<usize>,
    ship_date: Option<usize>,
}

impl<'m> Validator<'m> {
    pub fn new(mapping: &'m Mapping, styles: Styles, header: &[String]) -> Self {
        let def = mapping.entity.def();
        let labels = (0..def.columns.len())
            .map(|ci| column_label(mapping, ci, header))
            .collect();
        let stored: Vec<usize> = (0..def.columns.len())
            .filter(|&ci| def.columns[ci].is_stored())
            .collect();
        let pos = |name: &str| stored.iter().position(|&ci| def.columns[ci].name == name);
        let at = DefaultsAt {
            lifecycle: pos("lifecycle"),
            direction: pos("direction"),
            ratio: pos("ratio"),
            status: pos("status"),
            qty_open: pos("qty_open"),
            closed_date: pos("closed_date"),
            received_date: pos("received_date"),
            ship_date: pos("ship_date"),
        };
        Validator {
            mapping,
            styles,
            labels,
            stored,
            at,
        }
    }

    /// Names of the stored columns, in the order of a row's values.
    pub fn stored_columns(&self) -> Vec<&'static Column> {
        let def = self.mapping.entity.def();
        self.stored.iter().map(|&ci| &def.columns[ci]).collect()
    }

    /// The styles the values are read with.
    pub fn into_styles(self) -> Styles {
        self.styles
    }

    /// The file column label of a stored column, for reject messages.
    pub fn label(&self, stored_index: usize) -> &str {
        &self.labels[self.stored[stored_index]]
    }

    /// Fills `row` with the stored columns' values. Returns false (and adds
    /// to `rejects`, one per bad cell) when the record breaks the contract.
    pub fn row(&self, rec: &Record, row: &mut Vec<Value>, rejects: &mut Vec<Reject>) -> bool {
        let mut out = Rows::default();
        row.clear();
        let ok = self.row_into(rec, &mut out, rejects);
        if ok {
            row.extend(out.cells.iter().map(|&c| out.value(c)));
        }
        ok
    }

    /// [`Validator::row`] into buffers: appends the row's stored columns to
    /// `out` and returns true, or leaves `out` as it was, adds to `rejects`
    /// (one per bad cell) and returns false.
    pub fn row_into(&self, rec: &Record, out: &mut Rows, rejects: &mut Vec<Reject>) -> bool {
        let def = self.mapping.entity.def();
        let before = rejects.len();
        let mark = out.mark();
        let mut derived: [Option<Cell>; 2] = [None, None];
        for (ci, c) in def.columns.iter().enumerate() {
            let raw = self.mapping.source[ci]
                .and_then(|i| rec.get(i))
                .unwrap_or("");
            let v = match self.cell(ci, c, raw, out) {
                Ok(v) => v,
                Err(reason) => {
                    rejects.push(Reject {
                        line: rec.line,
                        column: self.labels[ci].clone(),
                        value: raw.to_string(),
                        reason,
                    });
                    Cell::Null
                }
            };
            if c.kind == Kind::Derived {
                let slot = usize::from(c.name == "deletion_indicator");
                derived[slot] = matches!(v, Cell::Text(..)).then_some(v);
            } else {
                out.cells.push(v);
            }
        }
        if rejects.len() > before {
            out.truncate(mark);
            return false;
        }
        let derived = derived.map(|d| d.and_then(|c| out.str(c)).map(str::to_string));
        self.defaults(out, mark.1, &derived);
        true
    }

    fn cell(&self, ci: usize, c: &Column, cell: &str, out: &mut Rows) -> Result<Cell, String> {
        let raw = crate::values::trim(cell);
        let v = match c.kind {
            Kind::Id => match normalize_id_str(raw) {
                Some(id) => out.push_str(id),
                None => Cell::Null,
            },
            Kind::Text | Kind::Derived => {
                // Only blanks are trimmed: text starting with a tab is stored as is (contract).
                if raw.is_empty() {
                    Cell::Null
                } else {
                    let text = match (cell.as_bytes().first(), cell.as_bytes().last()) {
                        (Some(&a), Some(&b)) if a != b' ' && b != b' ' => cell,
                        _ => cell.trim_matches(' '),
                    };
                    out.push_str(text)
                }
            }
            Kind::Number { min, max } => match parse_number(raw, self.styles.decimal_marks[ci]) {
                Ok(Some(n)) if n < min && min == 0.0 => return Err("negative quantity".into()),
                Ok(Some(n)) if n < min || n > max => {
                    return Err(format!("out of range: must be between {min} and {max}"))
                }
                Ok(Some(n)) => Cell::Real(n),
                Ok(None) => Cell::Null,
                Err(e) => return Err(e.0),
            },
            Kind::Date => match parse_date(raw, self.styles.date_orders[ci]) {
                Ok(Some(d)) => {
                    let a = out.text.len();
                    push_iso_date(&mut out.text, d, true);
                    Cell::Text(a, out.text.len())
                }
                Ok(None) => Cell::Null,
                Err(e) => return Err(e.0),
            },
            Kind::Period => match parse_period(raw, self.styles.date_orders[ci]) {
                Ok(Some(d)) => {
                    let a = out.text.len();
                    push_iso_date(&mut out.text, d, false);
                    Cell::Text(a, out.text.len())
                }
                Ok(None) => Cell::Null,
                Err(e) => return Err(e.0),
            },
            Kind::Flag => match parse_flag(raw) {
                Ok(Some(b)) => Cell::Real(if b { 1.0 } else { 0.0 }),
                // SAP writes flags as `X` or nothing: in a column the file
                // has, empty means no. A column the file lacks stays unknown.
                Ok(None) if self.mapping.source[ci].is_some() => Cell::Real(0.0),
                Ok(None) => Cell::Null,
                Err(e) => return Err(e.0),
            },
            Kind::Choice(choices) => {
                if raw.is_empty() {
                    Cell::Null
                } else {
                    match choose(choices, raw) {
                        Some(s) => out.push_str(s),
                        None => {
                            let allowed: Vec<&str> = choices.iter().map(|(s, _)| *s).collect();
                            return Err(format!("not one of {}", allowed.join(", ")));
                        }
                    }
                }
            }
        };
        if c.required && v == Cell::Null {
            return Err("missing required value".into());
        }
        Ok(v)
    }

    /// Values the contract gives when the file leaves them empty, for the
    /// row whose cells start at `start`.
    fn defaults(&self, out: &mut Rows, start: usize, derived: &[Option<String>; 2]) {
        let at = &self.at;
        let get =
            |out: &Rows, i: Option<usize>| i.map(|i| out.cells[start + i]).unwrap_or(Cell::Null);
        let set_if_null = |out: &mut Rows, i: Option<usize>, v: Result<Cell, &str>| {
            if let Some(i) = i {
                if out.cells[start + i] == Cell::Null {
                    out.cells[start + i] = match v {
                        Ok(c) => c,
                        Err(text) => out.push_str(text),
                    };
                }
            }
        };
        match self.mapping.entity {
            Entity::Parts => set_if_null(out, at.lifecycle, Err("active")),
            Entity::Substitutes => {
                set_if_null(out, at.direction, Err("one_way"));
                set_if_null(out, at.ratio, Ok(Cell::Real(1.0)));
            }
            Entity::PurchaseOrders => {
                // SAP: LOEKZ (deletion indicator) = cancelled, ELIKZ = delivery completed.
                let deleted = derived[1].as_deref().is_some_and(|s| !s.trim().is_empty());
                let completed = derived[0]
                    .as_deref()
                    .is_some_and(|s| parse_flag(s).ok().flatten().unwrap_or(true));
                let status = if deleted {
                    "cancelled"
                } else if completed {
                    "closed"
                } else {
                    "open"
                };
                set_if_null(out, at.status, Err(status));
            }
            Entity::Backorders => {
                let qty_open = match get(out, at.qty_open) {
                    Cell::Real(v) => v,
                    _ => 0.0,
                };
                let open = qty_open > 0.0 && get(out, at.closed_date) == Cell::Null;
                set_if_null(out, at.status, Err(if open { "open" } else { "closed" }));
            }
            Entity::Transfers => {
                let status = if get(out, at.received_date) != Cell::Null {
                    "received"
                } else if get(out, at.ship_date) != Cell::Null {
                    "in_transit"
                } else {
                    "planned"
                };
                set_if_null(out, at.status, Err(status));
            }
            _ => {}
        }
    }
}

/// `YYYY-MM-DD` (or `YYYY-MM`) without chrono's format parser: this runs for
/// every date cell of an import.
#[cfg(test)]
fn iso_date(d: chrono::NaiveDate, with_day: bool) -> String {
    let mut out = String::new();
    push_iso_date(&mut out, d, with_day);
    out
}

/// Appends `YYYY-MM-DD` (or `YYYY-MM`) to `out`.
fn push_iso_date(out: &mut String, d: chrono::NaiveDate, with_day: bool) {
    use chrono::Datelike;
    fn push(out: &mut String, n: u32, width: usize) {
        let mut digits = [b'0'; 4];
        let mut n = n;
        for i in (0..width).rev() {
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        out.extend(digits[..width].iter().map(|&b| b as char));
    }
    push(out, d.year().clamp(0, 9999) as u32, 4);
    out.push('-');
    push(out, d.month(), 2);
    if with_day {
        out.push('-');
        push(out, d.day(), 2);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_dates() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(super::iso_date(d, true), "2026-03-07");
        assert_eq!(super::iso_date(d, false), "2026-03");
        let d = chrono::NaiveDate::from_ymd_opt(1999, 12, 31).unwrap();
        assert_eq!(super::iso_date(d, true), d.format("%Y-%m-%d").to_string());
    }
}
