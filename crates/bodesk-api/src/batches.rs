//! The import history, reject exports and the working set's health check.

use std::io::Write;
use std::path::Path;

use rusqlite::params;

use crate::dto::{BatchDto, BatchFileDto, CheckDto};
use crate::sniff::write_csv_row;
use crate::{ApiError, ErrorCode, Workspace};

/// Prefixes text a spreadsheet would run as a formula (`= + - @`, tab, CR) with `'`.
pub fn formula_safe(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

impl Workspace {
    /// Every import batch, newest first.
    pub fn batches(&self) -> Result<Vec<BatchDto>, ApiError> {
        let conn = self.store().conn();
        let mut stmt = conn.prepare(
            "SELECT batch_id, started_at, user_name, as_of, status, keep_valid, rows_written, rejects FROM import_batch ORDER BY batch_id DESC",
        )?;
        let mut batches = stmt
            .query_map([], |r| {
                Ok(BatchDto {
                    batch_id: r.get(0)?,
                    started_at: r.get(1)?,
                    user: r.get(2)?,
                    as_of: r.get(3)?,
                    status: r.get(4)?,
                    keep_valid: r.get(5)?,
                    rows_written: r.get::<_, i64>(6)? as u64,
                    rejects: r.get::<_, i64>(7)? as u64,
                    files: vec![],
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut files = conn.prepare(
            "SELECT file_name, entity, status, rows_read, rejects, sha256, error FROM import_file WHERE batch_id = ?1 ORDER BY file_no",
        )?;
        for b in &mut batches {
            b.files = files
                .query_map([b.batch_id], |r| {
                    Ok(BatchFileDto {
                        file: r.get(0)?,
                        entity: r.get(1)?,
                        status: r.get(2)?,
                        rows: r.get::<_, i64>(3)? as u64,
                        rejects: r.get::<_, i64>(4)? as u64,
                        sha256: r.get(5)?,
                        error: r.get(6)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
        }
        Ok(batches)
    }

    /// Writes a batch's rejects as CSV (formula-safe); returns how many.
    pub fn export_rejects(&self, batch_id: i64, out: &Path) -> Result<u64, ApiError> {
        let io = |e: std::io::Error| {
            ApiError::new(ErrorCode::Storage, format!("{}: {e}", out.display()))
        };
        self.batch_exists(batch_id)?;
        let mut w = std::io::BufWriter::new(std::fs::File::create(out).map_err(io)?);
        let n = self.write_rejects(batch_id, &mut w, &io)?;
        w.flush().map_err(io)?;
        Ok(n)
    }

    /// A batch's rejects as CSV text (formula-safe), for the UI's download.
    pub fn rejects_csv(&self, batch_id: i64) -> Result<String, ApiError> {
        self.batch_exists(batch_id)?;
        let io = |e: std::io::Error| ApiError::new(ErrorCode::Internal, e.to_string());
        let mut out = Vec::new();
        self.write_rejects(batch_id, &mut out, &io)?;
        String::from_utf8(out).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
    }

    /// One page of a batch's rejects, in file and line order.
    pub fn batch_rejects(
        &self,
        batch_id: i64,
        offset: u64,
        limit: u64,
    ) -> Result<crate::dto::RejectPage, ApiError> {
        self.batch_exists(batch_id)?;
        let conn = self.store().conn();
        let total: i64 = conn.query_row(
            "SELECT count(*) FROM import_reject WHERE batch_id = ?1",
            [batch_id],
            |r| r.get(0),
        )?;
        let mut stmt = conn.prepare(
            "SELECT file_name, line, byte_offset, column_name, value, reason FROM import_reject
             WHERE batch_id = ?1 ORDER BY reject_no LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt
            .query_map(
                params![batch_id, limit.min(10_000) as i64, offset as i64],
                |r| {
                    Ok(crate::dto::RejectDto {
                        file: r.get(0)?,
                        line: r.get::<_, Option<i64>>(1)?.map(|v| v as u64),
                        byte_offset: r.get::<_, Option<i64>>(2)?.map(|v| v as u64),
                        column: r.get(3)?,
                        value: r.get(4)?,
                        reason: r.get(5)?,
                    })
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(crate::dto::RejectPage {
            total: total as u64,
            rows,
        })
    }

    fn batch_exists(&self, batch_id: i64) -> Result<(), ApiError> {
        let exists: i64 = self.store().conn().query_row(
            "SELECT count(*) FROM import_batch WHERE batch_id = ?1",
            [batch_id],
            |r| r.get(0),
        )?;
        if exists == 0 {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("no import batch {batch_id} (see `bodesk batches`)"),
            ));
        }
        Ok(())
    }

    fn write_rejects(
        &self,
        batch_id: i64,
        mut w: &mut dyn Write,
        io: &dyn Fn(std::io::Error) -> ApiError,
    ) -> Result<u64, ApiError> {
        let conn = self.store().conn();
        write_csv_row(
            &mut w,
            [
                "batch_id",
                "file",
                "line",
                "byte_offset",
                "column",
                "value",
                "reason",
            ]
            .into_iter(),
        )
        .map_err(io)?;
        let mut stmt = conn.prepare(
            "SELECT file_name, line, byte_offset, column_name, value, reason FROM import_reject WHERE batch_id = ?1 ORDER BY reject_no",
        )?;
        let mut rows = stmt.query(params![batch_id])?;
        let mut n = 0u64;
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> rusqlite::Result<String> {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => String::new(),
                    rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                    rusqlite::types::ValueRef::Real(v) => v.to_string(),
                    rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                        String::from_utf8_lossy(t).to_string()
                    }
                })
            };
            let cells = [
                batch_id.to_string(),
                text(0)?,
                text(1)?,
                text(2)?,
                text(3)?,
                text(4)?,
                text(5)?,
            ];
            write_csv_row(
                &mut w,
                cells
                    .iter()
                    .map(|c| formula_safe(c))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|c| c.as_ref()),
            )
            .map_err(io)?;
            n += 1;
        }
        Ok(n)
    }

    /// `integrity_check`, `foreign_key_check`, the store's invariants and row counts.
    pub fn check(&self) -> Result<CheckDto, ApiError> {
        let r = self.store().check()?;
        Ok(CheckDto {
            ok: r.ok(),
            schema_version: r.schema_version,
            integrity: r.integrity,
            foreign_keys: r.foreign_keys,
            invariants: r.invariants,
            counts: self.counts()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::formula_safe;

    #[test]
    fn formulas_are_defused() {
        let out: Vec<String> = ["=SUM(A1)", "+1", "-2", "@x", "\tx", "plain", "", "1-2"]
            .iter()
            .map(|s| formula_safe(s).to_string())
            .collect();
        assert_eq!(
            out,
            ["'=SUM(A1)", "'+1", "'-2", "'@x", "'\tx", "plain", "", "1-2"]
        );
    }
}
