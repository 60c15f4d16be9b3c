//! From records to the rows of one table: preamble and header skipped, edge
//! and trailing columns trimmed, blank and separator lines skipped, repeated
//! page headers skipped, ragged rows and the footer told apart.

use std::collections::VecDeque;

use super::parse::{trim_blank, Parser};
use super::source::{encoding_name, Input};
use super::{Dialect, FileError, Record, RowKind, SkippedLine};

/// Non-fitting records held back as a possible footer: up to this many...
const FOOTER_RECORDS: usize = 10;
/// ...or this many when they follow a blank or separator line (the end of the
/// table: a second small table or a summary block below it)...
const FOOTER_RECORDS_AFTER_GAP: usize = 100;
/// ...and at most this many bytes.
const FOOTER_BYTES: usize = 1 << 20;

/// A field of only spaces, tabs and the DOS end-of-file marker.
#[inline]
pub(crate) fn is_blank(f: &[u8]) -> bool {
    f.iter().all(|&b| matches!(b, b' ' | b'\t' | 0x1A))
}

/// Separator lines drawn with dashes: `-----`, `|----+----|`, `====`. Every
/// field is empty or made of `- = + _ |` (and blanks), with at least three
/// dashes or equal signs in all.
pub(crate) fn is_rule<'a>(fields: impl Iterator<Item = &'a [u8]>) -> bool {
    let mut dashes = 0;
    for f in fields {
        for &b in f {
            match b {
                b'-' | b'=' => dashes += 1,
                b'+' | b'_' | b'|' | b' ' | b'\t' => {}
                _ => return false,
            }
        }
    }
    dashes >= 3
}

/// First words of totals rows.
const TOTAL_WORDS: &[&str] = &[
    "total",
    "totals",
    "grand",
    "subtotal",
    "sum",
    "summe",
    "gesamt",
    "gesamtsumme",
    "zwischensumme",
    "endsumme",
    "ergebnis",
];

/// The first non-empty cell of a row.
fn first_cell(rec: &Record) -> &str {
    rec.iter()
        .map(str::trim)
        .find(|c| !c.is_empty())
        .unwrap_or("")
}

/// A totals row of the table's width (`Total;;15,000;1.333,50`, ALV `*`):
/// a total word or stars first, and some cell left empty.
fn is_total_row(rec: &Record) -> bool {
    // Most rows start with an id or a number.
    if rec
        .get(0)
        .and_then(|c| c.bytes().next())
        .is_some_and(|b| b.is_ascii_digit())
    {
        return false;
    }
    let first = first_cell(rec);
    let word = first
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let total = (!word.is_empty() && TOTAL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word)))
        || (!first.is_empty() && first.chars().all(|c| c == '*'));
    total && rec.iter().any(|c| c.trim().is_empty())
}

/// A row wider than the table that may still be a footer: it starts with a
/// sentence (`Exported by: JSMITH, 24.11.2026`) or a total word. Wider rows
/// that start like data are ragged rows at once, so a data row with an
/// unquoted delimiter at the end of the file is never dropped as a footer.
fn wide_footer_like(rec: &Record) -> bool {
    let first = first_cell(rec);
    first.contains(' ') || is_total_row(rec) || {
        let word = first
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        TOTAL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
    }
}

pub(crate) struct Core<I: Input> {
    pub(crate) p: Parser<I>,
    width: usize,
    delimiter: u8,
    trim_edges: bool,
    trim_trailing: bool,
    pub(crate) header: Vec<Vec<String>>,
    pub(crate) header_lines: Vec<u64>,
    /// How many header rows the rows just before matched (repeated headers).
    header_match: usize,
    pub(crate) repeated: u64,
    /// Blank or separator lines since the last row.
    gap: bool,
    /// Records held back as a possible footer, with their kind should they
    /// turn out to be inside the table.
    pending: VecDeque<(Record, RowKind)>,
    pending_bytes: usize,
    pending_gap: bool,
    /// The footer buffer overflowed: non-fitting rows are ragged until a
    /// fitting row or a gap.
    ragged_run: bool,
    ready: VecDeque<(Record, RowKind)>,
    pub(crate) footer: Vec<SkippedLine>,
    finished: bool,
}

impl<I: Input> Core<I> {
    /// Skips the preamble and reads the header rows.
    pub(crate) fn new(input: I, d: &Dialect, raw1252: bool) -> Result<Self, FileError> {
        let p = Parser::new(
            input,
            d.delimiter,
            d.quote,
            d.escape,
            raw1252,
            encoding_name(d.encoding),
        );
        let mut core = Core {
            p,
            width: d.width,
            delimiter: d.delimiter,
            trim_edges: d.trim_edge_columns,
            trim_trailing: d.trim_trailing_empty,
            header: Vec::new(),
            header_lines: Vec::new(),
            header_match: 0,
            repeated: 0,
            gap: false,
            pending: VecDeque::new(),
            pending_bytes: 0,
            pending_gap: false,
            ragged_run: false,
            ready: VecDeque::new(),
            footer: Vec::new(),
            finished: false,
        };
        core.p.skip_lines(d.preamble_lines)?;
        let mut rec = Record::default();
        while core.header.len() < d.header_rows {
            let Some(meta) = core.p.next()? else { break };
            let Some((lo, hi)) = core.shape() else {
                continue;
            };
            core.p
                .fill_record(&mut rec, lo, hi, core.trim_edges, &meta)?;
            core.header
                .push(rec.iter().map(|s| s.trim().to_string()).collect());
            core.header_lines.push(meta.line);
        }
        Ok(core)
    }

    pub(crate) fn bytes_read(&self) -> u64 {
        self.p.input.bytes_read()
    }

    /// The fields of the last record to keep (edge and trailing columns
    /// dropped), or `None` for a blank or separator line.
    #[inline]
    fn shape(&self) -> Option<(usize, usize)> {
        let p = &self.p;
        let (mut lo, mut hi) = (0, p.nfields());
        if self.trim_edges {
            if hi - lo >= 2 && trim_blank(p.field(lo)).is_empty() {
                lo += 1;
            }
            if hi - lo >= 2 && trim_blank(p.field(hi - 1)).is_empty() {
                hi -= 1;
            }
        }
        if self.trim_trailing && hi - lo == self.width + 1 && trim_blank(p.field(hi - 1)).is_empty()
        {
            hi -= 1;
        }
        if (lo..hi).all(|i| is_blank(p.field(i))) {
            return None;
        }
        let first = trim_blank(p.field(lo));
        let maybe_rule = first.is_empty() || matches!(first[0], b'-' | b'=' | b'+' | b'_' | b'|');
        if maybe_rule && is_rule((lo..hi).map(|i| p.field(i))) {
            return None;
        }
        Some((lo, hi))
    }

    fn is_repeated_header(&mut self, rec: &Record) -> bool {
        if self.header.is_empty() {
            return false;
        }
        let matches = |h: &Vec<String>| {
            h.len() == rec.len() && h.iter().zip(rec.iter()).all(|(a, b)| a == b.trim())
        };
        if self.header_match > 0
            && self.header_match < self.header.len()
            && matches(&self.header[self.header_match])
        {
            self.header_match += 1;
            return true;
        }
        if matches(&self.header[0]) {
            self.header_match = 1;
            return true;
        }
        self.header_match = 0;
        false
    }

    fn flush_pending(&mut self) {
        while let Some(r) = self.pending.pop_front() {
            self.ready.push_back(r);
        }
        self.pending_bytes = 0;
    }

    pub(crate) fn next_row(&mut self, rec: &mut Record) -> Result<Option<RowKind>, FileError> {
        loop {
            if let Some((r, kind)) = self.ready.pop_front() {
                rec.clone_from(&r);
                return Ok(Some(kind));
            }
            if self.finished {
                return Ok(None);
            }
            let Some(meta) = self.p.next()? else {
                self.finished = true;
                let sep = (self.delimiter as char).to_string();
                self.footer = self
                    .pending
                    .drain(..)
                    .map(|(r, _)| SkippedLine {
                        line: r.line,
                        text: r.iter().collect::<Vec<_>>().join(&sep),
                    })
                    .collect();
                continue;
            };
            self.gap |= meta.gap;
            let Some((lo, hi)) = self.shape() else {
                self.gap = true;
                continue;
            };
            self.p.fill_record(rec, lo, hi, self.trim_edges, &meta)?;
            let n = hi - lo;
            let kind = if n == self.width {
                RowKind::Data
            } else {
                RowKind::Ragged
            };
            if kind == RowKind::Data && self.is_repeated_header(rec) {
                self.repeated += 1;
                continue;
            }
            if kind == RowKind::Ragged {
                self.header_match = 0;
            }
            // Could this record be (the start of) the footer?
            let footer_like = match kind {
                RowKind::Data => is_total_row(rec),
                RowKind::Ragged => {
                    n < self.width
                        || (!self.pending.is_empty() && self.pending_gap)
                        || (self.pending.is_empty() && self.gap)
                        || wide_footer_like(rec)
                }
            };
            if !footer_like {
                self.gap = false;
                self.ragged_run = false;
                if self.pending.is_empty() {
                    return Ok(Some(kind));
                }
                self.flush_pending();
                return Ok(Some(self.stash(rec, kind)));
            }
            if kind == RowKind::Ragged && self.ragged_run && !self.gap {
                return Ok(Some(kind));
            }
            if self.pending.is_empty() {
                self.pending_gap = self.gap;
            }
            self.gap = false;
            self.ragged_run = false;
            self.pending_bytes += rec.buf.len() + 64;
            self.pending.push_back((rec.clone(), kind));
            let cap = if self.pending_gap {
                FOOTER_RECORDS_AFTER_GAP
            } else {
                FOOTER_RECORDS
            };
            if self.pending.len() > cap || self.pending_bytes > FOOTER_BYTES {
                self.flush_pending();
                self.ragged_run = true;
            }
        }
    }

    /// Queues `rec` behind the ragged rows and returns the first of those.
    fn stash(&mut self, rec: &mut Record, kind: RowKind) -> RowKind {
        self.ready.push_back((rec.clone(), kind));
        match self.ready.pop_front() {
            Some((r, k)) => {
                rec.clone_from(&r);
                k
            }
            None => kind,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::source::SliceInput;
    use super::super::{LineEnds, TextEncoding};
    use super::*;

    fn dialect(delimiter: u8, width: usize) -> Dialect {
        Dialect {
            encoding: TextEncoding::Utf8,
            delimiter,
            quote: b'"',
            escape: None,
            line_ends: LineEnds::Lf,
            preamble_lines: 0,
            header_rows: 1,
            trim_edge_columns: false,
            width,
            trim_trailing_empty: false,
        }
    }

    fn read(text: &str, d: &Dialect) -> (Vec<String>, Vec<String>) {
        let mut core = Core::new(SliceInput::new(text.as_bytes()), d, false).unwrap();
        let mut rec = Record::default();
        let mut rows = vec![format!(
            "H {}",
            core.header
                .iter()
                .map(|h| h.join("|"))
                .collect::<Vec<_>>()
                .join(" / ")
        )];
        while let Some(kind) = core.next_row(&mut rec).unwrap() {
            let k = if kind == RowKind::Data { "D" } else { "R" };
            rows.push(format!(
                "{k} {} {}",
                rec.line,
                rec.iter().collect::<Vec<_>>().join("|")
            ));
        }
        let footer = core
            .footer
            .iter()
            .map(|f| format!("{} {}", f.line, f.text))
            .collect();
        (rows, footer)
    }

    #[test]
    fn footer_is_held_back_and_ragged_rows_are_kept() {
        let text = "a,b,c\n1,2,3\n4,5\n6,7,8\n\nTotal,21\n3 rows\n";
        let (rows, footer) = read(text, &dialect(b',', 3));
        assert_eq!(rows, vec!["H a|b|c", "D 2 1|2|3", "R 3 4|5", "D 4 6|7|8"]);
        assert_eq!(footer, vec!["6 Total,21", "7 3 rows"]);
    }

    #[test]
    fn totals_rows_and_wide_rows_at_the_end() {
        // A totals row of the table's width at the end is footer...
        let (rows, footer) = read("a;b;c\n1;2;3\nTotal;;3\n", &dialect(b';', 3));
        assert_eq!(rows, vec!["H a|b|c", "D 2 1|2|3"]);
        assert_eq!(footer, vec!["3 Total;;3"]);
        // ...inside the table it is data, in its place.
        let (rows, footer) = read("a;b;c\n1;2;3\nTotal;;3\n4;5;6\nx\n", &dialect(b';', 3));
        assert_eq!(
            rows,
            vec!["H a|b|c", "D 2 1|2|3", "D 3 Total||3", "D 4 4|5|6"]
        );
        assert_eq!(footer, vec!["5 x"]);
        // A wider row that starts like data is a ragged row even at the end.
        let (rows, footer) = read("a,b,c\n1,Nut,2\n2,Nut,1,5\n", &dialect(b',', 3));
        assert_eq!(rows, vec!["H a|b|c", "D 2 1|Nut|2", "R 3 2|Nut|1|5"]);
        assert!(footer.is_empty());
        // A wider sentence is a footer.
        let (rows, footer) = read(
            "a,b\n1,2\nExported by JSMITH, 24.11.2026, 10:15\n",
            &dialect(b',', 2),
        );
        assert_eq!(rows, vec!["H a|b", "D 2 1|2"]);
        assert_eq!(footer, vec!["3 Exported by JSMITH, 24.11.2026, 10:15"]);
        // A description starting with a total word is data when nothing is empty.
        let (rows, footer) = read("d;q\nTotal protection spray;2\n", &dialect(b';', 2));
        assert_eq!(rows, vec!["H d|q", "D 2 Total protection spray|2"]);
        assert!(footer.is_empty());
    }

    #[test]
    fn many_ragged_rows_are_returned_once_the_buffer_overflows() {
        let mut text = String::from("a,b\n1,2\n");
        for i in 0..15 {
            text.push_str(&format!("x{i}\n"));
        }
        let (rows, footer) = read(&text, &dialect(b',', 2));
        assert_eq!(rows.len(), 1 + 1 + 15);
        assert!(rows[2..].iter().all(|r| r.starts_with("R ")));
        assert!(footer.is_empty());
    }

    #[test]
    fn repeated_headers_blank_and_rule_lines_are_skipped() {
        let text = "a;b\n--------\n1;2\n;\n   \na;b\n3;4\n";
        let d = dialect(b';', 2);
        let mut core = Core::new(SliceInput::new(text.as_bytes()), &d, false).unwrap();
        let mut rec = Record::default();
        let mut lines = vec![];
        while let Some(k) = core.next_row(&mut rec).unwrap() {
            assert_eq!(k, RowKind::Data);
            lines.push(rec.line);
        }
        assert_eq!(lines, vec![3, 7]);
        assert_eq!(core.repeated, 1);
    }

    #[test]
    fn rule_lines() {
        assert!(is_rule([&b"-----"[..]].into_iter()));
        assert!(is_rule([&b"|---+---|"[..]].into_iter()));
        assert!(is_rule([&b""[..], &b"----"[..], &b"==="[..]].into_iter()));
        assert!(!is_rule([&b"-"[..], &b"-"[..]].into_iter()));
        assert!(!is_rule([&b"--- x"[..]].into_iter()));
        assert!(!is_rule([&b"-12"[..]].into_iter()));
    }
}
