//! Bytes to a table. (STUB: signatures fixed, bodies to be written.)
//!
//! [`sniff_file`] reads the whole file once (SHA-256, encoding check, binary
//! check) and a sample for the dialect; [`TableReader`] then streams the data
//! records with bounded memory.

use std::path::Path;

use serde::Serialize;

use crate::values::ColumnKind;

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
    Undecodable { line: u64, offset: u64, encoding: String },
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

pub fn sniff_file(_path: &Path) -> Result<Sniffed, FileError> {
    Err(FileError::NoTable("not implemented".into()))
}

/// What a streamed record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A record of the table's width (after edge trimming).
    Data,
    /// A record of another width in the middle of the table.
    Ragged,
}

/// Streams the data records of a sniffed file. Footer lines (records of
/// another width at the very end) are held back and dropped at the end.
pub struct TableReader {
    _private: (),
}

impl TableReader {
    pub fn open(_path: &Path, _dialect: &Dialect) -> Result<Self, FileError> {
        Err(FileError::NoTable("not implemented".into()))
    }
    /// `Ok(None)` at the end of the table.
    pub fn next_row(&mut self, _rec: &mut Record) -> Result<Option<RowKind>, FileError> {
        Ok(None)
    }
    /// Footer lines dropped (valid once `next_row` returned `None`).
    pub fn footer(&self) -> &[SkippedLine] {
        &[]
    }
    /// Bytes of the file consumed so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        0
    }
}
