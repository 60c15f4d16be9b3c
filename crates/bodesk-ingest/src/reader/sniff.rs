//! Dialect detection on a decoded sample of the file's start.
//!
//! Heuristics, in order:
//! 1. Delimiter: the sample is parsed with each of `,` `;` tab `|`; the one
//!    whose most common record width (2 fields or more) covers the most
//!    records wins; ties go to tab, then `|`, then `;`, then `,` (a decimal
//!    comma splits `;` files evenly; a semicolon inside `,` files is rarer).
//! 2. Quote `"`; backslash escapes (`\"`) when the sample has `\"` and reading
//!    them as escapes leaves fewer stray quotes than doubling does.
//! 3. SAP ALV lists: `|` with empty first and last fields in most wide
//!    records: the edge columns are dropped and cells trimmed.
//! 4. Rows: blank lines and dash separator lines are dropped; the table width
//!    is the most common width. A last column that is empty in every row of
//!    that width (header included) comes from a trailing delimiter: dropped.
//! 5. Header: among the rows starting in the first 11 lines, a header is a
//!    row of the table's width, at least half non-empty, with distinct cells
//!    and some text, whose text cells stand over columns that the rows below
//!    hold numbers or dates in. The candidate with the most such columns
//!    (fewest numeric cells of its own) wins, the earliest on ties; rows before
//!    it are the preamble, and must not look like data rows. A second text row
//!    right below (no numbers, text over a numeric column) makes a 2-row
//!    header. When no column is numeric, a first row of only distinct,
//!    non-empty texts is taken as the header. Otherwise there is no header.
//! 6. The sample is then read like the file will be ([`super::table::Core`])
//!    for the header names and the column profiles.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::parse::{LineEndStats, Parser};
use super::scan::scan_file;
use super::source::{Input, SliceInput};
use super::table::{is_blank, is_rule, Core};
use super::{
    ColumnProfile, Dialect, FileError, Record, RowKind, SkippedLine, Sniffed, TextEncoding,
};
use crate::values::{ColumnProfiler, DecimalMark};

/// The sample looked at (cut at a line end).
const SAMPLE_CUT: usize = 1 << 20;
/// Records looked at for the delimiter and header.
const SAMPLE_RECORDS: usize = 5000;
/// Lines of report titles before the header.
const MAX_PREAMBLE: u64 = 10;
/// Data rows below a header candidate looked at for column types.
const TYPE_ROWS: usize = 500;

pub(crate) fn sniff_file(path: &Path) -> Result<Sniffed, FileError> {
    let scan = scan_file(path)?;
    let found = analyze(&scan.sample, scan.complete, scan.encoding)?;
    Ok(Sniffed {
        dialect: found.dialect,
        sha256: scan.sha256,
        size_bytes: scan.size,
        header: found.header,
        header_lines: found.header_lines,
        preamble: found.preamble,
        columns: found.columns,
    })
}

pub(crate) struct Found {
    pub dialect: Dialect,
    pub header: Vec<String>,
    pub header_lines: Vec<u64>,
    pub preamble: Vec<SkippedLine>,
    pub columns: Vec<ColumnProfile>,
}

#[derive(Debug, Clone)]
struct Row {
    line: u64,
    /// Blank or separator lines right before it.
    gap: bool,
    cells: Vec<String>,
}

/// Cut an incomplete sample at a line end (its last line may be cut).
fn cut_sample(s: &str, complete: bool) -> Result<&str, FileError> {
    if complete {
        return Ok(s);
    }
    let b = s.as_bytes();
    let lim = SAMPLE_CUT.min(b.len());
    let is_end = |c: &u8| *c == b'\n' || *c == b'\r';
    let cut = b[..lim]
        .iter()
        .rposition(is_end)
        .or_else(|| b[lim..].iter().position(is_end).map(|p| p + lim));
    match cut {
        Some(p) => Ok(&s[..p + 1]),
        None => Err(FileError::FieldTooLarge { line: 1, offset: 0 }),
    }
}

/// Records of the sample as they are, from its first line.
fn raw_records(text: &str, delimiter: u8, escape: Option<u8>) -> (Vec<Row>, LineEndStats) {
    let mut p = Parser::new(
        SliceInput::decoded_from(text.as_bytes(), TextEncoding::Utf8),
        delimiter,
        b'"',
        escape,
        false,
        "UTF-8",
    );
    p.stats = Some(LineEndStats::default());
    let mut rec = Record::default();
    let mut rows = Vec::new();
    while rows.len() < SAMPLE_RECORDS {
        let Ok(Some(meta)) = p.next() else { break };
        if p.fill_record(&mut rec, 0, p.nfields(), false, &meta)
            .is_err()
        {
            break;
        }
        rows.push(Row {
            line: meta.line,
            gap: meta.gap,
            cells: rec.iter().map(str::to_string).collect(),
        });
    }
    (rows, p.stats.take().unwrap_or_default())
}

fn blank_row(r: &Row) -> bool {
    r.cells.iter().all(|c| is_blank(c.as_bytes()))
}

/// Most common width (2 or more fields preferred, the wider on ties) and how
/// many rows have it.
fn modal_width<'a>(rows: impl Iterator<Item = &'a Row>) -> (usize, usize) {
    let mut hist: HashMap<usize, usize> = HashMap::new();
    for r in rows {
        *hist.entry(r.cells.len()).or_default() += 1;
    }
    let best = hist
        .iter()
        .filter(|(w, _)| **w >= 2)
        .max_by_key(|(w, n)| (**n, **w));
    match best {
        Some((w, n)) => (*w, *n),
        None => (1, hist.get(&1).copied().unwrap_or(0)),
    }
}

/// Quotes that cannot be read: a closing quote followed by text, or a quote
/// never closed.
fn quote_anomalies(t: &[u8], delim: u8, escape: Option<u8>) -> usize {
    #[derive(PartialEq)]
    enum S {
        Start,
        Field,
        Quoted,
        After,
    }
    let mut s = S::Start;
    let mut n = 0;
    let mut i = 0;
    while i < t.len() {
        let b = t[i];
        let end = b == delim || b == b'\n' || b == b'\r';
        s = match s {
            S::Start | S::Field if end => S::Start,
            S::Start if b == b'"' => S::Quoted,
            S::Start | S::Field => S::Field,
            S::Quoted if Some(b) == escape => {
                i += 1;
                S::Quoted
            }
            S::Quoted if b == b'"' => S::After,
            S::Quoted => S::Quoted,
            S::After if b == b'"' => S::Quoted,
            S::After if end => S::Start,
            S::After => {
                n += 1;
                S::Field
            }
        };
        i += 1;
    }
    if s == S::Quoted {
        n += 10;
    }
    n
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Empty,
    /// A number, date, time or period.
    Typed,
    Text,
}

/// `05-NOV-2026`, `2026-11-24T10:00:00Z`, `1.5E+3`: typed values with letters.
fn typed_with_letters(t: &str) -> bool {
    let b = t.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let alpha = |r: std::ops::Range<usize>| {
        b.get(r)
            .is_some_and(|s| s.iter().all(u8::is_ascii_alphabetic))
    };
    // DD-MON-YYYY, DD.MON.YY
    if b.len() >= 9
        && digits(0..2)
        && matches!(b[2], b'-' | b'.' | b' ')
        && alpha(3..6)
        && b[6] == b[2]
        && digits(7..b.len())
    {
        return true;
    }
    // ISO timestamps
    if b.len() >= 11
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b[10], b'T' | b' ')
    {
        return true;
    }
    // Scientific notation
    if let Some(e) = t.find(['e', 'E']) {
        let (m, x) = (&t[..e], &t[e + 1..]);
        let num = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b',' | b'+' | b'-'))
        };
        return num(m)
            && num(x)
            && m.bytes().any(|c| c.is_ascii_digit())
            && x.bytes().any(|c| c.is_ascii_digit());
    }
    false
}

fn cell_kind(s: &str) -> Cell {
    let t = s.trim();
    if t.is_empty() {
        return Cell::Empty;
    }
    let digit = t.bytes().any(|b| b.is_ascii_digit());
    let alpha = t.chars().any(char::is_alphabetic);
    if digit && (!alpha || typed_with_letters(t)) {
        Cell::Typed
    } else {
        Cell::Text
    }
}

fn non_empty(r: &Row) -> usize {
    r.cells.iter().filter(|c| !c.trim().is_empty()).count()
}

/// At least half filled, distinct cells, some text.
fn header_like(r: &Row, w: usize) -> bool {
    let n = non_empty(r);
    if r.cells.len() != w || n == 0 || n * 2 < w {
        return false;
    }
    let mut seen = HashSet::new();
    let distinct = r
        .cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .all(|c| seen.insert(c));
    distinct && r.cells.iter().any(|c| cell_kind(c) == Cell::Text)
}

/// Columns that hold numbers or dates in (at least half of) their non-empty
/// cells, over the fitting rows of `rows`.
fn typed_columns(rows: &[Row], w: usize) -> Vec<bool> {
    let mut typed = vec![0usize; w];
    let mut filled = vec![0usize; w];
    for r in rows.iter().filter(|r| r.cells.len() == w).take(TYPE_ROWS) {
        for (c, cell) in r.cells.iter().enumerate() {
            match cell_kind(cell) {
                Cell::Empty => {}
                Cell::Typed => {
                    typed[c] += 1;
                    filled[c] += 1;
                }
                Cell::Text => filled[c] += 1,
            }
        }
    }
    (0..w)
        .map(|c| typed[c] > 0 && typed[c] * 2 >= filled[c])
        .collect()
}

/// Columns where `r` has text over typed data, and `r`'s own typed cells.
fn strength(r: &Row, typed: &[bool]) -> (usize, usize) {
    let mut strong = 0;
    let mut own = 0;
    for (c, cell) in r.cells.iter().enumerate() {
        match cell_kind(cell) {
            Cell::Text if typed.get(c) == Some(&true) => strong += 1,
            Cell::Typed => own += 1,
            _ => {}
        }
    }
    (strong, own)
}

/// A row that reads like a data row of this table.
fn data_like(r: &Row, w: usize, typed: &[bool]) -> bool {
    if r.cells.len() != w || non_empty(r) * 2 < w {
        return false;
    }
    let kinds: Vec<Cell> = r.cells.iter().map(|c| cell_kind(c)).collect();
    let contradicts = kinds.iter().zip(typed).any(|(k, t)| *k == Cell::Text && *t);
    let any_typed_col = typed.iter().any(|t| *t);
    !contradicts && (!any_typed_col || kinds.contains(&Cell::Typed))
}

/// A second header row right below the first (no blank line between): text
/// only, some of it over typed columns.
fn second_header(r: &Row, w: usize, typed: &[bool]) -> bool {
    !r.gap
        && r.cells.len() == w
        && non_empty(r) > 0
        && r.cells.iter().all(|c| cell_kind(c) != Cell::Typed)
        && r.cells
            .iter()
            .zip(typed)
            .any(|(c, t)| *t && cell_kind(c) == Cell::Text)
}

/// `(index of the first table row, header rows)`.
fn find_header(rows: &[Row], w: usize) -> (usize, usize) {
    // Rows in the first lines; if none of them fits, up to the first that
    // does (a longer preamble than usual).
    let first_fit = rows.iter().position(|r| r.cells.len() == w).unwrap_or(0);
    let limit = rows
        .iter()
        .take_while(|r| r.line <= MAX_PREAMBLE + 1)
        .count()
        .max((first_fit + 1).min(200))
        .min(rows.len());
    let clean_before = |i: usize, typed: &[bool]| rows[..i].iter().all(|r| !data_like(r, w, typed));
    let mut best: Option<(i64, usize, usize)> = None;
    for i in 0..limit {
        let r = &rows[i];
        if !header_like(r, w) {
            continue;
        }
        let typed2 = typed_columns(rows.get(i + 2..).unwrap_or(&[]), w);
        let two = i + 1 < rows.len()
            && strength(r, &typed2).1 == 0
            && second_header(&rows[i + 1], w, &typed2)
            && clean_before(i, &typed2);
        let candidate = if two {
            let (s0, own) = strength(r, &typed2);
            let (s1, _) = strength(&rows[i + 1], &typed2);
            Some((2 * (s0 + s1) as i64 - own as i64, 2))
        } else {
            let typed1 = typed_columns(&rows[i + 1..], w);
            let (s, own) = strength(r, &typed1);
            (s > 0 && clean_before(i, &typed1)).then(|| (2 * s as i64 - own as i64, 1))
        };
        if let Some((q, h)) = candidate {
            if best.is_none_or(|b| q > b.0) {
                best = Some((q, i, h));
            }
        }
    }
    if let Some((_, i, h)) = best {
        return (i, h);
    }
    // No column is typed: a first row of distinct texts is the header.
    let first = (0..limit).find(|&i| {
        let r = &rows[i];
        r.cells.len() == w && !(w >= 3 && non_empty(r) == 1 && cell_kind(&r.cells[0]) == Cell::Text)
    });
    match first {
        Some(i) => {
            let r = &rows[i];
            let all_text = r.cells.iter().all(|c| cell_kind(c) == Cell::Text);
            if header_like(r, w) && all_text {
                (i, 1)
            } else {
                (i, 0)
            }
        }
        None => (0, 0),
    }
}

/// Column names from the header rows: parts joined with a space; a group
/// title over several sub-titles (`Stock;` over `Unrestricted;Blocked`, as
/// merged cells export) is repeated for each; `columnN` when nameless.
fn header_names(header: &[Vec<String>], w: usize) -> Vec<String> {
    let cell = |r: usize, c: usize| header[r].get(c).map_or("", |s| s.trim());
    (0..w)
        .map(|c| {
            let mut parts = Vec::new();
            for r in 0..header.len() {
                let mut v = cell(r, c);
                if v.is_empty() && r + 1 < header.len() && !cell(r + 1, c).is_empty() {
                    if let Some(l) = (0..c).rev().find(|&l| !cell(r, l).is_empty()) {
                        if !cell(r + 1, l).is_empty() {
                            v = cell(r, l);
                        }
                    }
                }
                if !v.is_empty() {
                    parts.push(v);
                }
            }
            if parts.is_empty() {
                format!("column{}", c + 1)
            } else {
                // Line breaks in quoted titles (`"Open\nQty"`) become spaces.
                parts
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        })
        .collect()
}

/// The first `n` physical lines of `text`, without their line ends.
fn physical_lines(text: &str, n: u64) -> Vec<SkippedLine> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while (out.len() as u64) < n && i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push(SkippedLine {
                line: out.len() as u64 + 1,
                text: text[start..i].to_string(),
            });
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if (out.len() as u64) < n && start < b.len() {
        out.push(SkippedLine {
            line: out.len() as u64 + 1,
            text: text[start..].to_string(),
        });
    }
    out
}

pub(crate) fn analyze(
    sample: &str,
    complete: bool,
    encoding: TextEncoding,
) -> Result<Found, FileError> {
    let text = cut_sample(sample, complete).map_err(|e| match e {
        // The offset of the first line is after the BOM.
        FileError::FieldTooLarge { line, .. } => FileError::FieldTooLarge {
            line,
            offset: SliceInput::decoded_from(b"", encoding).offset(),
        },
        e => e,
    })?;

    // 1. Delimiter.
    let mut best = (0usize, 0u8, b',');
    for (pref, d) in [(0u8, b','), (1, b';'), (2, b'|'), (3, b'\t')] {
        let (rows, _) = raw_records(text, d, None);
        let (_, count) = modal_width(rows.iter().filter(|r| !blank_row(r) && r.cells.len() >= 2));
        if (count, pref) > (best.0, best.1) {
            best = (count, pref, d);
        }
    }
    let delimiter = if best.0 == 0 { b',' } else { best.2 };

    // 2. Escapes.
    let escape = (text.contains("\\\"")
        && quote_anomalies(text.as_bytes(), delimiter, Some(b'\\'))
            < quote_anomalies(text.as_bytes(), delimiter, None))
    .then_some(b'\\');
    let (raw, stats) = raw_records(text, delimiter, escape);

    // 3. SAP ALV lists.
    let edge_empty = |r: &Row| {
        r.cells.first().is_some_and(|c| c.trim().is_empty())
            && r.cells.last().is_some_and(|c| c.trim().is_empty())
    };
    let wide: Vec<&Row> = raw
        .iter()
        .filter(|r| r.cells.len() >= 3 && !blank_row(r))
        .collect();
    let alv = delimiter == b'|'
        && !wide.is_empty()
        && wide.iter().filter(|r| edge_empty(r)).count() * 10 >= wide.len() * 8;

    // 4. Rows and width.
    let mut rows: Vec<Row> = Vec::new();
    let mut gap = false;
    for r in &raw {
        let mut cells: &[String] = &r.cells;
        if alv {
            if cells.len() >= 2 && cells[0].trim().is_empty() {
                cells = &cells[1..];
            }
            if cells.len() >= 2 && cells[cells.len() - 1].trim().is_empty() {
                cells = &cells[..cells.len() - 1];
            }
        }
        gap |= r.gap;
        let row = Row {
            line: r.line,
            gap,
            cells: cells
                .iter()
                .map(|c| {
                    if alv {
                        c.trim_matches([' ', '\t']).to_string()
                    } else {
                        c.clone()
                    }
                })
                .collect(),
        };
        if blank_row(&row) || is_rule(row.cells.iter().map(|c| c.as_bytes())) {
            gap = true;
            continue;
        }
        gap = false;
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(FileError::NoTable(
            "the file has no text, only blank or separator lines".into(),
        ));
    }
    let (mut width, _) = modal_width(rows.iter());
    let fitting = || rows.iter().filter(|r| r.cells.len() == width);
    let trim_trailing_empty = width >= 2 && fitting().all(|r| r.cells[width - 1].trim().is_empty());
    if trim_trailing_empty {
        for r in rows.iter_mut().filter(|r| r.cells.len() == width) {
            r.cells.pop();
        }
        width -= 1;
    }

    // A header written with a trailing delimiter over data without one.
    for r in rows.iter_mut() {
        if r.cells.len() == width + 1 && r.cells[width].trim().is_empty() {
            r.cells.pop();
        }
    }

    // 5. Header and preamble.
    let (start, header_rows) = find_header(&rows, width);
    let preamble_lines = rows[start].line - 1;
    let line_ends = stats.kind();
    let dialect = Dialect {
        encoding,
        delimiter,
        quote: b'"',
        escape,
        line_ends,
        preamble_lines,
        header_rows,
        trim_edge_columns: alv,
        width,
        trim_trailing_empty,
    };

    // 6. Read the sample like the file.
    let input = SliceInput::decoded_from(text.as_bytes(), encoding);
    let mut core = Core::new(input, &dialect, false)?;
    let mut profilers = vec![ColumnProfiler::default(); width];
    let mut rec = Record::default();
    let mut records = 0usize;
    loop {
        match core.next_row(&mut rec) {
            Ok(Some(kind)) => {
                records += 1;
                if kind == RowKind::Data {
                    for (p, cell) in profilers.iter_mut().zip(rec.iter()) {
                        p.observe(cell);
                    }
                }
            }
            Ok(None) => break,
            Err(e) if complete => return Err(e),
            Err(_) => break,
        }
    }
    if complete && records == 0 {
        return Err(match core.header_lines.first() {
            Some(l) => FileError::NoTable(format!("only a header (line {l}), no data rows")),
            None => FileError::NoTable("no data rows".into()),
        });
    }
    let header = header_names(&core.header, width);
    let fallback = if delimiter == b';' {
        DecimalMark::Comma
    } else {
        DecimalMark::Dot
    };
    let columns = header
        .iter()
        .zip(&profilers)
        .map(|(name, p)| ColumnProfile {
            name: name.clone(),
            kind: p.finish(fallback),
        })
        .collect();
    Ok(Found {
        header,
        header_lines: core.header_lines.clone(),
        preamble: physical_lines(text, preamble_lines),
        columns,
        dialect,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Found {
        analyze(text, true, TextEncoding::Utf8).unwrap()
    }

    fn summary(f: &Found) -> String {
        let d = &f.dialect;
        format!(
            "delim={:?} esc={:?} ends={:?} preamble={} header_rows={} edges={} width={} trailing={} header={:?}",
            d.delimiter as char,
            d.escape.map(|e| e as char),
            d.line_ends,
            d.preamble_lines,
            d.header_rows,
            d.trim_edge_columns,
            d.width,
            d.trim_trailing_empty,
            f.header
        )
    }

    #[test]
    fn cell_kinds() {
        for t in [
            "12",
            "1.234,5",
            "12-",
            "+5",
            "2026-11-24",
            "24.11.2026",
            "05-NOV-2026",
            "2026-11-24T10:00:00Z",
            "1.5E+3",
            "12 %",
        ] {
            assert_eq!(cell_kind(t), Cell::Typed, "{t}");
        }
        for t in ["Material", "A-100", "Qty 2026", "n/a", "EUR"] {
            assert_eq!(cell_kind(t), Cell::Text, "{t}");
        }
        assert_eq!(cell_kind("  "), Cell::Empty);
    }

    #[test]
    fn delimiters() {
        assert_eq!(found("a,b,c\n1,2,3\n4,5,6\n").dialect.delimiter, b',');
        assert_eq!(
            found("a;b;c\n1,5;2,5;3,5\n4,5;5,5;6,5\n").dialect.delimiter,
            b';'
        );
        // No header and decimal commas everywhere: still `;`.
        assert_eq!(found("1,5;2,5;3,5\n4,5;5,5;6,5\n").dialect.delimiter, b';');
        assert_eq!(found("a\tb\n1,5\t2\n3\t4\n").dialect.delimiter, b'\t');
        assert_eq!(found("a|b\n1|2\n").dialect.delimiter, b'|');
        assert_eq!(
            found("name,note\nx,\"a; b; c\"\ny,d;e\n").dialect.delimiter,
            b','
        );
    }

    #[test]
    fn single_column() {
        let f = found("part\n4711\n4712\n");
        assert_eq!(summary(&f), "delim=',' esc=None ends=Lf preamble=0 header_rows=1 edges=false width=1 trailing=false header=[\"part\"]");
    }

    #[test]
    fn header_or_not() {
        assert_eq!(found("part,qty\nA-1,3\nA-2,4\n").dialect.header_rows, 1);
        assert_eq!(found("A-1,3\nA-2,4\n").dialect.header_rows, 0);
        assert_eq!(found("A-1,3\nA-2,4\n").header, vec!["column1", "column2"]);
        // All text: a header is assumed.
        assert_eq!(
            found("name,city\nBob,Paris\nAnn,Rome\n")
                .dialect
                .header_rows,
            1
        );
        // Period columns in the header.
        let f = found("Part;2026-01;2026-02\n4711;3;4\n4712;5;6\n");
        assert_eq!(f.dialect.header_rows, 1);
        assert_eq!(f.header, vec!["Part", "2026-01", "2026-02"]);
    }

    #[test]
    fn preamble_with_a_dense_title_row() {
        let f = found("Date:;24.11.2026\n\nMaterial;Qty\n4711;3\n4712;4\n");
        assert_eq!(
            summary(&f),
            "delim=';' esc=None ends=Lf preamble=2 header_rows=1 edges=false width=2 trailing=false header=[\"Material\", \"Qty\"]"
        );
        let f = found("Date:;24.11.2026\nMaterial;Qty\n4711;3\n4712;4\n");
        assert_eq!((f.dialect.preamble_lines, f.dialect.header_rows), (1, 1));
    }

    #[test]
    fn padded_title_rows_excel_style() {
        let f = found(
            "Stock report;;;\n;;;\nMaterial;Plant;Qty;Value\n4711;1000;3;12,50\n4712;1000;4;1,00\n",
        );
        assert_eq!(f.dialect.preamble_lines, 2);
        assert_eq!(f.dialect.width, 4);
        assert_eq!(
            f.preamble
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>(),
            vec!["Stock report;;;", ";;;"]
        );
    }

    #[test]
    fn group_titles_spread_over_sub_titles() {
        let f =
            found("Material;Plant;Stock;\n;;Unrestricted;Blocked\n4711;1000;3;0\n4712;1000;4;1\n");
        assert_eq!(f.dialect.header_rows, 2);
        assert_eq!(
            f.header,
            vec!["Material", "Plant", "Stock Unrestricted", "Stock Blocked"]
        );
        assert_eq!(f.header_lines, vec![1, 2]);
    }

    #[test]
    fn header_with_a_trailing_delimiter_over_data_without() {
        let f = found("part,qty,\n4711,3\n4712,4\n");
        assert_eq!(summary(&f), "delim=',' esc=None ends=Lf preamble=0 header_rows=1 edges=false width=2 trailing=false header=[\"part\", \"qty\"]");
        let f = found("part,\"Open\r\nQty\"\n4711,3\n4712,4\n");
        assert_eq!(f.header, vec!["part", "Open Qty"]);
    }

    #[test]
    fn backslash_escapes() {
        let f = found("id,text,qty\n1,\"5\\\" screw, zinc\",3\n2,\"plain\",4\n");
        assert_eq!(f.dialect.escape, Some(b'\\'));
        let f = found("id,path\n1,\"C:\\temp\\\"\n2,\"D:\\x\\\"\n");
        assert_eq!(f.dialect.escape, None);
    }

    #[test]
    fn header_only_and_nothing() {
        assert!(
            matches!(analyze("a,b,c\n", true, TextEncoding::Utf8), Err(FileError::NoTable(m)) if m.contains("line 1"))
        );
        assert!(matches!(
            analyze("\n\n  \n", true, TextEncoding::Utf8),
            Err(FileError::NoTable(_))
        ));
        // An incomplete sample may end after the header.
        assert!(analyze("a,b,c\n", false, TextEncoding::Utf8).is_ok());
    }

    #[test]
    fn physical_lines_keep_text() {
        let l = physical_lines("a\r\n\rb\nc", 4);
        let t: Vec<_> = l.iter().map(|l| (l.line, l.text.as_str())).collect();
        assert_eq!(t, vec![(1, "a"), (2, ""), (3, "b"), (4, "c")]);
    }
}
