//! Bytes to a table.
//!
//! [`sniff_file`] reads the whole file once (SHA-256, encoding check, binary
//! check) and a sample for the dialect; [`TableReader`] then streams the data
//! records with bounded memory.
//!
//! Layers (private submodules):
//! - `source`: the file as a stream of validated bytes in chunks (UTF-8 and
//!   Windows-1252 as they are, UTF-16 transcoded to UTF-8), with file offsets.
//! - `parse`: `csv_core` records with physical line numbers (CR, LF and CRLF
//!   each end one line), start offsets, field size limit and the unterminated
//!   quote check.
//! - `table`: preamble and header skipping, edge/trailing column trimming,
//!   blank and separator lines, repeated page headers, ragged rows and the
//!   footer.
//! - `scan`: the whole-file pass of [`sniff_file`] (hash, magic numbers,
//!   encoding).
//! - `sniff`: the dialect heuristics on a decoded sample.

use std::path::Path;

use serde::Serialize;

use crate::values::ColumnKind;

mod parse;
mod scan;
mod sniff;
mod source;
mod table;

/// Largest field accepted (contract: a field over 1 MiB rejects the file).
pub const MAX_FIELD_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineEnds {
    Lf,
    Crlf,
    Cr,
    Mixed,
    None,
}

/// How a file is written. Found by [`sniff_file`], used by [`TableReader`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dialect {
    pub encoding: TextEncoding,
    /// `b','`, `b';'`, `b'\t'` or `b'|'`.
    pub delimiter: u8,
    pub quote: u8,
    /// `None`: quotes are escaped by doubling them.
    pub escape: Option<u8>,
    pub line_ends: LineEnds,
    /// Physical lines before the header (report titles, blank lines).
    pub preamble_lines: u64,
    /// 0 (no header: columns are `column1`…), 1, or more (joined with a space).
    pub header_rows: usize,
    /// SAP ALV lists write `|a|b|`: the empty first and last fields are dropped.
    pub trim_edge_columns: bool,
    /// Number of fields of a data record.
    pub width: usize,
    /// Every line ends with a delimiter (`a,b,c,` under `x,y,z,`): the empty
    /// last field is dropped from records of `width + 1` fields.
    pub trim_trailing_empty: bool,
}

/// Why a file cannot be read as a table. Each names line and byte offset where known.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is empty")]
    Empty,
    #[error("not a text table: {what} (byte offset {offset})")]
    Binary { what: String, offset: u64 },
    #[error("line {line}, byte offset {offset}: bytes that are not valid {encoding}")]
    Undecodable {
        line: u64,
        offset: u64,
        encoding: String,
    },
    #[error("line {line}, byte offset {offset}: a quoted field is never closed")]
    UnterminatedQuote { line: u64, offset: u64 },
    #[error("line {line}, byte offset {offset}: a field is larger than 1 MiB")]
    FieldTooLarge { line: u64, offset: u64 },
    #[error("no table found: {0}")]
    NoTable(String),
}

/// One record as read: its fields and where it starts.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// Byte offset in the file where the record starts (exact for UTF-8 and
    /// Windows-1252, in code units x2 for UTF-16).
    pub byte_offset: u64,
    buf: String,
    ends: Vec<usize>,
}

impl Record {
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.buf[start..end])
    }
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(move |i| self.get(i).unwrap_or(""))
    }
    pub fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
    }
    pub fn push_field(&mut self, s: &str) {
        self.buf.push_str(s);
        self.ends.push(self.buf.len());
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedLine {
    pub line: u64,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnProfile {
    pub name: String,
    pub kind: ColumnKind,
}

/// What [`sniff_file`] found.
#[derive(Debug, Clone, Serialize)]
pub struct Sniffed {
    pub dialect: Dialect,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    pub size_bytes: u64,
    /// Column names, header rows joined; `column1`… without a header.
    pub header: Vec<String>,
    /// Lines of the header row(s).
    pub header_lines: Vec<u64>,
    pub preamble: Vec<SkippedLine>,
    /// Profiles of the columns from the sample.
    pub columns: Vec<ColumnProfile>,
}

/// Reads the whole file once (SHA-256, size, encoding, binary and decoding
/// checks) and detects the dialect, preamble, header and column kinds from a
/// sample of its first MiB.
///
/// Footer lines are only known at the end of the file: see [`scan_table`] (or
/// [`TableReader::footer`]).
pub fn sniff_file(path: &Path) -> Result<Sniffed, FileError> {
    sniff::sniff_file(path)
}

/// What a streamed record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// A record of the table's width (after edge trimming).
    Data,
    /// A record of another width in the middle of the table.
    Ragged,
}

/// Streams the data records of a sniffed file. Footer lines (records of
/// another width at the very end) are held back and dropped at the end.
///
/// What is not returned: the preamble lines and header rows, blank lines
/// (also lines of only delimiters or spaces), separator lines of dashes
/// (`-----`, `|----|----|`), and repeats of the header rows (page headers of
/// paginated list exports, counted by [`TableReader::repeated_headers`]).
/// Records of another width than the table are returned as
/// [`RowKind::Ragged`], unchanged (never padded or cut), unless they are the
/// footer: the records at the very end of the file, after the last fitting
/// record, that are narrower than the table, or wider but starting with a
/// sentence or a total word (`Exported by JSMITH, 24.11.2026`), or anything
/// after a blank or separator line (a summary block or second small table
/// below the first); a totals row of the table's width (`Total;;15,000;…`,
/// ALV `*`, with some cell empty) at the end is footer too. At most 10 such
/// records (100 after a blank or separator line) and 1 MiB are held back;
/// beyond that they are returned in order as ragged rows (or data rows). A
/// wider record that starts like data (`4712,Nut,1,5`: an unquoted delimiter)
/// is never footer.
///
/// Cells are returned as they are in the file (no trimming), except in SAP ALV
/// lists (`trim_edge_columns`), where the blank padding around cells is layout
/// and is trimmed.
pub struct TableReader {
    core: table::Core<source::FileSource>,
}

impl TableReader {
    pub fn open(path: &Path, dialect: &Dialect) -> Result<Self, FileError> {
        let src = source::FileSource::open(path, dialect.encoding)?;
        let core = table::Core::new(src, dialect, dialect.encoding == TextEncoding::Windows1252)?;
        Ok(TableReader { core })
    }
    /// `Ok(None)` at the end of the table.
    pub fn next_row(&mut self, rec: &mut Record) -> Result<Option<RowKind>, FileError> {
        self.core.next_row(rec)
    }
    /// Footer lines dropped (valid once `next_row` returned `None`).
    pub fn footer(&self) -> &[SkippedLine] {
        &self.core.footer
    }
    /// Bytes of the file consumed so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.core.bytes_read()
    }
    /// The header rows as read (cells trimmed), one entry per header row.
    pub fn header_rows(&self) -> &[Vec<String>] {
        &self.core.header
    }
    /// Lines of the header rows.
    pub fn header_lines(&self) -> &[u64] {
        &self.core.header_lines
    }
    /// Repeats of the header row(s) inside the table that were skipped
    /// (paginated exports repeat the column titles on every page).
    pub fn repeated_headers(&self) -> u64 {
        self.core.repeated
    }
}

/// A whole (small) file read into memory: see [`read_table`].
#[derive(Debug, Clone, Serialize)]
pub struct ReadTable {
    pub sniffed: Sniffed,
    /// `sniffed.header` first, then every record [`TableReader`] returned, in
    /// order, cells exactly as returned (ragged rows keep their own width).
    pub rows: Vec<Vec<String>>,
    /// Line and kind of each record: `records[i]` belongs to `rows[i + 1]`.
    pub records: Vec<(u64, RowKind)>,
    /// Footer lines at the end of the file, not part of `rows`.
    pub footer: Vec<SkippedLine>,
    /// Repeats of the header rows that were skipped.
    pub repeated_headers: u64,
}

impl ReadTable {
    /// Lines of the ragged rows.
    pub fn ragged_lines(&self) -> Vec<u64> {
        self.records
            .iter()
            .filter(|(_, k)| *k == RowKind::Ragged)
            .map(|(l, _)| *l)
            .collect()
    }
}

/// Sniffs and reads a whole file into memory (tests, small files, previews).
pub fn read_table(path: &Path) -> Result<ReadTable, FileError> {
    let sniffed = sniff_file(path)?;
    let mut reader = TableReader::open(path, &sniffed.dialect)?;
    let mut rows = vec![sniffed.header.clone()];
    let mut records = Vec::new();
    let mut rec = Record::default();
    while let Some(kind) = reader.next_row(&mut rec)? {
        rows.push(rec.iter().map(str::to_string).collect());
        records.push((rec.line, kind));
    }
    Ok(ReadTable {
        footer: reader.footer().to_vec(),
        repeated_headers: reader.repeated_headers(),
        sniffed,
        rows,
        records,
    })
}

/// A ragged row found by [`scan_table`].
#[derive(Debug, Clone, Serialize)]
pub struct RaggedRow {
    pub line: u64,
    pub byte_offset: u64,
    /// Number of fields of the row.
    pub fields: usize,
    /// The fields joined with the delimiter.
    pub text: String,
}

/// What streaming a whole file found: see [`scan_table`].
#[derive(Debug, Clone, Serialize)]
pub struct TableScan {
    pub data_rows: u64,
    pub ragged_rows: u64,
    /// The first [`SCAN_RAGGED_LIMIT`] ragged rows.
    pub ragged: Vec<RaggedRow>,
    pub footer: Vec<SkippedLine>,
    pub repeated_headers: u64,
}

/// How many ragged rows [`scan_table`] lists.
pub const SCAN_RAGGED_LIMIT: usize = 100;

/// Streams the whole file with bounded memory and counts what it holds
/// (for `bodesk sniff`: data rows, ragged rows, footer lines).
pub fn scan_table(path: &Path, dialect: &Dialect) -> Result<TableScan, FileError> {
    let mut reader = TableReader::open(path, dialect)?;
    let mut rec = Record::default();
    let mut scan = TableScan {
        data_rows: 0,
        ragged_rows: 0,
        ragged: Vec::new(),
        footer: Vec::new(),
        repeated_headers: 0,
    };
    let sep = (dialect.delimiter as char).to_string();
    while let Some(kind) = reader.next_row(&mut rec)? {
        match kind {
            RowKind::Data => scan.data_rows += 1,
            RowKind::Ragged => {
                scan.ragged_rows += 1;
                if scan.ragged.len() < SCAN_RAGGED_LIMIT {
                    scan.ragged.push(RaggedRow {
                        line: rec.line,
                        byte_offset: rec.byte_offset,
                        fields: rec.len(),
                        text: rec.iter().collect::<Vec<_>>().join(&sep),
                    });
                }
            }
        }
    }
    scan.footer = reader.footer().to_vec();
    scan.repeated_headers = reader.repeated_headers();
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialect(encoding: TextEncoding, delimiter: u8, width: usize) -> Dialect {
        Dialect {
            encoding,
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

    /// Reads all rows; returns how many and the error that ended them.
    fn read_until_error(bytes: &[u8], d: &Dialect) -> (usize, Option<FileError>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut r = TableReader::open(&path, d).unwrap();
        let mut rec = Record::default();
        let mut n = 0;
        loop {
            match r.next_row(&mut rec) {
                Ok(Some(_)) => n += 1,
                Ok(None) => return (n, None),
                Err(e) => return (n, Some(e)),
            }
        }
    }

    /// `rows` lines `i;ä` after a header, in UTF-8.
    fn utf8_rows(rows: usize) -> String {
        let mut s = String::from("a;b\n");
        for i in 0..rows {
            s.push_str(&format!("{i};\u{e4}\n"));
        }
        s
    }

    #[test]
    fn reader_reports_invalid_utf8_past_the_first_chunk() {
        let text = utf8_rows(50_000);
        let mut bytes = text.clone().into_bytes();
        bytes.extend_from_slice(b"x;\xC3(\n");
        let (n, err) = read_until_error(&bytes, &dialect(TextEncoding::Utf8, b';', 2));
        assert_eq!(n, 50_000);
        match err {
            Some(FileError::Undecodable {
                line,
                offset,
                encoding,
            }) => {
                assert_eq!(
                    (line, offset, encoding.as_str()),
                    (50_002, text.len() as u64 + 2, "UTF-8")
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reader_reports_nul_past_the_first_chunk() {
        let text = utf8_rows(50_000);
        let mut bytes = text.clone().into_bytes();
        bytes.extend_from_slice(b"x;\x00\n");
        let (_, err) = read_until_error(&bytes, &dialect(TextEncoding::Utf8, b';', 2));
        assert!(
            matches!(err, Some(FileError::Binary { offset, .. }) if offset == text.len() as u64 + 2),
            "{err:?}"
        );
    }

    #[test]
    fn reader_reports_bad_windows_1252_bytes() {
        let mut bytes = b"a;b\r\n".to_vec();
        for i in 0..40_000 {
            bytes.extend_from_slice(format!("{i};").as_bytes());
            bytes.extend_from_slice(b"\xE4\r\n");
        }
        let at = bytes.len() as u64 + 2;
        bytes.extend_from_slice(b"x;\x8D\r\n");
        let (n, err) = read_until_error(&bytes, &dialect(TextEncoding::Windows1252, b';', 2));
        assert_eq!(n, 40_000);
        assert!(
            matches!(err, Some(FileError::Undecodable { line: 40_002, offset, ref encoding }) if offset == at && encoding == "Windows-1252"),
            "{err:?}"
        );
        // The umlauts were decoded.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, &bytes[..20]).unwrap();
        let mut r = TableReader::open(&path, &dialect(TextEncoding::Windows1252, b';', 2)).unwrap();
        let mut rec = Record::default();
        r.next_row(&mut rec).unwrap();
        assert_eq!(rec.get(1), Some("\u{e4}"));
    }

    #[test]
    fn reader_reports_unpaired_surrogates_and_open_quotes_in_utf16() {
        let text = utf8_rows(60_000);
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let at = bytes.len() as u64 + 4;
        bytes.extend("x;".encode_utf16().flat_map(u16::to_le_bytes));
        bytes.extend_from_slice(&[0x00, 0xD8, b'y', 0x00]);
        let (n, err) = read_until_error(&bytes, &dialect(TextEncoding::Utf16Le, b';', 2));
        assert_eq!(n, 60_000);
        assert!(
            matches!(err, Some(FileError::Undecodable { line: 60_002, offset, .. }) if offset == at),
            "{err:?}"
        );

        let mut bytes = vec![0xFF, 0xFE];
        let text = format!("{}x;\"open\nquote", utf8_rows(10));
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (_, err) = read_until_error(&bytes, &dialect(TextEncoding::Utf16Le, b';', 2));
        let at = 2 + 2 * text[..text.find('"').unwrap()].encode_utf16().count() as u64;
        assert!(
            matches!(err, Some(FileError::UnterminatedQuote { line: 12, offset }) if offset == at),
            "{err:?}"
        );
    }

    #[test]
    fn reader_skips_preamble_lines_as_they_are() {
        // A quote in a title line means nothing.
        let text = "Report \"Q3\r\n\"Stock; all plants\r\n\r\na;b\r\n1;2\r\n";
        let d = Dialect {
            preamble_lines: 3,
            line_ends: LineEnds::Crlf,
            ..dialect(TextEncoding::Utf8, b';', 2)
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, text).unwrap();
        let mut r = TableReader::open(&path, &d).unwrap();
        assert_eq!(r.header_rows(), &[vec!["a".to_string(), "b".to_string()]]);
        assert_eq!(r.header_lines(), &[4]);
        let mut rec = Record::default();
        assert_eq!(r.next_row(&mut rec).unwrap(), Some(RowKind::Data));
        assert_eq!(
            (rec.line, rec.byte_offset),
            (5, text.find("1;2").unwrap() as u64)
        );
        assert_eq!(r.next_row(&mut rec).unwrap(), None);
        assert_eq!(r.bytes_read(), text.len() as u64);
    }
}
