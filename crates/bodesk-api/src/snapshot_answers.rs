//! Answers from the KPI snapshot the newest import stored, while the working
//! set is still exactly as that import left it.
//!
//! Each import records the totals and the breakdowns of [`SNAPSHOT_DIMS`] in
//! `kpi_snapshot`, computed by the engine inside the import's transaction
//! (after its last row, before its audit record). Until anything else is
//! written (another batch, an override, a setting: every write is a batch
//! or an audited change) those figures are the engine's figures, so the
//! totals and those breakdowns of the whole network are read back instead of
//! waiting for the engine to be loaded: the first dashboard after a start
//! needs no engine. Anything else, or a stale snapshot, goes to the engine.

use bodesk_kpi::Dim;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use crate::dto::{DrillReport, KpiFigures, KpiGroup, KpiReport, KpiTotal};
use crate::kpi::{data_version, resolve_as_of, SNAPSHOT_DIMS};
use crate::{ApiError, ErrorCode};

/// Whether the snapshot of `as_of` was computed on the working set as it is
/// now: stored by the newest committed batch, whose audit record is the last
/// one.
fn fresh(conn: &Connection, as_of: &str) -> Result<bool, ApiError> {
    let (batch, audit) = data_version(conn)?;
    let stored_by: Option<i64> = conn
        .query_row(
            "SELECT batch_id FROM kpi_snapshot WHERE as_of = ?1 AND dim = 'total' AND key = ''",
            [as_of],
            |r| r.get(0),
        )
        .optional()?;
    if stored_by != Some(batch) {
        return Ok(false);
    }
    let import_audit: Option<i64> = conn.query_row(
        "SELECT max(audit_id) FROM audit_log WHERE action = 'import' AND entity = 'import_batch' AND entity_key = ?1",
        [batch.to_string()],
        |r| r.get(0),
    )?;
    Ok(import_audit == Some(audit))
}

fn parse<T: serde::de::DeserializeOwned>(as_of: &str, json: &str) -> Result<T, ApiError> {
    serde_json::from_str(json)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("KPI snapshot of {as_of}: {e}")))
}

/// The stored totals and (with `dim`) groups, when the snapshot is fresh
/// and holds them.
fn stored(
    conn: &Connection,
    as_of: NaiveDate,
    dim: Option<Dim>,
) -> Result<Option<(KpiTotal, Vec<KpiGroup>)>, ApiError> {
    if dim.is_some_and(|d| !SNAPSHOT_DIMS.contains(&d)) {
        return Ok(None);
    }
    let as_of = as_of.format("%Y-%m-%d").to_string();
    if !fresh(conn, &as_of)? {
        return Ok(None);
    }
    let total: String = conn.query_row(
        "SELECT figures FROM kpi_snapshot WHERE as_of = ?1 AND dim = 'total' AND key = ''",
        [&as_of],
        |r| r.get(0),
    )?;
    let total: KpiTotal = parse(&as_of, &total)?;
    let mut groups = Vec::new();
    if let Some(dim) = dim {
        // Keys in byte order, as the engine sorts them.
        let mut stmt = conn.prepare(
            "SELECT key, figures FROM kpi_snapshot WHERE as_of = ?1 AND dim = ?2 ORDER BY key",
        )?;
        let mut rows = stmt.query([as_of.as_str(), dim.name()])?;
        while let Some(r) = rows.next()? {
            let figures: String = r.get(1)?;
            groups.push(KpiGroup {
                key: r.get(0)?,
                figures: parse::<KpiFigures>(&as_of, &figures)?,
            });
        }
    }
    Ok(Some((total, groups)))
}

/// [`Workspace::kpis`](crate::Workspace::kpis) from the snapshot, or `None`.
pub(crate) fn kpis(
    conn: &Connection,
    as_of: Option<&str>,
    dim: Option<Dim>,
) -> Result<Option<KpiReport>, ApiError> {
    let as_of = resolve_as_of(conn, as_of)?;
    Ok(stored(conn, as_of, dim)?.map(|(total, groups)| KpiReport {
        as_of: as_of.format("%Y-%m-%d").to_string(),
        by: dim.map(|d| d.name().to_string()),
        total,
        groups,
    }))
}

/// [`Workspace::drill`](crate::Workspace::drill) of the whole network (no
/// filters) from the snapshot, or `None`.
pub(crate) fn drill(
    conn: &Connection,
    as_of: Option<&str>,
    dim: Option<Dim>,
) -> Result<Option<DrillReport>, ApiError> {
    let as_of = resolve_as_of(conn, as_of)?;
    Ok(
        stored(conn, as_of, dim)?.map(|(total, groups)| DrillReport {
            as_of: as_of.format("%Y-%m-%d").to_string(),
            filters: Vec::new(),
            by: dim.map(|d| d.name().to_string()),
            figures: total.figures,
            groups_total: groups.len() as u64,
            groups,
        }),
    )
}
