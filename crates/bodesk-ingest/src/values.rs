//! One cell to one value.
//!
//! Styles that cannot be told from one value (is `1.234` a thousand or one
//! point two?) are decided per column from evidence gathered over the whole
//! column: see [`NumberEvidence`] and [`DateEvidence`].
//!
//! Everything here runs on every cell of multi-million-row files: parsing works
//! on bytes and allocates nothing except for error messages (and the returned
//! `String` of [`normalize_id`]).

use chrono::{Datelike as _, NaiveDate};
use serde::Serialize;

/// `str::trim`, with a shortcut for the usual cell that starts and ends
/// with a visible ASCII character (no Unicode white space is ASCII above
/// the space).
#[inline]
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&b)) if (0x21..0x80).contains(&a) && (0x21..0x80).contains(&b) => s,
        _ => s.trim(),
    }
}

/// Why a cell could not be read; shown to the user as the reject reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ValueError(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalMark {
    Dot,
    Comma,
}

impl DecimalMark {
    /// The character itself: `.` or `,`.
    pub fn as_char(self) -> char {
        match self {
            DecimalMark::Dot => '.',
            DecimalMark::Comma => ',',
        }
    }
}

/// Evidence for the decimal mark of a column (or a whole file).
///
/// A value is evidence for a mark when it reads as a number under that mark
/// and not under the other one: `1,234.5`, `1,234,567`, `0.500` and `1.5` are
/// dot evidence; `1.234,5`, `12,5`, `1 234,567` and `1234,567` comma evidence.
/// `12,000`, `1.234`, `1 234` and `12` read under both marks and count for
/// nothing; non-numbers are ignored.
#[derive(Debug, Clone, Default)]
pub struct NumberEvidence {
    pub dot: u64,
    pub comma: u64,
}

impl NumberEvidence {
    pub fn observe(&mut self, s: &str) {
        let t = trim(s);
        // Without a `.` or `,` a value reads the same under both marks.
        if !t.bytes().any(|c| c == b'.' || c == b',') {
            return;
        }
        let dot = scan_number(t, DecimalMark::Dot, None).is_ok();
        let comma = scan_number(t, DecimalMark::Comma, None).is_ok();
        match (dot, comma) {
            (true, false) => self.dot += 1,
            (false, true) => self.comma += 1,
            _ => {}
        }
    }

    /// The decimal mark the evidence supports; `fallback` when it says nothing.
    pub fn decide(&self, fallback: DecimalMark) -> DecimalMark {
        use std::cmp::Ordering;
        match self.dot.cmp(&self.comma) {
            Ordering::Greater => DecimalMark::Dot,
            Ordering::Less => DecimalMark::Comma,
            Ordering::Equal => fallback,
        }
    }
}

/// `Ok(None)` for an empty cell.
///
/// Under [`DecimalMark::Dot`] the thousands separator is `,`; under
/// [`DecimalMark::Comma`] it is `.`; spaces (also U+00A0, U+202F, U+2009) and
/// `'` group thousands under both. Groups after the first have exactly three
/// digits. A sign may lead (`+12`, `-12`) or a minus trail (`12-`).
pub fn parse_number(s: &str, mark: DecimalMark) -> Result<Option<f64>, ValueError> {
    let t = trim(s);
    if t.is_empty() {
        return Ok(None);
    }
    if let Some(v) = parse_plain(t, mark) {
        return Ok(Some(v));
    }
    let mut stack = [0u8; 64];
    let mut heap = Vec::new();
    let out: &mut [u8] = if t.len() < stack.len() {
        &mut stack
    } else {
        heap.resize(t.len() + 1, 0);
        &mut heap
    };
    match scan_number(t, mark, Some(out)) {
        Ok(scan) => {
            let text = std::str::from_utf8(&out[..scan.len])
                .map_err(|_| ValueError("not a number".into()))?;
            let v: f64 = text
                .parse()
                .map_err(|_| ValueError("not a number".into()))?;
            if !v.is_finite() {
                return Err(ValueError("number too large".into()));
            }
            Ok(Some(if v == 0.0 { 0.0 } else { v }))
        }
        Err(NumFail::NotNumber) => Err(ValueError("not a number".into())),
        Err(NumFail::Mark) => Err(ValueError(format!(
            "`{}` is not a number with decimal mark '{}'",
            show(t),
            mark.as_char()
        ))),
    }
}

/// `[+-]?digits[.digits]` (the `.` only under the dot mark) straight through
/// `str::parse`, without copying.
fn parse_plain(t: &str, mark: DecimalMark) -> Option<f64> {
    let b = t.as_bytes();
    let body = match b[0] {
        b'+' | b'-' => &b[1..],
        _ => b,
    };
    let mut digits = 0usize;
    let mut dots = 0usize;
    for &c in body {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' if mark == DecimalMark::Dot && dots == 0 => dots += 1,
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    let v: f64 = t.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(if v == 0.0 { 0.0 } else { v })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumFail {
    /// Characters or signs that no number has.
    NotNumber,
    /// Number characters, but not arranged as a number under this mark.
    Mark,
}

#[derive(Debug, Clone, Copy)]
struct NumScan {
    /// Bytes written to `out`.
    len: usize,
    /// The integer part had thousands separators.
    grouped: bool,
}

/// Kind of a thousands separator; all spaces are one kind.
const SEP_SPACE: u8 = b' ';

/// Reads a trimmed, non-empty number under `mark`. With `out`, writes the
/// canonical form `-?digits[.digits]` there (`out` must hold `t.len() + 1`
/// bytes).
fn scan_number(t: &str, mark: DecimalMark, mut out: Option<&mut [u8]>) -> Result<NumScan, NumFail> {
    let b = t.as_bytes();
    let mut start = 0;
    let mut end = b.len();
    let mut neg = false;
    if let Some(&c @ (b'+' | b'-')) = b.first() {
        neg = c == b'-';
        start = 1;
    }
    if end > start && b[end - 1] == b'-' {
        if start == 1 {
            return Err(NumFail::NotNumber);
        }
        neg = true;
        end -= 1;
    }
    let body = &b[start..end];
    let (decimal, thousands) = match mark {
        DecimalMark::Dot => (b'.', b','),
        DecimalMark::Comma => (b',', b'.'),
    };

    let mut len = 0usize;
    let mut push = |c: u8| {
        if let Some(o) = out.as_deref_mut() {
            o[len] = c;
        }
        len += 1;
    };
    if neg {
        push(b'-');
    }

    let mut bad = false; // arranged wrongly for this mark
    let mut digits = 0usize;
    let mut in_int = true;
    let mut sep_kind: Option<u8> = None;
    let mut groups = 0usize; // completed groups before the current one
    let mut group_len = 0usize;
    let mut group_zero = false; // current group starts with `0`
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        let mut width = 1;
        let sep = match c {
            b'0'..=b'9' => {
                if in_int {
                    if group_len == 0 {
                        group_zero = c == b'0';
                    }
                    group_len += 1;
                }
                digits += 1;
                push(c);
                None
            }
            _ if c == decimal => {
                if in_int {
                    in_int = false;
                    if sep_kind.is_some() && group_len != 3 {
                        bad = true;
                    }
                } else {
                    bad = true;
                }
                push(b'.');
                None
            }
            _ if c == thousands => Some(c),
            b'\'' | b' ' => Some(c),
            0xC2 if body.get(i + 1) == Some(&0xA0) => {
                width = 2;
                Some(SEP_SPACE)
            }
            0xE2 if body.get(i + 1) == Some(&0x80)
                && matches!(body.get(i + 2), Some(0xAF | 0x89)) =>
            {
                width = 3;
                Some(SEP_SPACE)
            }
            _ => return Err(NumFail::NotNumber),
        };
        if let Some(kind) = sep {
            if !in_int || sep_kind.is_some_and(|k| k != kind) {
                bad = true;
            }
            sep_kind = Some(kind);
            let ok = if groups == 0 {
                (1..=3).contains(&group_len) && !group_zero
            } else {
                group_len == 3
            };
            if !ok {
                bad = true;
            }
            groups += 1;
            group_len = 0;
        }
        i += width;
    }
    if in_int && sep_kind.is_some() && group_len != 3 {
        bad = true;
    }
    if digits == 0 {
        return Err(NumFail::NotNumber);
    }
    if bad {
        return Err(NumFail::Mark);
    }
    Ok(NumScan {
        len,
        grouped: sep_kind.is_some(),
    })
}

/// Order of the two leading parts of `03/04/2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    MonthFirst,
    DayFirst,
}

/// Evidence for the order of slash dates (`a/b/yyyy`) in a column.
///
/// A slash date that is a real date in one order only decides (`25/03/2026`
/// is day-first, `03/25/2026` month-first); one that is a real date in both
/// orders with `a != b` is ambiguous; `05/05/2026` reads the same either way.
#[derive(Debug, Clone, Default)]
pub struct DateEvidence {
    pub slash_dates: u64,
    pub month_first: u64,
    pub day_first: u64,
    /// Slash dates that are real dates in both orders, with different days.
    pub ambiguous: u64,
    /// The first ambiguous value seen, for the error message.
    pub ambiguous_example: Option<String>,
}

impl DateEvidence {
    pub fn observe(&mut self, s: &str) {
        let t = trim(s);
        if t.len() > 40 || !t.bytes().any(|c| c == b'/') {
            return;
        }
        let Ok(raw) = date_shape(t.as_bytes()) else {
            return;
        };
        if raw.style != Style::Slash || raw.is_null() || !year_ok(raw.y) {
            return;
        }
        let mf = ymd(raw.y, raw.p, raw.q);
        let df = ymd(raw.y, raw.q, raw.p);
        match (mf, df) {
            (None, None) => return,
            (Some(_), None) => self.month_first += 1,
            (None, Some(_)) => self.day_first += 1,
            (Some(a), Some(b)) => {
                if a != b {
                    self.ambiguous += 1;
                    if self.ambiguous_example.is_none() {
                        self.ambiguous_example = Some(t.to_string());
                    }
                }
            }
        }
        self.slash_dates += 1;
    }

    /// `Ok(None)`: the column has no slash dates. `Err`: slash dates whose
    /// order no value decides, or values that contradict each other.
    pub fn decide(&self) -> Result<Option<DateOrder>, ValueError> {
        if self.slash_dates == 0 {
            return Ok(None);
        }
        match (self.day_first > 0, self.month_first > 0) {
            (true, true) => Err(ValueError(format!(
                "dates contradict each other: some are day-first, some month-first \
                 ({} day-first, {} month-first)",
                self.day_first, self.month_first
            ))),
            (true, false) => Ok(Some(DateOrder::DayFirst)),
            (false, true) => Ok(Some(DateOrder::MonthFirst)),
            (false, false) if self.ambiguous > 0 => Err(ValueError(format!(
                "ambiguous dates like {}: could be day-first or month-first",
                self.ambiguous_example.as_deref().unwrap_or("03/04/2026")
            ))),
            // Every slash date reads the same in both orders.
            (false, false) => Ok(Some(DateOrder::MonthFirst)),
        }
    }
}

/// `Ok(None)` for an empty cell and the ERP null dates `00000000`,
/// `0000-00-00`, `00.00.0000`.
///
/// Understands `YYYY-MM-DD`, `YYYYMMDD`, `D.M.YYYY`, `a/b/YYYY` (order from
/// `order`; without one only when the value itself is unambiguous),
/// `DD-MON-YYYY` (English and German month abbreviations), ISO timestamps
/// (`T` or space, fractional seconds, `Z` or offset: the date as written), and
/// also `YYYY/MM/DD`, `YYYY.MM.DD` and a ` hh:mm[:ss]` time after the
/// non-ISO forms. Years 1900..=2999.
pub fn parse_date(s: &str, order: Option<DateOrder>) -> Result<Option<NaiveDate>, ValueError> {
    let t = trim(s);
    if t.is_empty() {
        return Ok(None);
    }
    match date_shape(t.as_bytes()) {
        Ok(raw) => resolve_date(raw, order, t),
        Err(e) => Err(e.error(t, "not a date")),
    }
}

/// A month, returned as its first day.
///
/// `YYYY-MM`, `YYYYMM`, `MM/YYYY` (also `M/YYYY`, `MM.YYYY`), or any date
/// [`parse_date`] reads. `000000`, `0000-00`, `00/0000` and the null dates
/// are `Ok(None)`.
pub fn parse_period(s: &str, order: Option<DateOrder>) -> Result<Option<NaiveDate>, ValueError> {
    let t = trim(s);
    if t.is_empty() {
        return Ok(None);
    }
    let b = t.as_bytes();
    let n = b.len();
    let ym = if n == 6 && b.iter().all(u8::is_ascii_digit) {
        Some((num(&b[..4]), num(&b[4..])))
    } else if n == 7 && b[4] == b'-' {
        Some((num(&b[..4]), num(&b[5..])))
    } else if (6..=7).contains(&n) && matches!(b[n - 5], b'/' | b'.') {
        Some((num(&b[n - 4..]), num(&b[..n - 5])))
    } else {
        None
    };
    if let Some((y, m)) = ym {
        let (Some(y), Some(m)) = (y, m) else {
            return Err(ValueError("not a period".into()));
        };
        if y == 0 && m == 0 {
            return Ok(None);
        }
        if !year_ok(y) {
            return Err(year_error(y));
        }
        return match ymd(y, m, 1) {
            Some(d) => Ok(Some(d)),
            None => Err(ValueError(format!("`{}`: there is no month {m}", show(t)))),
        };
    }
    match date_shape(b) {
        Ok(raw) => Ok(resolve_date(raw, order, t)?.and_then(|d| d.with_day(1))),
        Err(e) => Err(e.error(t, "not a period")),
    }
}

/// Trimmed; numeric ids lose leading zeros and Excel's `.0`. `None` when empty.
///
/// Only ids of ASCII digits (optionally followed by `.` and zeros) count as
/// numeric; `-12`, `12.5`, `A-0012` are kept as written.
pub fn normalize_id(s: &str) -> Option<String> {
    normalize_id_str(s).map(str::to_string)
}

/// [`normalize_id`] without the copy: the id is a part of `s` (or `"0"`).
pub fn normalize_id_str(s: &str) -> Option<&str> {
    let t = trim(s);
    if t.is_empty() {
        return None;
    }
    let b = t.as_bytes();
    let int_end = match b.iter().position(|&c| !c.is_ascii_digit()) {
        None => b.len(),
        Some(p)
            if p > 0
                && b[p] == b'.'
                && b.len() > p + 1
                && b[p + 1..].iter().all(|&c| c == b'0') =>
        {
            p
        }
        Some(_) => return Some(t),
    };
    let digits = &t[..int_end];
    let trimmed = digits.trim_start_matches('0');
    Some(if trimmed.is_empty() { "0" } else { trimmed })
}

/// `true/false`, `X`/empty, `yes/no`, `1/0`, `ja/nein`.
///
/// True: `X` `true` `yes` `y` `1` `ja` `j` `wahr`; false: `false` `no` `n` `0`
/// `nein` `falsch` `-` (any case). Empty is `Ok(None)`: for an `X` column the
/// caller decides that empty means false.
pub fn parse_flag(s: &str) -> Result<Option<bool>, ValueError> {
    const TRUE: &[&str] = &["x", "true", "yes", "y", "1", "ja", "j", "wahr"];
    const FALSE: &[&str] = &["false", "no", "n", "0", "nein", "falsch", "-"];
    let t = trim(s);
    if t.is_empty() {
        return Ok(None);
    }
    if TRUE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Ok(Some(true))
    } else if FALSE.iter().any(|w| t.eq_ignore_ascii_case(w)) {
        Ok(Some(false))
    } else {
        Err(ValueError("not a yes/no value".into()))
    }
}

/// What a column holds, for `bodesk sniff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ColumnKind {
    Empty,
    Integer,
    Decimal {
        decimal_mark: DecimalMark,
        thousands: bool,
    },
    Date {
        style: String,
    },
    Text,
}

/// Gathers the values of one column and says what they are.
///
/// Feed it every value of the column (empty ones are skipped), then
/// [`finish`](Self::finish). Dates win over integers (`20261105`), integers
/// over decimals, decimals over text.
#[derive(Debug, Clone, Default)]
pub struct ColumnProfiler {
    pub numbers: NumberEvidence,
    pub dates: DateEvidence,
    /// Non-empty values observed.
    pub values: u64,
    not_integer: bool,
    not_dot_number: bool,
    not_comma_number: bool,
    grouped_dot: bool,
    grouped_comma: bool,
    not_date: bool,
    /// Bit `style as u32`, plus `TIME_BIT` shifted for a time after the date.
    date_styles: u32,
}

const TIME_SHIFT: u32 = 16;

impl ColumnProfiler {
    pub fn observe(&mut self, s: &str) {
        let t = s.trim();
        if t.is_empty() {
            return;
        }
        self.values += 1;
        if !self.not_integer && !is_integer(t) {
            self.not_integer = true;
        }
        // The evidence is public (callers may pool it over a file): feed it
        // every value, whatever the column turns out to be.
        self.numbers.observe(t);
        self.dates.observe(t);
        if !self.not_dot_number || !self.not_comma_number {
            match scan_number(t, DecimalMark::Dot, None) {
                Ok(scan) => self.grouped_dot |= scan.grouped,
                Err(_) => self.not_dot_number = true,
            }
            match scan_number(t, DecimalMark::Comma, None) {
                Ok(scan) => self.grouped_comma |= scan.grouped,
                Err(_) => self.not_comma_number = true,
            }
        }
        if !self.not_date {
            match date_style(t) {
                Some((style, time)) => {
                    let bit = 1u32 << style as u32;
                    self.date_styles |= if time { bit << TIME_SHIFT } else { bit };
                }
                None => self.not_date = true,
            }
        }
    }

    pub fn finish(&self, fallback: DecimalMark) -> ColumnKind {
        if self.values == 0 {
            return ColumnKind::Empty;
        }
        if !self.not_date && self.date_styles != 0 {
            return ColumnKind::Date {
                style: self.date_style_name(),
            };
        }
        if !self.not_integer {
            return ColumnKind::Integer;
        }
        let decimal_mark = self.numbers.decide(fallback);
        let (ok, thousands) = match decimal_mark {
            DecimalMark::Dot => (!self.not_dot_number, self.grouped_dot),
            DecimalMark::Comma => (!self.not_comma_number, self.grouped_comma),
        };
        if ok {
            ColumnKind::Decimal {
                decimal_mark,
                thousands,
            }
        } else {
            ColumnKind::Text
        }
    }

    fn date_style_name(&self) -> String {
        let slash = match self.dates.decide() {
            Ok(Some(DateOrder::DayFirst)) => "DD/MM/YYYY",
            Ok(_) => "MM/DD/YYYY",
            Err(_) if self.dates.day_first > 0 && self.dates.month_first > 0 => {
                "DD/MM/YYYY and MM/DD/YYYY (contradictory)"
            }
            Err(_) => "DD/MM/YYYY or MM/DD/YYYY (ambiguous)",
        };
        let mut names: Vec<String> = Vec::new();
        for style in Style::ALL {
            for time in [false, true] {
                let bit = 1u32 << style as u32;
                let bit = if time { bit << TIME_SHIFT } else { bit };
                if self.date_styles & bit == 0 {
                    continue;
                }
                let base = match style {
                    Style::Slash => slash,
                    other => other.name(),
                };
                names.push(if time {
                    format!("{base} hh:mm")
                } else {
                    base.to_string()
                });
            }
        }
        names.join(" | ")
    }
}

/// `[+-]?digits` or `digits-`.
fn is_integer(t: &str) -> bool {
    let b = t.as_bytes();
    let b = match b {
        [b'+' | b'-', rest @ ..] => rest,
        [rest @ .., b'-'] => rest,
        _ => b,
    };
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

/// The style of a value that is a date (or an ERP null date) in some reading.
fn date_style(t: &str) -> Option<(Style, bool)> {
    let raw = date_shape(t.as_bytes()).ok()?;
    if raw.is_null() {
        return Some((raw.style, raw.time));
    }
    if !year_ok(raw.y) {
        return None;
    }
    let real = ymd(raw.y, raw.p, raw.q).is_some()
        || (raw.style == Style::Slash && ymd(raw.y, raw.q, raw.p).is_some());
    real.then_some((raw.style, raw.time))
}

// ---------------------------------------------------------------------------
// Dates by bytes.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    IsoDate,
    Timestamp,
    Compact,
    Dotted,
    Slash,
    MonName,
    YmdSlash,
    YmdDot,
}

impl Style {
    const ALL: [Style; 8] = [
        Style::IsoDate,
        Style::Timestamp,
        Style::Compact,
        Style::Dotted,
        Style::Slash,
        Style::MonName,
        Style::YmdSlash,
        Style::YmdDot,
    ];

    fn name(self) -> &'static str {
        match self {
            Style::IsoDate => "YYYY-MM-DD",
            Style::Timestamp => "ISO timestamp",
            Style::Compact => "YYYYMMDD",
            Style::Dotted => "DD.MM.YYYY",
            Style::Slash => "MM/DD/YYYY",
            Style::MonName => "DD-MON-YYYY",
            Style::YmdSlash => "YYYY/MM/DD",
            Style::YmdDot => "YYYY.MM.DD",
        }
    }
}

/// A date as written, not yet checked against the calendar.
#[derive(Debug, Clone, Copy)]
struct RawDate {
    style: Style,
    y: u32,
    /// Month, except for [`Style::Slash`]: the first part as written.
    p: u32,
    /// Day, except for [`Style::Slash`]: the second part as written.
    q: u32,
    /// A time follows the date (not for [`Style::Timestamp`], which always has one).
    time: bool,
}

impl RawDate {
    fn is_null(&self) -> bool {
        self.y == 0 && self.p == 0 && self.q == 0 && self.style != Style::MonName
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ShapeErr {
    NotDate,
    BadTime,
    BadMonth,
}

impl ShapeErr {
    fn error(self, t: &str, not_date: &str) -> ValueError {
        ValueError(match self {
            ShapeErr::NotDate => not_date.to_string(),
            ShapeErr::BadTime => format!("`{}` has an invalid time", show(t)),
            ShapeErr::BadMonth => format!("`{}` has an unknown month name", show(t)),
        })
    }
}

/// The value of 1..=4 ASCII digits.
fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 {
        return None;
    }
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Number of ASCII digits at `b[from..]`, at most `max`.
fn digits_at(b: &[u8], from: usize, max: usize) -> usize {
    b.get(from..)
        .unwrap_or(&[])
        .iter()
        .take(max)
        .take_while(|c| c.is_ascii_digit())
        .count()
}

fn date_shape(b: &[u8]) -> Result<RawDate, ShapeErr> {
    use ShapeErr::NotDate;
    let n = b.len();
    if n == 8 && b.iter().all(u8::is_ascii_digit) {
        return Ok(RawDate {
            style: Style::Compact,
            y: num(&b[..4]).ok_or(NotDate)?,
            p: num(&b[4..6]).ok_or(NotDate)?,
            q: num(&b[6..8]).ok_or(NotDate)?,
            time: false,
        });
    }
    if n >= 10 && digits_at(b, 0, 4) == 4 {
        // YYYY-MM-DD[Thh:mm...], YYYY/MM/DD, YYYY.MM.DD
        let sep = b[4];
        if !matches!(sep, b'-' | b'/' | b'.') || b[7] != sep {
            return Err(NotDate);
        }
        let y = num(&b[..4]).ok_or(NotDate)?;
        let p = num(&b[5..7]).ok_or(NotDate)?;
        let q = num(&b[8..10]).ok_or(NotDate)?;
        let mut style = match sep {
            b'-' => Style::IsoDate,
            b'/' => Style::YmdSlash,
            _ => Style::YmdDot,
        };
        let mut time = false;
        if n > 10 {
            let iso_t = sep == b'-' && matches!(b[10], b'T' | b't');
            if !(iso_t || b[10] == b' ') {
                return Err(NotDate);
            }
            if !time_ok(&b[11..]) {
                return Err(ShapeErr::BadTime);
            }
            if sep == b'-' {
                style = Style::Timestamp;
            } else {
                time = true;
            }
        }
        return Ok(RawDate {
            style,
            y,
            p,
            q,
            time,
        });
    }
    // D.M.YYYY, a/b/YYYY, DD-MON-YYYY, each with an optional ` hh:mm`.
    let i = digits_at(b, 0, 3);
    if !(1..=2).contains(&i) {
        return Err(NotDate);
    }
    let first = num(&b[..i]).ok_or(NotDate)?;
    let sep = *b.get(i).ok_or(NotDate)?;
    let (style, y_at, p, q) = match sep {
        b'.' | b'/' => {
            let j = digits_at(b, i + 1, 3);
            if !(1..=2).contains(&j) || b.get(i + 1 + j) != Some(&sep) {
                return Err(NotDate);
            }
            let second = num(&b[i + 1..i + 1 + j]).ok_or(NotDate)?;
            if sep == b'.' {
                (Style::Dotted, i + 2 + j, second, first)
            } else {
                (Style::Slash, i + 2 + j, first, second)
            }
        }
        b'-' => {
            let rest = &b[i + 1..];
            let dash = rest
                .iter()
                .take(5)
                .position(|&c| c == b'-')
                .ok_or(NotDate)?;
            let name = &rest[..dash];
            if !(3..=4).contains(&name.len()) || !name.iter().all(|c| !c.is_ascii_digit()) {
                return Err(NotDate);
            }
            let m = month_number(name).ok_or(ShapeErr::BadMonth)?;
            (Style::MonName, i + 2 + dash, m, first)
        }
        _ => return Err(NotDate),
    };
    if digits_at(b, y_at, 5) != 4 {
        return Err(NotDate);
    }
    let y = num(&b[y_at..y_at + 4]).ok_or(NotDate)?;
    let after = &b[y_at + 4..];
    let time = match after.split_first() {
        None => false,
        Some((b' ', t)) if time_ok(t) => true,
        Some((b' ', _)) => return Err(ShapeErr::BadTime),
        Some(_) => return Err(NotDate),
    };
    Ok(RawDate {
        style,
        y,
        p,
        q,
        time,
    })
}

/// English and German month abbreviations, any case.
fn month_number(name: &[u8]) -> Option<u32> {
    if name.len() == 4 {
        // MÄR / mär in UTF-8.
        let [m, 0xC3, 0x84 | 0xA4, r] = *name else {
            return None;
        };
        return (m.eq_ignore_ascii_case(&b'M') && r.eq_ignore_ascii_case(&b'R')).then_some(3);
    }
    let [a, b, c] = *name else {
        return None;
    };
    let key = [
        a.to_ascii_uppercase(),
        b.to_ascii_uppercase(),
        c.to_ascii_uppercase(),
    ];
    Some(match &key {
        b"JAN" => 1,
        b"FEB" => 2,
        b"MAR" | b"MRZ" => 3,
        b"APR" => 4,
        b"MAY" | b"MAI" => 5,
        b"JUN" => 6,
        b"JUL" => 7,
        b"AUG" => 8,
        b"SEP" => 9,
        b"OCT" | b"OKT" => 10,
        b"NOV" => 11,
        b"DEC" | b"DEZ" => 12,
        _ => return None,
    })
}

/// `h:mm`, `hh:mm[:ss[.fff]]`, then optionally `Z`, an offset `+hh`,
/// `+hhmm`, `+hh:mm`, or `AM`/`PM` (a space may come first).
fn time_ok(t: &[u8]) -> bool {
    let h_len = digits_at(t, 0, 3);
    if !(1..=2).contains(&h_len) || t.get(h_len) != Some(&b':') {
        return false;
    }
    let Some(h) = num(&t[..h_len]) else {
        return false;
    };
    let mut i = h_len + 1;
    if digits_at(t, i, 3) != 2 {
        return false;
    }
    let m = num(&t[i..i + 2]).unwrap_or(99);
    i += 2;
    let mut sec = 0;
    if t.get(i) == Some(&b':') {
        if digits_at(t, i + 1, 3) != 2 {
            return false;
        }
        sec = num(&t[i + 1..i + 3]).unwrap_or(99);
        i += 3;
        if matches!(t.get(i), Some(b'.' | b',')) {
            let k = digits_at(t, i + 1, usize::MAX);
            if k == 0 {
                return false;
            }
            i += 1 + k;
        }
    }
    let mut rest = &t[i..];
    if let [b' ', more @ ..] = rest {
        if more.is_empty() {
            return false;
        }
        rest = more;
    }
    let mut twelve = false;
    match rest {
        [] | [b'Z' | b'z'] => {}
        _ if rest.eq_ignore_ascii_case(b"AM") || rest.eq_ignore_ascii_case(b"PM") => twelve = true,
        [b'+' | b'-', zone @ ..] => {
            let (zh, zm) = match zone {
                [a, b] => (num(&[*a, *b]), Some(0)),
                [a, b, c, d] => (num(&[*a, *b]), num(&[*c, *d])),
                [a, b, b':', c, d] => (num(&[*a, *b]), num(&[*c, *d])),
                _ => return false,
            };
            match (zh, zm) {
                (Some(zh), Some(zm)) if zh <= 23 && zm <= 59 => {}
                _ => return false,
            }
        }
        _ => return false,
    }
    let h_ok = if twelve {
        (1..=12).contains(&h)
    } else {
        h <= 23
    };
    h_ok && m <= 59 && sec <= 60
}

fn year_ok(y: u32) -> bool {
    (1900..=2999).contains(&y)
}

fn year_error(y: u32) -> ValueError {
    ValueError(format!("year {y:04} is outside 1900-2999"))
}

fn ymd(y: u32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn resolve_date(
    raw: RawDate,
    order: Option<DateOrder>,
    t: &str,
) -> Result<Option<NaiveDate>, ValueError> {
    if raw.is_null() {
        return Ok(None);
    }
    if !year_ok(raw.y) {
        return Err(year_error(raw.y));
    }
    let (y, p, q) = (raw.y, raw.p, raw.q);
    let no_such = || ValueError(format!("`{}` is not a calendar date", show(t)));
    if raw.style != Style::Slash {
        return ymd(y, p, q).map(Some).ok_or_else(no_such);
    }
    match order {
        Some(DateOrder::MonthFirst) => ymd(y, p, q)
            .map(Some)
            .ok_or_else(|| ValueError(format!("`{}` is not a valid MM/DD/YYYY date", show(t)))),
        Some(DateOrder::DayFirst) => ymd(y, q, p)
            .map(Some)
            .ok_or_else(|| ValueError(format!("`{}` is not a valid DD/MM/YYYY date", show(t)))),
        None => match (ymd(y, p, q), ymd(y, q, p)) {
            (Some(a), Some(b)) if a != b => Err(ValueError(format!(
                "ambiguous date `{}`: could be day-first or month-first",
                show(t)
            ))),
            (Some(a), _) | (None, Some(a)) => Ok(Some(a)),
            (None, None) => Err(no_such()),
        },
    }
}

/// A value for an error message, cut to a readable length.
fn show(s: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        None => s.into(),
        Some((cut, _)) => format!("{}…", &s[..cut]).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};
    use std::fmt::Write as _;

    /// One line `input => output` per input.
    fn table<T: std::fmt::Display>(inputs: &[&str], f: impl Fn(&str) -> T) -> String {
        let mut out = String::new();
        for input in inputs {
            writeln!(out, "{:<24} => {}", format!("{input:?}"), f(input)).unwrap();
        }
        out
    }

    fn check<T: std::fmt::Display>(inputs: &[&str], f: impl Fn(&str) -> T, expect: Expect) {
        expect.assert_eq(&table(inputs, f));
    }

    fn show_result<T: std::fmt::Display>(r: Result<Option<T>, ValueError>) -> String {
        match r {
            Ok(Some(v)) => v.to_string(),
            Ok(None) => "null".into(),
            Err(e) => format!("error: {e}"),
        }
    }

    const NUMBERS: &[&str] = &[
        "",
        "   ",
        "12",
        "1234.5",
        " 1234.5 ",
        "1,234.5",
        "1.234,5",
        "1 234,5",
        "1\u{a0}234,5",
        "1\u{202f}234\u{202f}567,25",
        "1\u{2009}234.5",
        "1'234.50",
        "1.234.567,89",
        "1,234,567.89",
        "12,000",
        "1.234",
        "12,5",
        "0,5",
        "0.500",
        ",5",
        ".5",
        "5.",
        "5,",
        "12-",
        "1.234,5-",
        "+12",
        "+1,5",
        "-0,25",
        "-0",
        "0-",
        "007",
        "1234,567",
        "1,23,4",
        "1.2.3",
        "1,2345",
        "12 34",
        "1 234.567,8",
        "1,234 567",
        "1.234,5,6",
        "-12-",
        "+-1",
        "1-2",
        "--1",
        "-",
        ".",
        ",",
        "+",
        "abc",
        "12 kg",
        "€12",
        "1e5",
        "inf",
        "NaN",
        "(12)",
        "12 -",
    ];

    #[test]
    fn numbers_under_dot() {
        check(
            NUMBERS,
            |s| show_result(parse_number(s, DecimalMark::Dot)),
            expect![[r#"
                ""                       => null
                "   "                    => null
                "12"                     => 12
                "1234.5"                 => 1234.5
                " 1234.5 "               => 1234.5
                "1,234.5"                => 1234.5
                "1.234,5"                => error: `1.234,5` is not a number with decimal mark '.'
                "1 234,5"                => error: `1 234,5` is not a number with decimal mark '.'
                "1\u{a0}234,5"           => error: `1 234,5` is not a number with decimal mark '.'
                "1\u{202f}234\u{202f}567,25" => error: `1 234 567,25` is not a number with decimal mark '.'
                "1\u{2009}234.5"         => 1234.5
                "1'234.50"               => 1234.5
                "1.234.567,89"           => error: `1.234.567,89` is not a number with decimal mark '.'
                "1,234,567.89"           => 1234567.89
                "12,000"                 => 12000
                "1.234"                  => 1.234
                "12,5"                   => error: `12,5` is not a number with decimal mark '.'
                "0,5"                    => error: `0,5` is not a number with decimal mark '.'
                "0.500"                  => 0.5
                ",5"                     => error: `,5` is not a number with decimal mark '.'
                ".5"                     => 0.5
                "5."                     => 5
                "5,"                     => error: `5,` is not a number with decimal mark '.'
                "12-"                    => -12
                "1.234,5-"               => error: `1.234,5-` is not a number with decimal mark '.'
                "+12"                    => 12
                "+1,5"                   => error: `+1,5` is not a number with decimal mark '.'
                "-0,25"                  => error: `-0,25` is not a number with decimal mark '.'
                "-0"                     => 0
                "0-"                     => 0
                "007"                    => 7
                "1234,567"               => error: `1234,567` is not a number with decimal mark '.'
                "1,23,4"                 => error: `1,23,4` is not a number with decimal mark '.'
                "1.2.3"                  => error: `1.2.3` is not a number with decimal mark '.'
                "1,2345"                 => error: `1,2345` is not a number with decimal mark '.'
                "12 34"                  => error: `12 34` is not a number with decimal mark '.'
                "1 234.567,8"            => error: `1 234.567,8` is not a number with decimal mark '.'
                "1,234 567"              => error: `1,234 567` is not a number with decimal mark '.'
                "1.234,5,6"              => error: `1.234,5,6` is not a number with decimal mark '.'
                "-12-"                   => error: not a number
                "+-1"                    => error: not a number
                "1-2"                    => error: not a number
                "--1"                    => error: not a number
                "-"                      => error: not a number
                "."                      => error: not a number
                ","                      => error: not a number
                "+"                      => error: not a number
                "abc"                    => error: not a number
                "12 kg"                  => error: not a number
                "€12"                    => error: not a number
                "1e5"                    => error: not a number
                "inf"                    => error: not a number
                "NaN"                    => error: not a number
                "(12)"                   => error: not a number
                "12 -"                   => error: `12 -` is not a number with decimal mark '.'
            "#]],
        );
    }

    #[test]
    fn numbers_under_comma() {
        check(
            NUMBERS,
            |s| show_result(parse_number(s, DecimalMark::Comma)),
            expect![[r#"
                ""                       => null
                "   "                    => null
                "12"                     => 12
                "1234.5"                 => error: `1234.5` is not a number with decimal mark ','
                " 1234.5 "               => error: `1234.5` is not a number with decimal mark ','
                "1,234.5"                => error: `1,234.5` is not a number with decimal mark ','
                "1.234,5"                => 1234.5
                "1 234,5"                => 1234.5
                "1\u{a0}234,5"           => 1234.5
                "1\u{202f}234\u{202f}567,25" => 1234567.25
                "1\u{2009}234.5"         => error: `1 234.5` is not a number with decimal mark ','
                "1'234.50"               => error: `1'234.50` is not a number with decimal mark ','
                "1.234.567,89"           => 1234567.89
                "1,234,567.89"           => error: `1,234,567.89` is not a number with decimal mark ','
                "12,000"                 => 12
                "1.234"                  => 1234
                "12,5"                   => 12.5
                "0,5"                    => 0.5
                "0.500"                  => error: `0.500` is not a number with decimal mark ','
                ",5"                     => 0.5
                ".5"                     => error: `.5` is not a number with decimal mark ','
                "5."                     => error: `5.` is not a number with decimal mark ','
                "5,"                     => 5
                "12-"                    => -12
                "1.234,5-"               => -1234.5
                "+12"                    => 12
                "+1,5"                   => 1.5
                "-0,25"                  => -0.25
                "-0"                     => 0
                "0-"                     => 0
                "007"                    => 7
                "1234,567"               => 1234.567
                "1,23,4"                 => error: `1,23,4` is not a number with decimal mark ','
                "1.2.3"                  => error: `1.2.3` is not a number with decimal mark ','
                "1,2345"                 => 1.2345
                "12 34"                  => error: `12 34` is not a number with decimal mark ','
                "1 234.567,8"            => error: `1 234.567,8` is not a number with decimal mark ','
                "1,234 567"              => error: `1,234 567` is not a number with decimal mark ','
                "1.234,5,6"              => error: `1.234,5,6` is not a number with decimal mark ','
                "-12-"                   => error: not a number
                "+-1"                    => error: not a number
                "1-2"                    => error: not a number
                "--1"                    => error: not a number
                "-"                      => error: not a number
                "."                      => error: not a number
                ","                      => error: not a number
                "+"                      => error: not a number
                "abc"                    => error: not a number
                "12 kg"                  => error: not a number
                "€12"                    => error: not a number
                "1e5"                    => error: not a number
                "inf"                    => error: not a number
                "NaN"                    => error: not a number
                "(12)"                   => error: not a number
                "12 -"                   => error: `12 -` is not a number with decimal mark ','
            "#]],
        );
    }

    #[test]
    fn number_evidence_per_value() {
        check(
            NUMBERS,
            |s| {
                let mut e = NumberEvidence::default();
                e.observe(s);
                match (e.dot, e.comma) {
                    (0, 0) => "-".to_string(),
                    (1, 0) => "dot".to_string(),
                    (0, 1) => "comma".to_string(),
                    other => format!("{other:?}"),
                }
            },
            expect![[r#"
                ""                       => -
                "   "                    => -
                "12"                     => -
                "1234.5"                 => dot
                " 1234.5 "               => dot
                "1,234.5"                => dot
                "1.234,5"                => comma
                "1 234,5"                => comma
                "1\u{a0}234,5"           => comma
                "1\u{202f}234\u{202f}567,25" => comma
                "1\u{2009}234.5"         => dot
                "1'234.50"               => dot
                "1.234.567,89"           => comma
                "1,234,567.89"           => dot
                "12,000"                 => -
                "1.234"                  => -
                "12,5"                   => comma
                "0,5"                    => comma
                "0.500"                  => dot
                ",5"                     => comma
                ".5"                     => dot
                "5."                     => dot
                "5,"                     => comma
                "12-"                    => -
                "1.234,5-"               => comma
                "+12"                    => -
                "+1,5"                   => comma
                "-0,25"                  => comma
                "-0"                     => -
                "0-"                     => -
                "007"                    => -
                "1234,567"               => comma
                "1,23,4"                 => -
                "1.2.3"                  => -
                "1,2345"                 => comma
                "12 34"                  => -
                "1 234.567,8"            => -
                "1,234 567"              => -
                "1.234,5,6"              => -
                "-12-"                   => -
                "+-1"                    => -
                "1-2"                    => -
                "--1"                    => -
                "-"                      => -
                "."                      => -
                ","                      => -
                "+"                      => -
                "abc"                    => -
                "12 kg"                  => -
                "€12"                    => -
                "1e5"                    => -
                "inf"                    => -
                "NaN"                    => -
                "(12)"                   => -
                "12 -"                   => -
            "#]],
        );
    }

    #[test]
    fn number_evidence_decides_by_majority() {
        let columns: &[&str] = &[
            "",
            "12,000|1.234|12",
            "12,000|1,5",
            "12,000|1.5",
            "1,5|2,5|3.5",
            "1.5|2.5|3,5",
            "1,5|2.5",
            "abc|1.2.3",
        ];
        let f = |col: &str| {
            let mut e = NumberEvidence::default();
            col.split('|').for_each(|v| e.observe(v));
            format!(
                "dot {} comma {} -> {:?} / {:?}",
                e.dot,
                e.comma,
                e.decide(DecimalMark::Dot),
                e.decide(DecimalMark::Comma)
            )
        };
        check(
            columns,
            f,
            expect![[r#"
                ""                       => dot 0 comma 0 -> Dot / Comma
                "12,000|1.234|12"        => dot 0 comma 0 -> Dot / Comma
                "12,000|1,5"             => dot 0 comma 1 -> Comma / Comma
                "12,000|1.5"             => dot 1 comma 0 -> Dot / Dot
                "1,5|2,5|3.5"            => dot 1 comma 2 -> Comma / Comma
                "1.5|2.5|3,5"            => dot 2 comma 1 -> Dot / Dot
                "1,5|2.5"                => dot 1 comma 1 -> Dot / Comma
                "abc|1.2.3"              => dot 0 comma 0 -> Dot / Comma
            "#]],
        );
    }

    #[test]
    fn long_numbers_do_not_overflow_the_stack_buffer() {
        let long = format!("{}.5", "1".repeat(100));
        let v = parse_number(&long, DecimalMark::Dot).unwrap().unwrap();
        assert!((v / 1.111e99 - 1.0).abs() < 1e-3, "{v}");
        let grouped = format!("1{}", ".000".repeat(30)) + ",5";
        let v = parse_number(&grouped, DecimalMark::Comma).unwrap().unwrap();
        assert_eq!(v, 1e90);
        let huge = format!("{}-", "9".repeat(400));
        assert_eq!(
            parse_number(&huge, DecimalMark::Dot),
            Err(ValueError("number too large".into()))
        );
        let garbage = "1,2".repeat(100);
        assert_eq!(
            parse_number(&garbage, DecimalMark::Dot).unwrap_err().0,
            "`1,21,21,21,21,21,21,21,21,21,21,21,21,21…` is not a number with decimal mark '.'"
        );
    }

    const DATES: &[&str] = &[
        "",
        "2026-11-05",
        "20261105",
        "05.11.2026",
        "5.11.2026",
        "5.1.2026",
        "25/03/2026",
        "03/25/2026",
        "03/04/2026",
        "04/04/2026",
        "3/4/2026",
        "05-NOV-2026",
        "5-nov-2026",
        "05-Nov-2026",
        "05-MRZ-2026",
        "05-MÄR-2026",
        "05-mär-2026",
        "05-MAI-2026",
        "05-OKT-2026",
        "05-DEZ-2026",
        "05-XYZ-2026",
        "05-NOVEMBER-2026",
        "05-NOV-26",
        "2026-11-05T14:30:00Z",
        "2026-11-05T23:30:00-05:00",
        "2026-11-05T00:30:00+0200",
        "2026-11-05T00:30+02",
        "2026-11-05 14:30:00",
        "2026-11-05 14:30:00.123456",
        "2026-11-05T14:30",
        "2026-11-05t14:30:00.5 +01:00",
        "2026-11-05T14:30:00+01:0",
        "2026-11-05T14:30:",
        "2026-11-05T24:00:00",
        "2026-11-05T14:60",
        "2026-11-05T14:30:00+25:00",
        "2026-11-05X14:30",
        "2026-11-05 ",
        "05.11.2026 14:30:00",
        "11/5/2026 2:30 PM",
        "11/5/2026 13:30 PM",
        "05-NOV-2026 14:30:00",
        "2026/11/05",
        "2026.11.05",
        "00000000",
        "0000-00-00",
        "00.00.0000",
        "0.0.0000",
        "00/00/0000",
        "0000-00-00 00:00:00",
        "29.02.2024",
        "29.02.2026",
        "20240229",
        "20260229",
        "2000-02-29",
        "1900-02-29",
        "31.02.2026",
        "2026-13-01",
        "2026-04-31",
        "00.11.2026",
        "31/31/2026",
        "1899-12-31",
        "1900-01-01",
        "2999-12-31",
        "3000-01-01",
        "99991231",
        "0000-01-01",
        "2026-1-5",
        "26-11-05",
        "05.11.26",
        "05/11/26",
        "123.11.2026",
        "05.11.20261",
        "2026-11-05-",
        "12345678",
        "1234567",
        "today",
        "Nov 5, 2026",
    ];

    #[test]
    fn dates_without_order() {
        check(
            DATES,
            |s| show_result(parse_date(s, None)),
            expect![[r#"
                ""                       => null
                "2026-11-05"             => 2026-11-05
                "20261105"               => 2026-11-05
                "05.11.2026"             => 2026-11-05
                "5.11.2026"              => 2026-11-05
                "5.1.2026"               => 2026-01-05
                "25/03/2026"             => 2026-03-25
                "03/25/2026"             => 2026-03-25
                "03/04/2026"             => error: ambiguous date `03/04/2026`: could be day-first or month-first
                "04/04/2026"             => 2026-04-04
                "3/4/2026"               => error: ambiguous date `3/4/2026`: could be day-first or month-first
                "05-NOV-2026"            => 2026-11-05
                "5-nov-2026"             => 2026-11-05
                "05-Nov-2026"            => 2026-11-05
                "05-MRZ-2026"            => 2026-03-05
                "05-MÄR-2026"            => 2026-03-05
                "05-mär-2026"            => 2026-03-05
                "05-MAI-2026"            => 2026-05-05
                "05-OKT-2026"            => 2026-10-05
                "05-DEZ-2026"            => 2026-12-05
                "05-XYZ-2026"            => error: `05-XYZ-2026` has an unknown month name
                "05-NOVEMBER-2026"       => error: not a date
                "05-NOV-26"              => error: not a date
                "2026-11-05T14:30:00Z"   => 2026-11-05
                "2026-11-05T23:30:00-05:00" => 2026-11-05
                "2026-11-05T00:30:00+0200" => 2026-11-05
                "2026-11-05T00:30+02"    => 2026-11-05
                "2026-11-05 14:30:00"    => 2026-11-05
                "2026-11-05 14:30:00.123456" => 2026-11-05
                "2026-11-05T14:30"       => 2026-11-05
                "2026-11-05t14:30:00.5 +01:00" => 2026-11-05
                "2026-11-05T14:30:00+01:0" => error: `2026-11-05T14:30:00+01:0` has an invalid time
                "2026-11-05T14:30:"      => error: `2026-11-05T14:30:` has an invalid time
                "2026-11-05T24:00:00"    => error: `2026-11-05T24:00:00` has an invalid time
                "2026-11-05T14:60"       => error: `2026-11-05T14:60` has an invalid time
                "2026-11-05T14:30:00+25:00" => error: `2026-11-05T14:30:00+25:00` has an invalid time
                "2026-11-05X14:30"       => error: not a date
                "2026-11-05 "            => 2026-11-05
                "05.11.2026 14:30:00"    => 2026-11-05
                "11/5/2026 2:30 PM"      => error: ambiguous date `11/5/2026 2:30 PM`: could be day-first or month-first
                "11/5/2026 13:30 PM"     => error: `11/5/2026 13:30 PM` has an invalid time
                "05-NOV-2026 14:30:00"   => 2026-11-05
                "2026/11/05"             => 2026-11-05
                "2026.11.05"             => 2026-11-05
                "00000000"               => null
                "0000-00-00"             => null
                "00.00.0000"             => null
                "0.0.0000"               => null
                "00/00/0000"             => null
                "0000-00-00 00:00:00"    => null
                "29.02.2024"             => 2024-02-29
                "29.02.2026"             => error: `29.02.2026` is not a calendar date
                "20240229"               => 2024-02-29
                "20260229"               => error: `20260229` is not a calendar date
                "2000-02-29"             => 2000-02-29
                "1900-02-29"             => error: `1900-02-29` is not a calendar date
                "31.02.2026"             => error: `31.02.2026` is not a calendar date
                "2026-13-01"             => error: `2026-13-01` is not a calendar date
                "2026-04-31"             => error: `2026-04-31` is not a calendar date
                "00.11.2026"             => error: `00.11.2026` is not a calendar date
                "31/31/2026"             => error: `31/31/2026` is not a calendar date
                "1899-12-31"             => error: year 1899 is outside 1900-2999
                "1900-01-01"             => 1900-01-01
                "2999-12-31"             => 2999-12-31
                "3000-01-01"             => error: year 3000 is outside 1900-2999
                "99991231"               => error: year 9999 is outside 1900-2999
                "0000-01-01"             => error: year 0000 is outside 1900-2999
                "2026-1-5"               => error: not a date
                "26-11-05"               => error: not a date
                "05.11.26"               => error: not a date
                "05/11/26"               => error: not a date
                "123.11.2026"            => error: not a date
                "05.11.20261"            => error: not a date
                "2026-11-05-"            => error: not a date
                "12345678"               => error: year 1234 is outside 1900-2999
                "1234567"                => error: not a date
                "today"                  => error: not a date
                "Nov 5, 2026"            => error: not a date
            "#]],
        );
    }

    #[test]
    fn slash_dates_with_order() {
        let inputs = &[
            "03/04/2026",
            "25/03/2026",
            "03/25/2026",
            "02/29/2024",
            "29/02/2024",
            "02/29/2026",
            "12/31/2026 23:59",
            "00/00/0000",
        ];
        let f = |s: &str| {
            format!(
                "month-first {} | day-first {}",
                show_result(parse_date(s, Some(DateOrder::MonthFirst))),
                show_result(parse_date(s, Some(DateOrder::DayFirst)))
            )
        };
        check(
            inputs,
            f,
            expect![[r#"
                "03/04/2026"             => month-first 2026-03-04 | day-first 2026-04-03
                "25/03/2026"             => month-first error: `25/03/2026` is not a valid MM/DD/YYYY date | day-first 2026-03-25
                "03/25/2026"             => month-first 2026-03-25 | day-first error: `03/25/2026` is not a valid DD/MM/YYYY date
                "02/29/2024"             => month-first 2024-02-29 | day-first error: `02/29/2024` is not a valid DD/MM/YYYY date
                "29/02/2024"             => month-first error: `29/02/2024` is not a valid MM/DD/YYYY date | day-first 2024-02-29
                "02/29/2026"             => month-first error: `02/29/2026` is not a valid MM/DD/YYYY date | day-first error: `02/29/2026` is not a valid DD/MM/YYYY date
                "12/31/2026 23:59"       => month-first 2026-12-31 | day-first error: `12/31/2026 23:59` is not a valid DD/MM/YYYY date
                "00/00/0000"             => month-first null | day-first null
            "#]],
        );
    }

    #[test]
    fn date_evidence_decides_per_column() {
        let columns: &[&str] = &[
            "",
            "2026-11-05|05.11.2026",
            "03/04/2026|25/03/2026",
            "03/04/2026|03/25/2026",
            "03/04/2026|05/06/2026",
            "04/04/2026|12/12/2026",
            "04/04/2026|00/00/0000",
            "25/03/2026|03/25/2026|13/01/2026",
            "31/31/2026|x/y/2026|03/04/26",
            "03/04/2026 10:00|13/04/2026",
        ];
        let f = |col: &str| {
            let mut e = DateEvidence::default();
            col.split('|').for_each(|v| e.observe(v));
            let decision = match e.decide() {
                Ok(o) => format!("{o:?}"),
                Err(err) => format!("error: {err}"),
            };
            format!(
                "slash {} mf {} df {} amb {} -> {decision}",
                e.slash_dates, e.month_first, e.day_first, e.ambiguous
            )
        };
        check(
            columns,
            f,
            expect![[r#"
                ""                       => slash 0 mf 0 df 0 amb 0 -> None
                "2026-11-05|05.11.2026"  => slash 0 mf 0 df 0 amb 0 -> None
                "03/04/2026|25/03/2026"  => slash 2 mf 0 df 1 amb 1 -> Some(DayFirst)
                "03/04/2026|03/25/2026"  => slash 2 mf 1 df 0 amb 1 -> Some(MonthFirst)
                "03/04/2026|05/06/2026"  => slash 2 mf 0 df 0 amb 2 -> error: ambiguous dates like 03/04/2026: could be day-first or month-first
                "04/04/2026|12/12/2026"  => slash 2 mf 0 df 0 amb 0 -> Some(MonthFirst)
                "04/04/2026|00/00/0000"  => slash 1 mf 0 df 0 amb 0 -> Some(MonthFirst)
                "25/03/2026|03/25/2026|13/01/2026" => slash 3 mf 1 df 2 amb 0 -> error: dates contradict each other: some are day-first, some month-first (2 day-first, 1 month-first)
                "31/31/2026|x/y/2026|03/04/26" => slash 0 mf 0 df 0 amb 0 -> None
                "03/04/2026 10:00|13/04/2026" => slash 2 mf 0 df 1 amb 1 -> Some(DayFirst)
            "#]],
        );
    }

    #[test]
    fn periods() {
        let inputs = &[
            "",
            "2026-11",
            "202611",
            "11/2026",
            "1/2026",
            "11.2026",
            "2026-11-05",
            "20261105",
            "05.11.2026",
            "05-NOV-2026",
            "2026-11-05T14:30:00Z",
            "25/03/2026",
            "03/04/2026",
            "04/04/2026",
            "000000",
            "0000-00",
            "00/0000",
            "00000000",
            "2026-13",
            "202600",
            "13/2026",
            "1899-12",
            "2026-1",
            "2026/11",
            "Nov 2026",
            "abc",
        ];
        check(
            inputs,
            |s| show_result(parse_period(s, None)),
            expect![[r#"
                ""                       => null
                "2026-11"                => 2026-11-01
                "202611"                 => 2026-11-01
                "11/2026"                => 2026-11-01
                "1/2026"                 => 2026-01-01
                "11.2026"                => 2026-11-01
                "2026-11-05"             => 2026-11-01
                "20261105"               => 2026-11-01
                "05.11.2026"             => 2026-11-01
                "05-NOV-2026"            => 2026-11-01
                "2026-11-05T14:30:00Z"   => 2026-11-01
                "25/03/2026"             => 2026-03-01
                "03/04/2026"             => error: ambiguous date `03/04/2026`: could be day-first or month-first
                "04/04/2026"             => 2026-04-01
                "000000"                 => null
                "0000-00"                => null
                "00/0000"                => null
                "00000000"               => null
                "2026-13"                => error: `2026-13`: there is no month 13
                "202600"                 => error: `202600`: there is no month 0
                "13/2026"                => error: `13/2026`: there is no month 13
                "1899-12"                => error: year 1899 is outside 1900-2999
                "2026-1"                 => error: not a period
                "2026/11"                => error: not a period
                "Nov 2026"               => error: not a period
                "abc"                    => error: not a period
            "#]],
        );
        assert_eq!(
            parse_period("03/04/2026", Some(DateOrder::DayFirst)),
            Ok(NaiveDate::from_ymd_opt(2026, 4, 1))
        );
        assert_eq!(
            parse_period("03/04/2026", Some(DateOrder::MonthFirst)),
            Ok(NaiveDate::from_ymd_opt(2026, 3, 1))
        );
    }

    #[test]
    fn ids() {
        let inputs = &[
            "",
            "   ",
            "12345678",
            "000000000012345678",
            " 0012 ",
            "0000",
            "0",
            "4500012345.0",
            "4500012345.000",
            "004500012345.0",
            "0.0",
            "12.5",
            "12.",
            ".0",
            "12.0.0",
            "-0012",
            "A-0012",
            "0012A",
            "PUMP 7",
            "\u{a0}X1\u{a0}",
        ];
        check(
            inputs,
            |s| match normalize_id(s) {
                Some(id) => format!("{id:?}"),
                None => "null".into(),
            },
            expect![[r#"
                ""                       => null
                "   "                    => null
                "12345678"               => "12345678"
                "000000000012345678"     => "12345678"
                " 0012 "                 => "12"
                "0000"                   => "0"
                "0"                      => "0"
                "4500012345.0"           => "4500012345"
                "4500012345.000"         => "4500012345"
                "004500012345.0"         => "4500012345"
                "0.0"                    => "0"
                "12.5"                   => "12.5"
                "12."                    => "12."
                ".0"                     => ".0"
                "12.0.0"                 => "12.0.0"
                "-0012"                  => "-0012"
                "A-0012"                 => "A-0012"
                "0012A"                  => "0012A"
                "PUMP 7"                 => "PUMP 7"
                "\u{a0}X1\u{a0}"         => "X1"
            "#]],
        );
    }

    #[test]
    fn flags() {
        let inputs = &[
            "", " ", "X", "x", "true", "TRUE", "yes", "Y", "1", "ja", "J", "wahr", "false",
            "False", "no", "N", "0", "nein", "falsch", "-", " x ", "maybe", "2", "XX",
        ];
        check(
            inputs,
            |s| show_result(parse_flag(s)),
            expect![[r#"
                ""                       => null
                " "                      => null
                "X"                      => true
                "x"                      => true
                "true"                   => true
                "TRUE"                   => true
                "yes"                    => true
                "Y"                      => true
                "1"                      => true
                "ja"                     => true
                "J"                      => true
                "wahr"                   => true
                "false"                  => false
                "False"                  => false
                "no"                     => false
                "N"                      => false
                "0"                      => false
                "nein"                   => false
                "falsch"                 => false
                "-"                      => false
                " x "                    => true
                "maybe"                  => error: not a yes/no value
                "2"                      => error: not a yes/no value
                "XX"                     => error: not a yes/no value
            "#]],
        );
    }

    #[test]
    fn column_profiles() {
        let columns: &[&str] = &[
            "",
            "|  |",
            "12|007|-3|4-|+5",
            "1234.5|12",
            "1,234.5|12",
            "1.234,5|12",
            "12,000|13,500",
            "12,5|1.234,5",
            "1 234,5|12",
            "12,000|1,5|1.5",
            "20261105|20261106",
            "20261105|00000000",
            "00000000",
            "20261105|20261399",
            "20261105|12",
            "2026-11-05|",
            "2026-11-05|2026-11-05T14:30:00Z",
            "05.11.2026|5.1.2026",
            "05.11.2026 14:30|06.11.2026",
            "25/03/2026|03/04/2026",
            "03/25/2026|03/04/2026",
            "03/04/2026|04/03/2026",
            "25/03/2026|03/25/2026",
            "04/04/2026",
            "05-NOV-2026|05-DEZ-2026",
            "2026/11/05|2026.11.05",
            "2026-11-05|31.02.2026",
            "2026-11-05|abc",
            "A|B|C",
            "12|abc",
        ];
        let f = |col: &str| {
            let mut p = ColumnProfiler::default();
            col.split('|').for_each(|v| p.observe(v));
            format!(
                "{} / {}",
                serde_json::to_string(&p.finish(DecimalMark::Dot)).unwrap(),
                serde_json::to_string(&p.finish(DecimalMark::Comma)).unwrap()
            )
        };
        check(
            columns,
            f,
            expect![[r#"
                ""                       => {"type":"empty"} / {"type":"empty"}
                "|  |"                   => {"type":"empty"} / {"type":"empty"}
                "12|007|-3|4-|+5"        => {"type":"integer"} / {"type":"integer"}
                "1234.5|12"              => {"type":"decimal","decimal_mark":"dot","thousands":false} / {"type":"decimal","decimal_mark":"dot","thousands":false}
                "1,234.5|12"             => {"type":"decimal","decimal_mark":"dot","thousands":true} / {"type":"decimal","decimal_mark":"dot","thousands":true}
                "1.234,5|12"             => {"type":"decimal","decimal_mark":"comma","thousands":true} / {"type":"decimal","decimal_mark":"comma","thousands":true}
                "12,000|13,500"          => {"type":"decimal","decimal_mark":"dot","thousands":true} / {"type":"decimal","decimal_mark":"comma","thousands":false}
                "12,5|1.234,5"           => {"type":"decimal","decimal_mark":"comma","thousands":true} / {"type":"decimal","decimal_mark":"comma","thousands":true}
                "1 234,5|12"             => {"type":"decimal","decimal_mark":"comma","thousands":true} / {"type":"decimal","decimal_mark":"comma","thousands":true}
                "12,000|1,5|1.5"         => {"type":"text"} / {"type":"text"}
                "20261105|20261106"      => {"type":"date","style":"YYYYMMDD"} / {"type":"date","style":"YYYYMMDD"}
                "20261105|00000000"      => {"type":"date","style":"YYYYMMDD"} / {"type":"date","style":"YYYYMMDD"}
                "00000000"               => {"type":"date","style":"YYYYMMDD"} / {"type":"date","style":"YYYYMMDD"}
                "20261105|20261399"      => {"type":"integer"} / {"type":"integer"}
                "20261105|12"            => {"type":"integer"} / {"type":"integer"}
                "2026-11-05|"            => {"type":"date","style":"YYYY-MM-DD"} / {"type":"date","style":"YYYY-MM-DD"}
                "2026-11-05|2026-11-05T14:30:00Z" => {"type":"date","style":"YYYY-MM-DD | ISO timestamp"} / {"type":"date","style":"YYYY-MM-DD | ISO timestamp"}
                "05.11.2026|5.1.2026"    => {"type":"date","style":"DD.MM.YYYY"} / {"type":"date","style":"DD.MM.YYYY"}
                "05.11.2026 14:30|06.11.2026" => {"type":"date","style":"DD.MM.YYYY | DD.MM.YYYY hh:mm"} / {"type":"date","style":"DD.MM.YYYY | DD.MM.YYYY hh:mm"}
                "25/03/2026|03/04/2026"  => {"type":"date","style":"DD/MM/YYYY"} / {"type":"date","style":"DD/MM/YYYY"}
                "03/25/2026|03/04/2026"  => {"type":"date","style":"MM/DD/YYYY"} / {"type":"date","style":"MM/DD/YYYY"}
                "03/04/2026|04/03/2026"  => {"type":"date","style":"DD/MM/YYYY or MM/DD/YYYY (ambiguous)"} / {"type":"date","style":"DD/MM/YYYY or MM/DD/YYYY (ambiguous)"}
                "25/03/2026|03/25/2026"  => {"type":"date","style":"DD/MM/YYYY and MM/DD/YYYY (contradictory)"} / {"type":"date","style":"DD/MM/YYYY and MM/DD/YYYY (contradictory)"}
                "04/04/2026"             => {"type":"date","style":"MM/DD/YYYY"} / {"type":"date","style":"MM/DD/YYYY"}
                "05-NOV-2026|05-DEZ-2026" => {"type":"date","style":"DD-MON-YYYY"} / {"type":"date","style":"DD-MON-YYYY"}
                "2026/11/05|2026.11.05"  => {"type":"date","style":"YYYY/MM/DD | YYYY.MM.DD"} / {"type":"date","style":"YYYY/MM/DD | YYYY.MM.DD"}
                "2026-11-05|31.02.2026"  => {"type":"text"} / {"type":"text"}
                "2026-11-05|abc"         => {"type":"text"} / {"type":"text"}
                "A|B|C"                  => {"type":"text"} / {"type":"text"}
                "12|abc"                 => {"type":"text"} / {"type":"text"}
            "#]],
        );
    }

    #[test]
    fn number_parsing_agrees_with_plain_parse() {
        // The fast path and the general path give the same value.
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..2000 {
            let int = rng.u64(0..10_000_000_000);
            let frac = rng.u32(0..1000);
            let plain = format!("{int}.{frac:03}");
            let expected: f64 = plain.parse().unwrap();
            let digits = int.to_string();
            let first = match digits.len() % 3 {
                0 => 3,
                r => r,
            };
            let mut grouped = digits[..first].to_string();
            for chunk in digits.as_bytes()[first..].chunks(3) {
                grouped.push('.');
                grouped.push_str(std::str::from_utf8(chunk).unwrap());
            }
            grouped.push(',');
            write!(grouped, "{frac:03}").unwrap();
            assert_eq!(parse_number(&plain, DecimalMark::Dot), Ok(Some(expected)));
            assert_eq!(
                parse_number(&grouped, DecimalMark::Comma),
                Ok(Some(expected)),
                "{grouped}"
            );
            let neg = format!("{grouped}-");
            let want = if expected == 0.0 { 0.0 } else { -expected };
            assert_eq!(parse_number(&neg, DecimalMark::Comma), Ok(Some(want)));
        }
    }
}
