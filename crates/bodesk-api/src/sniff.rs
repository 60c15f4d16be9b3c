//! How the reader sees a file: for a user whose export was rejected, and for
//! any delimited text file (`bodesk sniff`).

use std::io::Write;
use std::path::Path;

use bodesk_ingest::contract::{self, Profile};
use bodesk_ingest::reader::{self, Record, RowKind, TableReader};
use bodesk_ingest::values::{ColumnKind, DecimalMark};

use crate::dto::{ColumnDto, LineDto, SniffReport};
use crate::import::dialect_dto;
use crate::{ApiError, ErrorCode};

/// Sniffs `path`; with `out`, also writes the table exactly as read (header,
/// then every record after preamble and footer removal) as RFC 4180 UTF-8 CSV.
pub fn sniff(
    path: &Path,
    profile_toml: Option<&str>,
    out: Option<&Path>,
) -> Result<SniffReport, ApiError> {
    let profile = match profile_toml {
        Some(t) => Some(
            Profile::from_toml(t)
                .map_err(|e| ApiError::invalid(format!("mapping profile: {e}")))?,
        ),
        None => None,
    };
    let name = path.display().to_string();
    let sniffed = reader::sniff_file(path)
        .map_err(|e| ApiError::new(ErrorCode::Rejected, format!("{name}: {e}")))?;
    let by_name = contract::entity_from_file_name(path, profile.as_ref());
    let (entity, recognised_by) = match by_name {
        Some(e) => (Some(e), Some("file name".to_string())),
        None => match contract::entity_from_header(&sniffed.header, profile.as_ref()) {
            Some(e) => (Some(e), Some("header".to_string())),
            None => (None, None),
        },
    };
    let mapping = entity.map(|e| contract::map_header(e, &sniffed.header, profile.as_ref()));
    let maps_to = |i: usize| -> Option<String> {
        let m = mapping.as_ref()?;
        let ci = m.source.iter().position(|s| *s == Some(i))?;
        Some(m.entity.def().columns[ci].name.to_string())
    };
    let columns = sniffed
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (kind, style) = match &c.kind {
                ColumnKind::Empty => ("empty", None),
                ColumnKind::Integer => ("integer", None),
                ColumnKind::Decimal {
                    decimal_mark,
                    thousands,
                } => (
                    "decimal",
                    Some(format!(
                        "decimal {}{}",
                        match decimal_mark {
                            DecimalMark::Dot => "point",
                            DecimalMark::Comma => "comma",
                        },
                        if *thousands {
                            ", thousands separators"
                        } else {
                            ""
                        }
                    )),
                ),
                ColumnKind::Date { style } => ("date", Some(style.clone())),
                ColumnKind::Text => ("text", None),
            };
            ColumnDto {
                name: c.name.clone(),
                kind: kind.into(),
                style,
                maps_to: maps_to(i),
            }
        })
        .collect();

    // Read the whole table: row count, ragged rows, footer; and --out.
    let io_err =
        |e: std::io::Error| ApiError::new(ErrorCode::Storage, format!("writing the table: {e}"));
    let mut writer = match out {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).map_err(io_err)?,
        )),
        None => None,
    };
    if let Some(w) = writer.as_mut() {
        write_csv_row(w, sniffed.header.iter().map(String::as_str)).map_err(io_err)?;
    }
    let mut rd = TableReader::open(path, &sniffed.dialect)
        .map_err(|e| ApiError::new(ErrorCode::Rejected, format!("{name}: {e}")))?;
    let mut rec = Record::default();
    let (mut rows, mut ragged_lines) = (0u64, Vec::new());
    while let Some(kind) = rd
        .next_row(&mut rec)
        .map_err(|e| ApiError::new(ErrorCode::Rejected, format!("{name}: {e}")))?
    {
        rows += 1;
        if kind == RowKind::Ragged {
            ragged_lines.push(rec.line);
        }
        if let Some(w) = writer.as_mut() {
            write_csv_row(w, rec.iter()).map_err(io_err)?;
        }
    }
    if let Some(mut w) = writer {
        w.flush().map_err(io_err)?;
    }
    let footer = rd
        .footer()
        .iter()
        .map(|l| LineDto {
            line: l.line,
            text: l.text.clone(),
        })
        .collect();

    Ok(SniffReport {
        file: name,
        size_bytes: sniffed.size_bytes,
        sha256: sniffed.sha256.clone(),
        dialect: dialect_dto(&sniffed, None),
        preamble: sniffed
            .preamble
            .iter()
            .map(|l| LineDto {
                line: l.line,
                text: l.text.clone(),
            })
            .collect(),
        header_lines: sniffed.header_lines.clone(),
        header: sniffed.header.clone(),
        columns,
        entity: entity.map(|e| e.to_string()),
        recognised_by,
        ignored_columns: mapping
            .as_ref()
            .map(|m| m.ignored.clone())
            .unwrap_or_default(),
        missing_columns: mapping
            .as_ref()
            .map(|m| m.missing.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default(),
        rows,
        ragged_lines,
        footer,
    })
}

/// One RFC 4180 row: fields quoted when they hold `,` `"` CR or LF.
pub(crate) fn write_csv_row<'a>(
    w: &mut impl Write,
    fields: impl Iterator<Item = &'a str>,
) -> std::io::Result<()> {
    let mut first = true;
    for f in fields {
        if !first {
            w.write_all(b",")?;
        }
        first = false;
        if f.contains([',', '"', '\r', '\n']) {
            w.write_all(b"\"")?;
            w.write_all(f.replace('"', "\"\"").as_bytes())?;
            w.write_all(b"\"")?;
        } else {
            w.write_all(f.as_bytes())?;
        }
    }
    w.write_all(b"\r\n")
}
