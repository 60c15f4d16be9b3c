//! Records out of a byte source with `csv_core`, with physical line numbers.
//!
//! `csv_core` never fails and counts only `\n`; this wrapper adds what an
//! import needs: the line (CR, LF and CRLF each end one line, also inside
//! quoted fields) and file offset where each record starts, whether blank
//! lines came before it, the 1 MiB field limit (checked while the field is
//! read, so a huge field is never held in memory), and the unterminated quote
//! at the end of the input.
//!
//! Line ends between records are skipped here (not by `csv_core`), which is
//! how record starts and blank lines are known.

use csv_core::{ReadRecordResult, ReaderBuilder};

use super::source::{BadKind, Input, SourceError};
use super::{FileError, LineEnds, Record, MAX_FIELD_BYTES};

/// Largest record kept in memory (many fields under the field limit).
pub(crate) const MAX_RECORD_BYTES: usize = 64 << 20;
/// Most fields in one record.
pub(crate) const MAX_FIELDS: usize = 100_000;

/// How many bytes of `b` satisfy `pred`: counted in blocks with byte-sized
/// counters, which vectorises (16 or 32 bytes per step).
#[inline]
pub(crate) fn count_where(b: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    let mut n = 0usize;
    for block in b.chunks(255) {
        let mut k = 0u8;
        for &x in block {
            k += pred(x) as u8;
        }
        n += k as usize;
    }
    n
}

/// Counts line ends: CR, LF and CRLF are one each. `prev_cr` says whether the
/// byte before `b` was a CR (then a leading LF is the second half of a CRLF)
/// and is updated for the next call.
#[inline]
pub(crate) fn count_line_ends(b: &[u8], prev_cr: &mut bool) -> u64 {
    let Some(&last) = b.last() else { return 0 };
    let mut n = count_where(b, |x| x == b'\n' || x == b'\r');
    if n > 1 {
        // A CRLF pair is one line end.
        let mut pairs = 0usize;
        for (x, y) in b[..b.len() - 1].chunks(255).zip(b[1..].chunks(255)) {
            let mut k = 0u8;
            for (&p, &q) in x.iter().zip(y) {
                k += ((p == b'\r') & (q == b'\n')) as u8;
            }
            pairs += k as usize;
        }
        n -= pairs;
    }
    if *prev_cr && b[0] == b'\n' {
        n -= 1;
    }
    *prev_cr = last == b'\r';
    n as u64
}

/// Counts the kinds of line ends that end records (for the sniffer).
#[derive(Debug, Clone, Default)]
pub(crate) struct LineEndStats {
    pub lf: u64,
    pub crlf: u64,
    pub cr: u64,
    pending_cr: bool,
}

impl LineEndStats {
    fn feed(&mut self, b: u8) {
        match b {
            b'\n' if self.pending_cr => {
                self.crlf += 1;
                self.pending_cr = false;
            }
            b'\n' => self.lf += 1,
            b'\r' => {
                if self.pending_cr {
                    self.cr += 1;
                }
                self.pending_cr = true;
            }
            _ => self.other(),
        }
    }
    fn other(&mut self) {
        if self.pending_cr {
            self.cr += 1;
            self.pending_cr = false;
        }
    }
    pub(crate) fn kind(&self) -> LineEnds {
        match (self.lf > 0, self.crlf > 0, self.cr > 0) {
            (false, false, false) => LineEnds::None,
            (true, false, false) => LineEnds::Lf,
            (false, true, false) => LineEnds::Crlf,
            (false, false, true) => LineEnds::Cr,
            _ => LineEnds::Mixed,
        }
    }
}

/// Where a record starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Meta {
    pub line: u64,
    pub offset: u64,
    /// Blank lines came right before this record.
    pub gap: bool,
}

pub(crate) struct Parser<I: Input> {
    pub(crate) input: I,
    csv: csv_core::Reader,
    quote: u8,
    escape: Option<u8>,
    /// Line at the current input position.
    line: u64,
    /// The last consumed byte was a CR.
    prev_cr: bool,
    out: Vec<u8>,
    ends: Vec<usize>,
    nfields: usize,
    done: bool,
    /// Fields are Windows-1252 bytes (else UTF-8).
    raw1252: bool,
    encoding: &'static str,
    pub(crate) stats: Option<LineEndStats>,
}

impl<I: Input> Parser<I> {
    pub(crate) fn new(
        input: I,
        delimiter: u8,
        quote: u8,
        escape: Option<u8>,
        raw1252: bool,
        encoding: &'static str,
    ) -> Self {
        let csv = ReaderBuilder::new()
            .delimiter(delimiter)
            .quote(quote)
            .escape(escape)
            .build();
        Parser {
            input,
            csv,
            quote,
            escape,
            line: 1,
            prev_cr: false,
            out: vec![0; 1 << 12],
            ends: vec![0; 64],
            nfields: 0,
            done: false,
            raw1252,
            encoding,
            stats: None,
        }
    }

    fn fill(&mut self) -> Result<bool, FileError> {
        self.input.fill().map_err(|e| match e {
            SourceError::Io(e) => FileError::Io(e),
            SourceError::Bad {
                kind: BadKind::Nul,
                offset,
                ..
            } => FileError::Binary {
                what: format!(
                    "a NUL byte on line {} (binary data, or UTF-16 text without a byte order mark)",
                    self.line
                ),
                offset,
            },
            SourceError::Bad {
                kind: BadKind::Undecodable,
                offset,
                encoding,
            } => FileError::Undecodable {
                line: self.line,
                offset,
                encoding: encoding.to_string(),
            },
        })
    }

    /// Skips `n` physical lines as they are (report titles before the header:
    /// quotes in them mean nothing).
    pub(crate) fn skip_lines(&mut self, n: u64) -> Result<(), FileError> {
        let mut left = n;
        while left > 0 {
            let avail = self.input.avail();
            if avail.is_empty() {
                if !self.fill()? {
                    return Ok(());
                }
                continue;
            }
            let mut i = 0;
            while i < avail.len() && left > 0 {
                let b = avail[i];
                let end = match b {
                    b'\n' => !self.prev_cr,
                    b'\r' => true,
                    _ => false,
                };
                self.prev_cr = b == b'\r';
                if end {
                    left -= 1;
                    self.line += 1;
                }
                i += 1;
            }
            self.input.consume(i);
        }
        Ok(())
    }

    /// Number of fields of the last record.
    #[inline]
    pub(crate) fn nfields(&self) -> usize {
        self.nfields
    }

    /// Bytes of field `i` of the last record (UTF-8, or Windows-1252).
    #[inline]
    pub(crate) fn field(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.out[start..self.ends[i]]
    }

    fn too_large(meta: &Meta) -> FileError {
        FileError::FieldTooLarge {
            line: meta.line,
            offset: meta.offset,
        }
    }

    fn grow(&mut self, nout: usize, nend: usize, meta: &Meta) -> Result<(), FileError> {
        if nout == self.out.len() {
            if self.out.len() >= MAX_RECORD_BYTES {
                return Err(FileError::NoTable(format!(
                    "line {}, byte offset {}: a record larger than {} MiB",
                    meta.line,
                    meta.offset,
                    MAX_RECORD_BYTES >> 20
                )));
            }
            let n = (self.out.len() * 2).min(MAX_RECORD_BYTES);
            self.out.resize(n, 0);
        }
        if nend == self.ends.len() {
            if self.ends.len() >= MAX_FIELDS {
                return Err(FileError::NoTable(format!(
                    "line {}, byte offset {}: a record of more than {} fields",
                    meta.line, meta.offset, MAX_FIELDS
                )));
            }
            let n = (self.ends.len() * 2).min(MAX_FIELDS);
            self.ends.resize(n, 0);
        }
        Ok(())
    }

    /// Reads the next record; its fields are then [`Parser::field`].
    pub(crate) fn next(&mut self) -> Result<Option<Meta>, FileError> {
        if self.done {
            return Ok(None);
        }
        // Line ends before the record: the end of the previous record's CRLF,
        // and blank lines.
        let mut gap = false;
        loop {
            let avail = self.input.avail();
            let k = avail
                .iter()
                .position(|&b| b != b'\r' && b != b'\n')
                .unwrap_or(avail.len());
            if k > 0 {
                let skipped = &avail[..k];
                if let Some(st) = self.stats.as_mut() {
                    skipped.iter().for_each(|&b| st.feed(b));
                }
                let n = count_line_ends(skipped, &mut self.prev_cr);
                self.line += n;
                gap |= n > 0;
                self.input.consume(k);
            }
            if !self.input.avail().is_empty() {
                break;
            }
            if !self.fill()? {
                self.done = true;
                if let Some(st) = self.stats.as_mut() {
                    st.other();
                }
                return Ok(None);
            }
        }
        if let Some(st) = self.stats.as_mut() {
            st.other();
        }
        let meta = Meta {
            line: self.line,
            offset: self.input.offset(),
            gap,
        };
        let (mut nout, mut nend) = (0usize, 0usize);
        loop {
            self.grow(nout, nend, &meta)?;
            let fstart = if nend > 0 { self.ends[nend - 1] } else { 0 };
            // Never let csv_core write more than the limit + 1 of one field.
            let room = MAX_FIELD_BYTES + 1 - (nout - fstart);
            let out_end = self.out.len().min(nout + room);
            let input = self.input.avail();
            if input.is_empty() {
                if self.fill()? {
                    continue;
                }
                return self.finish_at_eof(meta, nout, nend);
            }
            let (res, nin, o, e) =
                self.csv
                    .read_record(input, &mut self.out[nout..out_end], &mut self.ends[nend..]);
            let term = input[..nin].last().copied();
            self.line += count_line_ends(&input[..nin], &mut self.prev_cr);
            self.input.consume(nin);
            let mut prev = fstart;
            for &end in &self.ends[nend..nend + e] {
                if end - prev > MAX_FIELD_BYTES {
                    return Err(Self::too_large(&meta));
                }
                prev = end;
            }
            nout += o;
            nend += e;
            if nout - prev > MAX_FIELD_BYTES {
                return Err(Self::too_large(&meta));
            }
            match res {
                ReadRecordResult::Record => {
                    if let (Some(st), Some(t)) = (self.stats.as_mut(), term) {
                        st.feed(t);
                    }
                    self.nfields = nend;
                    return Ok(Some(meta));
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return Ok(None);
                }
                _ => {}
            }
        }
    }

    /// The input ended inside a record.
    fn finish_at_eof(
        &mut self,
        meta: Meta,
        mut nout: usize,
        mut nend: usize,
    ) -> Result<Option<Meta>, FileError> {
        self.done = true;
        // One synthetic line end: it ends the record, unless a quoted field is
        // still open (then it is copied into the field and the record only
        // ends when csv_core is told the input is over).
        loop {
            self.grow(nout, nend, &meta)?;
            let (res, nin, o, e) =
                self.csv
                    .read_record(b"\n", &mut self.out[nout..], &mut self.ends[nend..]);
            nout += o;
            nend += e;
            match res {
                ReadRecordResult::Record => {
                    self.nfields = nend;
                    return Ok(Some(meta));
                }
                ReadRecordResult::End => return Ok(None),
                _ if nin == 1 => break,
                _ => {}
            }
        }
        self.grow(nout, nend, &meta)?;
        let (res, _, _, e) =
            self.csv
                .read_record(&[], &mut self.out[nout..], &mut self.ends[nend..]);
        nend += e;
        if res != ReadRecordResult::Record {
            return Ok(None);
        }
        // A quoted field is open: say where it started.
        let fstart = if nend >= 2 { self.ends[nend - 2] } else { 0 };
        let content = &self.out[fstart..nout.saturating_sub(1).max(fstart)];
        let line = self.line - count_line_ends(content, &mut false);
        let removed = content
            .iter()
            .filter(|&&b| b == self.quote || Some(b) == self.escape)
            .count() as u64;
        let raw = self.input.file_len(content) + self.input.ascii_len() * (1 + removed);
        let offset = self.input.offset().saturating_sub(raw).max(meta.offset);
        Err(FileError::UnterminatedQuote { line, offset })
    }

    /// Copies fields `lo..hi` of the last record into `rec` (decoded, and with
    /// blanks around cells trimmed when `trim`).
    pub(crate) fn fill_record(
        &self,
        rec: &mut Record,
        lo: usize,
        hi: usize,
        trim: bool,
        meta: &Meta,
    ) -> Result<(), FileError> {
        rec.clear();
        rec.line = meta.line;
        rec.byte_offset = meta.offset;
        if lo >= hi {
            return Ok(());
        }
        let first = if lo == 0 { 0 } else { self.ends[lo - 1] };
        let bytes = &self.out[first..self.ends[hi - 1]];
        if !self.raw1252 || bytes.is_ascii() {
            let s = std::str::from_utf8(bytes).map_err(|_| FileError::Undecodable {
                line: meta.line,
                offset: meta.offset,
                encoding: self.encoding.to_string(),
            })?;
            let mut prev = 0;
            for &end in &self.ends[lo..hi] {
                let f = &s[prev..end - first];
                rec.push_field(if trim { f.trim_matches([' ', '\t']) } else { f });
                prev = end - first;
            }
        } else {
            let mut prev = first;
            for &end in &self.ends[lo..hi] {
                let mut f = &self.out[prev..end];
                if trim {
                    f = trim_blank(f);
                }
                rec.buf.extend(f.iter().map(|&b| cp1252_char(b)));
                rec.ends.push(rec.buf.len());
                prev = end;
            }
        }
        Ok(())
    }
}

/// Windows-1252 0x80..=0x9F (WHATWG: the undefined bytes map to C1 controls).
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// One Windows-1252 byte as a character (0xA0..=0xFF are Latin-1).
#[inline]
pub(crate) fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// `f` without spaces and tabs around it.
#[inline]
pub(crate) fn trim_blank(f: &[u8]) -> &[u8] {
    let start = f
        .iter()
        .position(|&b| b != b' ' && b != b'\t')
        .unwrap_or(f.len());
    let end = f
        .iter()
        .rposition(|&b| b != b' ' && b != b'\t')
        .map_or(start, |p| p + 1);
    &f[start..end]
}

#[cfg(test)]
mod tests {
    use super::super::source::SliceInput;
    use super::*;

    fn records(text: &str, delim: u8) -> Vec<(u64, Vec<String>)> {
        let mut p = Parser::new(
            SliceInput::new(text.as_bytes()),
            delim,
            b'"',
            None,
            false,
            "UTF-8",
        );
        let mut rec = Record::default();
        let mut v = Vec::new();
        while let Some(meta) = p.next().unwrap() {
            p.fill_record(&mut rec, 0, p.nfields(), false, &meta)
                .unwrap();
            v.push((rec.line, rec.iter().map(String::from).collect()));
        }
        v
    }

    #[test]
    fn cp1252_table_matches_encoding_rs() {
        for b in 0..=255u8 {
            let byte = [b];
            let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
            assert_eq!(
                s.chars().collect::<Vec<_>>(),
                vec![cp1252_char(b)],
                "{b:#x}"
            );
        }
    }

    #[test]
    fn counts_line_ends_across_chunks() {
        let mut cr = false;
        assert_eq!(count_line_ends(b"a\r\nb\rc\n", &mut cr), 3);
        assert!(!cr);
        assert_eq!(count_line_ends(b"a\r", &mut cr), 1);
        assert!(cr);
        assert_eq!(count_line_ends(b"\nb\n\n", &mut cr), 2);
        assert_eq!(count_line_ends(b"", &mut cr), 0);
        assert_eq!(count_line_ends(b"\r\r\n\n", &mut false), 3);
        // Long inputs, with CRLF pairs across the 255-byte blocks.
        for shift in 0..4 {
            let mut v = vec![b'x'; shift];
            for i in 0..400 {
                v.extend_from_slice(match i % 4 {
                    0 => &b"ab\r\n"[..],
                    1 => &b"c\n"[..],
                    2 => &b"d\r"[..],
                    _ => &b"\r\n\r\n"[..],
                });
            }
            let slow = {
                let mut n = 0;
                let mut prev = false;
                for &x in &v {
                    n += (x == b'\r' || (x == b'\n' && !prev)) as u64;
                    prev = x == b'\r';
                }
                n
            };
            assert_eq!(count_line_ends(&v, &mut false), slow, "shift {shift}");
        }
    }

    #[test]
    fn lines_count_cr_lf_crlf_and_newlines_in_quotes() {
        let text = "a,b\r\n\"x\ny\",2\r3,\"p\r\nq\"\n\n\n4,5";
        let got = records(text, b',');
        assert_eq!(
            got,
            vec![
                (1, vec!["a".to_string(), "b".into()]),
                (2, vec!["x\ny".into(), "2".into()]),
                (4, vec!["3".into(), "p\r\nq".into()]),
                (8, vec!["4".into(), "5".into()]),
            ]
        );
    }

    #[test]
    fn gap_marks_blank_lines() {
        let mut p = Parser::new(
            SliceInput::new(b"a\r\nb\r\n\r\nc\n"),
            b',',
            b'"',
            None,
            false,
            "UTF-8",
        );
        let gaps: Vec<_> = std::iter::from_fn(|| p.next().unwrap())
            .map(|m| (m.line, m.gap))
            .collect();
        assert_eq!(gaps, vec![(1, false), (2, false), (4, true)]);
    }

    #[test]
    fn unterminated_quote_names_the_field_start() {
        let text = "a,b\n1,2\n3,\"open\nmore\nand more";
        let mut p = Parser::new(
            SliceInput::new(text.as_bytes()),
            b',',
            b'"',
            None,
            false,
            "UTF-8",
        );
        assert!(p.next().unwrap().is_some());
        assert!(p.next().unwrap().is_some());
        match p.next() {
            Err(FileError::UnterminatedQuote { line, offset }) => {
                assert_eq!(line, 3);
                assert_eq!(offset, text.find("\"open").unwrap() as u64);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn closed_quote_at_eof_is_fine() {
        assert_eq!(
            records("a,\"b\"", b','),
            vec![(1, vec!["a".to_string(), "b".into()])]
        );
        assert_eq!(
            records("a,", b','),
            vec![(1, vec!["a".to_string(), "".into()])]
        );
    }

    #[test]
    fn field_limit() {
        let big = "x".repeat(MAX_FIELD_BYTES + 1);
        let text = format!("a,b\n1,{big}\n");
        let mut p = Parser::new(
            SliceInput::new(text.as_bytes()),
            b',',
            b'"',
            None,
            false,
            "UTF-8",
        );
        assert!(p.next().unwrap().is_some());
        assert!(matches!(
            p.next(),
            Err(FileError::FieldTooLarge { line: 2, offset: 4 })
        ));
        let ok = "x".repeat(MAX_FIELD_BYTES);
        let text = format!("{ok},{ok}\n");
        let mut p = Parser::new(
            SliceInput::new(text.as_bytes()),
            b',',
            b'"',
            None,
            false,
            "UTF-8",
        );
        assert!(p.next().unwrap().is_some());
        assert_eq!(p.field(1).len(), MAX_FIELD_BYTES);
    }

    #[test]
    fn line_end_kinds() {
        for (text, kind) in [
            ("a\nb\n", LineEnds::Lf),
            ("a\r\nb\r\n", LineEnds::Crlf),
            ("a\rb\r", LineEnds::Cr),
            ("a\r\nb\n", LineEnds::Mixed),
            ("a", LineEnds::None),
            ("\"x\ny\"\r\nb\r\n", LineEnds::Crlf),
        ] {
            let mut p = Parser::new(
                SliceInput::new(text.as_bytes()),
                b',',
                b'"',
                None,
                false,
                "UTF-8",
            );
            p.stats = Some(LineEndStats::default());
            while p.next().unwrap().is_some() {}
            assert_eq!(p.stats.unwrap().kind(), kind, "{text:?}");
        }
    }
}
