//! Root causes in the working set: the open lines and their facts are read
//! here and tagged by the pure engine (`bodesk-causes`); the tags are kept
//! in `root_cause_tag` (migration 5), planners' overrides in
//! `root_cause_override`, the rules as TOML in the setting
//! [`RULES_KEY`] (absent: the built-in rules).
//!
//! - Every committed import tags the open lines inside its transaction,
//!   before the KPI snapshot ([`tag_open_lines`]); a closed line keeps the
//!   tag it had when it was last open.
//! - A rule change is previewed (what would be retagged, from → to) and
//!   applied in one transaction with its audit record.
//! - An override is set or cleared with a reason and an audit record; it is
//!   read on top of the tag everywhere (`kpi::load_overrides`, the line
//!   detail, `causes`), so it survives re-imports.

use std::collections::HashMap;

use bodesk_causes::{
    Campaign, DemandMonth, Facts, OpenLine, Part, PurchaseOrder, RootCause, RuleSet, RulesError,
    ServiceEvent, Stock, Tag, Transfer, DEFAULT_RULES_TOML,
};
use bodesk_store::Store;
use chrono::{Duration, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use crate::dto::{
    CauseCount, CauseLineRow, CauseOverrideDto, CauseRuleDto, CauseRulesDto, CausesReport,
    FieldReport, LineCause, RetagCount, RetagLine, RetagReport, RuleParamDto, RulesErrorDto,
    StoppedPartDto,
};
use crate::kpi::resolve_as_of;
use crate::{now_utc, user_name, ApiError, ErrorCode, Workspace};

/// The setting that holds the working set's own rules (TOML).
pub const RULES_KEY: &str = "root_cause_rules";

/// Lines listed by `causes` unless asked otherwise.
const DEFAULT_LIMIT: usize = 200;

/// Retagged lines listed by a preview at most (the counts cover all).
const RETAG_LINES_SHOWN: usize = 2000;

/// The open-line condition of `kpis.md` (status open, something open,
/// created by the as-of date), on table alias `b`.
const OPEN: &str = "b.status = 'open' AND b.qty_open > 0 AND b.created_date <= ?1";

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

fn rules_error(e: &RulesError) -> RulesErrorDto {
    RulesErrorDto {
        line: e.line as u64,
        column: e.column as u64,
        message: e.message.clone(),
    }
}

/// The rules in force: `(TOML, parsed, is_default)`.
fn rules_in_force(conn: &Connection) -> Result<(String, RuleSet, bool), ApiError> {
    match crate::settings::setting(conn, RULES_KEY)? {
        Some(text) => {
            let rules = RuleSet::parse(&text).map_err(|e| {
                ApiError::invalid(format!(
                    "the working set's root-cause rules (setting {RULES_KEY}): {e}"
                ))
            })?;
            Ok((text, rules, false))
        }
        None => Ok((DEFAULT_RULES_TOML.to_string(), RuleSet::default(), true)),
    }
}

fn rule_dtos(rules: &RuleSet) -> Vec<CauseRuleDto> {
    rules
        .rules
        .iter()
        .map(|r| CauseRuleDto {
            name: r.name.clone(),
            kind: r.kind.as_str().to_string(),
            root_cause: r.kind.cause().as_str().to_string(),
            params: r
                .kind
                .params()
                .iter()
                .map(|p| RuleParamDto {
                    name: p.name.to_string(),
                    value: r.param(p.name),
                    default: p.default,
                    doc: p.doc.to_string(),
                })
                .collect(),
        })
        .collect()
}

/// The open lines as of `as_of` and every fact the rules read about them.
fn load_facts(conn: &Connection, as_of: NaiveDate) -> Result<(Vec<OpenLine>, Facts), ApiError> {
    let t = iso(as_of);
    let lines = load_open_lines(conn, as_of)?;
    let mut f = Facts::default();
    // The parts of open lines and their successors.
    let mut stmt = conn.prepare(&format!(
        "SELECT part_id, lifecycle, eol_date, successor_part_id, lead_time_days, reorder_point, safety_stock
         FROM parts WHERE part_id IN (SELECT part_id FROM backorders b WHERE {OPEN})"
    ))?;
    let mut rows = stmt.query([&t])?;
    while let Some(r) = rows.next()? {
        f.parts.push(Part {
            part_id: r.get(0)?,
            lifecycle: r.get(1)?,
            eol_date: date(r.get(2)?),
            successor_part_id: r.get(3)?,
            lead_time_days: r.get(4)?,
            reorder_point: r.get(5)?,
            safety_stock: r.get(6)?,
        });
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT po_id, po_line, part_id, supplier_id, location_id, qty_ordered, qty_received,
                committed_date, received_date, status
         FROM purchase_orders
         WHERE status <> 'cancelled' AND part_id IN (SELECT part_id FROM backorders b WHERE {OPEN})"
    ))?;
    let mut rows = stmt.query([&t])?;
    while let Some(r) = rows.next()? {
        let Some(committed_date) = date(r.get(7)?) else {
            continue;
        };
        f.purchase_orders.push(PurchaseOrder {
            po_id: r.get(0)?,
            po_line: r.get(1)?,
            part_id: r.get(2)?,
            supplier_id: r.get(3)?,
            location_id: r.get(4)?,
            qty_ordered: r.get(5)?,
            qty_received: r.get::<_, Option<f64>>(6)?.unwrap_or(0.0),
            committed_date,
            received_date: date(r.get(8)?),
            status: r.get(9)?,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT transfer_id, part_id, from_location_id, to_location_id, qty, ship_date,
                expected_date, received_date, status
         FROM transfers WHERE status <> 'received' AND received_date IS NULL",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some(expected_date) = date(r.get(6)?) else {
            continue;
        };
        f.transfers.push(Transfer {
            transfer_id: r.get(0)?,
            part_id: r.get(1)?,
            from_location_id: r.get(2)?,
            to_location_id: r.get(3)?,
            qty: r.get(4)?,
            ship_date: date(r.get(5)?),
            expected_date,
            received_date: date(r.get(7)?),
            status: r.get(8)?,
        });
    }
    // Demand of the (part, location) pairs of open lines only (the IN list
    // is built once; backorders has no index by part).
    let mut stmt = conn.prepare(&format!(
        "SELECT d.part_id, d.location_id, d.period, d.qty_demanded FROM demand_history d
         WHERE (d.part_id, d.location_id) IN
               (SELECT b.part_id, b.location_id FROM backorders b WHERE {OPEN})"
    ))?;
    let mut rows = stmt.query([&t])?;
    while let Some(r) = rows.next()? {
        let period: String = r.get(2)?;
        let Some(period) = date(Some(format!("{period}-01"))) else {
            continue;
        };
        f.demand.push(DemandMonth {
            part_id: r.get(0)?,
            location_id: r.get(1)?,
            period,
            qty_demanded: r.get(3)?,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT campaign_id, part_id, location_id, qty, start_date, end_date FROM campaigns",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (Some(start_date), Some(end_date)) = (date(r.get(4)?), date(r.get(5)?)) else {
            continue;
        };
        f.campaigns.push(Campaign {
            campaign_id: r.get(0)?,
            part_id: r.get(1)?,
            location_id: r.get(2)?,
            qty: r.get(3)?,
            start_date,
            end_date,
        });
    }
    // Stock of the successors of open lines' parts (where they are stocked).
    let mut stmt = conn.prepare(&format!(
        "SELECT s.part_id, s.location_id, s.on_hand FROM stock s
         WHERE s.on_hand > 0 AND s.part_id IN (
             SELECT p.successor_part_id FROM parts p
             WHERE p.part_id IN (SELECT part_id FROM backorders b WHERE {OPEN}))"
    ))?;
    let mut rows = stmt.query([&t])?;
    while let Some(r) = rows.next()? {
        f.stock.push(Stock {
            part_id: r.get(0)?,
            location_id: r.get(1)?,
            on_hand: r.get(2)?,
        });
    }
    f.service_events = stopped_events(conn, None)?;
    Ok((lines, f))
}

/// The `waiting_for_part` / `part_unavailable` reports, dated from `from` on.
fn stopped_events(
    conn: &Connection,
    from: Option<NaiveDate>,
) -> Result<Vec<ServiceEvent>, ApiError> {
    let mut stmt = conn.prepare(
        "SELECT event_id, date, equipment_id, part_id, location_id, outcome, note
         FROM service_events
         WHERE outcome IN ('waiting_for_part', 'part_unavailable') AND date >= ?1",
    )?;
    let from = from.map(iso).unwrap_or_default();
    let mut rows = stmt.query([&from])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let Some(d) = date(r.get(1)?) else { continue };
        out.push(ServiceEvent {
            event_id: r.get(0)?,
            date: d,
            equipment_id: r.get(2)?,
            part_id: r.get(3)?,
            location_id: r.get(4)?,
            outcome: r.get(5)?,
            note: r.get(6)?,
        });
    }
    Ok(out)
}

/// Tags as the rules give them now.
fn compute_tags(
    conn: &Connection,
    rules: &RuleSet,
    as_of: NaiveDate,
) -> Result<(Vec<OpenLine>, Vec<Tag>), ApiError> {
    let (lines, facts) = load_facts(conn, as_of)?;
    let tags = bodesk_causes::tag_lines(&lines, &facts, rules, as_of);
    Ok((lines, tags))
}

fn write_tags(conn: &Connection, tags: &[Tag], as_of: &str, batch_id: i64) -> Result<(), ApiError> {
    let mut ins = conn.prepare(
        "INSERT INTO root_cause_tag (order_id, order_line, root_cause, rule, evidence, as_of, batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (order_id, order_line) DO UPDATE SET root_cause = excluded.root_cause,
             rule = excluded.rule, evidence = excluded.evidence, as_of = excluded.as_of,
             batch_id = excluded.batch_id",
    )?;
    for t in tags {
        ins.execute(params![
            t.order_id,
            t.order_line,
            t.cause.as_str(),
            t.rule,
            serde_json::to_string(&t.evidence).unwrap_or_else(|_| "[]".into()),
            as_of,
            batch_id
        ])?;
    }
    Ok(())
}

/// Tags the open lines as of `as_of` with the rules in force (inside the
/// import's transaction, before the KPI snapshot). The number of lines tagged.
pub(crate) fn tag_open_lines(
    conn: &Connection,
    batch_id: i64,
    as_of: &str,
) -> Result<usize, ApiError> {
    let as_of_date = resolve_as_of(conn, Some(as_of))?;
    let (_, rules, _) = rules_in_force(conn)?;
    let (_, tags) = compute_tags(conn, &rules, as_of_date)?;
    write_tags(conn, &tags, as_of, batch_id)?;
    Ok(tags.len())
}

/// The stored tag of each line: `(cause, rule)`.
fn stored_tags(conn: &Connection) -> Result<HashMap<(String, String), String>, ApiError> {
    let mut stmt = conn.prepare("SELECT order_id, order_line, root_cause FROM root_cause_tag")?;
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn overridden_lines(
    conn: &Connection,
) -> Result<std::collections::HashSet<(String, String)>, ApiError> {
    let mut stmt = conn.prepare("SELECT order_id, order_line FROM root_cause_override")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What `rules` change against the stored tags of the open lines.
fn retag_report(
    conn: &Connection,
    rules: &RuleSet,
    as_of: NaiveDate,
) -> Result<(RetagReport, Vec<Tag>), ApiError> {
    let (lines, tags) = compute_tags(conn, rules, as_of)?;
    let stored = stored_tags(conn)?;
    let overridden = overridden_lines(conn)?;
    let mut counts: HashMap<(String, String), u64> = HashMap::new();
    let mut changed = Vec::new();
    for (line, tag) in lines.iter().zip(&tags) {
        let key = (tag.order_id.clone(), tag.order_line.clone());
        let from = stored
            .get(&key)
            .cloned()
            .unwrap_or_else(|| RootCause::Unknown.as_str().to_string());
        let to = tag.cause.as_str().to_string();
        if from == to {
            continue;
        }
        *counts.entry((from.clone(), to.clone())).or_default() += 1;
        if changed.len() < RETAG_LINES_SHOWN {
            changed.push(RetagLine {
                order_id: tag.order_id.clone(),
                order_line: tag.order_line.clone(),
                part_id: line.part_id.clone(),
                location_id: line.location_id.clone(),
                from,
                to,
                rule: tag.rule.clone(),
                evidence: tag.evidence.clone(),
                overridden: overridden.contains(&key),
            });
        }
    }
    let mut changes: Vec<RetagCount> = counts
        .into_iter()
        .map(|((from, to), lines)| RetagCount { from, to, lines })
        .collect();
    changes.sort_by(|a, b| {
        b.lines
            .cmp(&a.lines)
            .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
    });
    Ok((
        RetagReport {
            error: None,
            rules: rule_dtos(rules),
            open_lines: lines.len() as u64,
            changes,
            lines: changed,
            applied: false,
        },
        tags,
    ))
}

fn invalid_rules_report(e: &RulesError) -> RetagReport {
    RetagReport {
        error: Some(rules_error(e)),
        rules: Vec::new(),
        open_lines: 0,
        changes: Vec::new(),
        lines: Vec::new(),
        applied: false,
    }
}

/// A line's cause from a row of `cause_select`, starting at column `at`.
fn line_cause_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<LineCause> {
    let tagged: Option<String> = r.get(at + 2)?;
    let evidence: Option<String> = r.get(at + 4)?;
    let override_cause: Option<String> = r.get(at + 6)?;
    let override_ = match override_cause {
        Some(root_cause) => Some(CauseOverrideDto {
            root_cause,
            reason: r.get(at + 7)?,
            user_name: r.get(at + 8)?,
            at: r.get(at + 9)?,
        }),
        None => None,
    };
    let tagged_cause = tagged.unwrap_or_else(|| RootCause::Unknown.as_str().to_string());
    Ok(LineCause {
        order_id: r.get(at)?,
        order_line: r.get(at + 1)?,
        root_cause: override_
            .as_ref()
            .map_or_else(|| tagged_cause.clone(), |o| o.root_cause.clone()),
        tagged_cause,
        rule: r.get::<_, Option<String>>(at + 3)?.unwrap_or_default(),
        evidence: evidence
            .and_then(|e| serde_json::from_str(&e).ok())
            .unwrap_or_default(),
        as_of: r.get(at + 5)?,
        override_,
    })
}

/// Columns read by [`line_cause_at`], for `backorders b`.
const CAUSE_COLUMNS: &str = "b.order_id, b.order_line, t.root_cause, t.rule, t.evidence, t.as_of,
     o.root_cause, o.reason, o.user_name, o.at";
const CAUSE_JOINS: &str =
    "LEFT JOIN root_cause_tag t ON t.order_id = b.order_id AND t.order_line = b.order_line
     LEFT JOIN root_cause_override o ON o.order_id = b.order_id AND o.order_line = b.order_line";

/// One line's cause, tag and override.
pub(crate) fn line_cause(
    conn: &Connection,
    order_id: &str,
    order_line: &str,
) -> Result<Option<LineCause>, ApiError> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {CAUSE_COLUMNS} FROM backorders b {CAUSE_JOINS}
                 WHERE b.order_id = ?1 AND b.order_line = ?2"
            ),
            params![order_id, order_line],
            |r| line_cause_at(r, 0),
        )
        .optional()?)
}

fn parse_cause(s: &str) -> Result<RootCause, ApiError> {
    s.parse::<RootCause>().map_err(|_| {
        let names: Vec<&str> = RootCause::ALL.iter().map(|c| c.as_str()).collect();
        ApiError::invalid(format!(
            "unknown root cause {s:?}: one of {}",
            names.join(", ")
        ))
    })
}

/// Filters of [`Workspace::causes`].
#[derive(Debug, Clone, Default)]
pub struct CauseFilter {
    /// The cause that counts (override or tag).
    pub root_cause: Option<String>,
    pub rule: Option<String>,
    pub part_id: Option<String>,
    pub location_id: Option<String>,
    /// Only lines with an override (`true`) or without (`false`).
    pub overridden: Option<bool>,
    /// Lines listed at most (default 200).
    pub limit: Option<usize>,
}

impl Workspace {
    /// The open lines' causes: a count per cause (every cause of `kpis.md`)
    /// and the lines matching `filter`, oldest first, with their evidence.
    pub fn causes(&self, filter: &CauseFilter) -> Result<CausesReport, ApiError> {
        if let Some(c) = &filter.root_cause {
            parse_cause(c)?;
        }
        let conn = self.store().conn();
        let as_of = resolve_as_of(conn, None)?;
        let (_, _, is_default) = rules_in_force(conn)?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {CAUSE_COLUMNS}, b.part_id, b.location_id, b.customer_id, b.created_date
             FROM backorders b {CAUSE_JOINS}
             WHERE {OPEN} ORDER BY b.created_date, b.order_id, b.order_line"
        ))?;
        let mut rows = stmt.query([iso(as_of)])?;
        let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
        let mut lines = Vec::new();
        let mut matching = 0;
        let limit = filter.limit.unwrap_or(DEFAULT_LIMIT);
        while let Some(r) = rows.next()? {
            let cause = line_cause_at(r, 0)?;
            let c = counts.entry(cause.root_cause.clone()).or_default();
            c.0 += 1;
            c.1 += u64::from(cause.override_.is_some());
            let part_id: String = r.get(10)?;
            let location_id: String = r.get(11)?;
            let keep = !matches!(&filter.root_cause, Some(x) if *x != cause.root_cause)
                && !matches!(&filter.rule, Some(x) if *x != cause.rule)
                && !matches!(&filter.part_id, Some(x) if *x != part_id)
                && !matches!(&filter.location_id, Some(x) if *x != location_id)
                && !matches!(filter.overridden, Some(o) if o != cause.override_.is_some());
            if !keep {
                continue;
            }
            matching += 1;
            if lines.len() < limit {
                let created_date: String = r.get(13)?;
                let age_days =
                    date(Some(created_date.clone())).map_or(0, |d| (as_of - d).num_days());
                lines.push(CauseLineRow {
                    part_id,
                    location_id,
                    customer_id: r.get(12)?,
                    created_date,
                    age_days,
                    cause,
                });
            }
        }
        Ok(CausesReport {
            as_of: iso(as_of),
            summary: RootCause::ALL
                .iter()
                .map(|c| {
                    let (lines, overridden) = counts.get(c.as_str()).copied().unwrap_or_default();
                    CauseCount {
                        root_cause: c.as_str().to_string(),
                        lines,
                        overridden,
                    }
                })
                .collect(),
            lines,
            matching,
            rules_source: if is_default {
                "built-in"
            } else {
                "working set"
            }
            .to_string(),
        })
    }

    /// One line's cause, tag, evidence and override.
    pub fn line_cause(&self, order_id: &str, order_line: &str) -> Result<LineCause, ApiError> {
        line_cause(self.store().conn(), order_id, order_line)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("no backorder line {order_id}/{order_line}"),
            )
        })
    }

    /// The rules in force, parsed, and the built-in ones.
    pub fn cause_rules(&self) -> Result<CauseRulesDto, ApiError> {
        let (toml, rules, is_default) = rules_in_force(self.store().conn())?;
        Ok(CauseRulesDto {
            toml,
            is_default,
            default_toml: DEFAULT_RULES_TOML.to_string(),
            rules: rule_dtos(&rules),
        })
    }

    /// What `toml` would retag among the open lines, against their stored
    /// tags; nothing is written. Invalid TOML comes back as `error` (line,
    /// column, message), not as a failure.
    pub fn preview_cause_rules(&self, toml: &str) -> Result<RetagReport, ApiError> {
        let rules = match RuleSet::parse(toml) {
            Ok(r) => r,
            Err(e) => return Ok(invalid_rules_report(&e)),
        };
        let conn = self.store().conn();
        let as_of = resolve_as_of(conn, None)?;
        Ok(retag_report(conn, &rules, as_of)?.0)
    }

    /// Stores `toml` as the working set's rules and retags the open lines,
    /// in one transaction with one audit record (old and new rules, the
    /// changes). Invalid TOML is refused with its line and column.
    pub fn apply_cause_rules(&mut self, toml: &str) -> Result<RetagReport, ApiError> {
        let rules = RuleSet::parse(toml)
            .map_err(|e| ApiError::invalid(format!("root-cause rules: {e}")))?;
        let tx = self.store_mut().conn_mut().transaction()?;
        let as_of = resolve_as_of(&tx, None)?;
        let batch_id: i64 = tx.query_row(
            "SELECT coalesce(max(batch_id), 0) FROM import_batch WHERE status = 'committed'",
            [],
            |r| r.get(0),
        )?;
        let (mut report, tags) = retag_report(&tx, &rules, as_of)?;
        let old = crate::settings::setting(&tx, RULES_KEY)?;
        let (user, at) = (user_name(), now_utc());
        tx.execute(
            "INSERT INTO settings (key, value, user_name, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                 user_name = excluded.user_name, updated_at = excluded.updated_at",
            params![RULES_KEY, toml, user, at],
        )?;
        write_tags(&tx, &tags, &iso(as_of), batch_id)?;
        Store::audit(
            &tx,
            &at,
            &user,
            "apply_cause_rules",
            Some("settings"),
            Some(RULES_KEY),
            &serde_json::json!({
                "old": old,
                "new": toml,
                "as_of": iso(as_of),
                "open_lines": report.open_lines,
                "changes": report.changes,
            }),
        )?;
        tx.commit()?;
        report.applied = true;
        Ok(report)
    }

    /// Sets a planner's cause for a line, with a reason (audited; kept over
    /// re-imports).
    pub fn override_cause(
        &mut self,
        order_id: &str,
        order_line: &str,
        root_cause: &str,
        reason: &str,
    ) -> Result<LineCause, ApiError> {
        let cause = parse_cause(root_cause)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ApiError::invalid(
                "an override needs a reason: say why the cause is different",
            ));
        }
        let tx = self.store_mut().conn_mut().transaction()?;
        let before = line_cause(&tx, order_id, order_line)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("no backorder line {order_id}/{order_line}"),
            )
        })?;
        let (user, at) = (user_name(), now_utc());
        tx.execute(
            "INSERT INTO root_cause_override (order_id, order_line, root_cause, reason, user_name, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (order_id, order_line) DO UPDATE SET root_cause = excluded.root_cause,
                 reason = excluded.reason, user_name = excluded.user_name, at = excluded.at",
            params![order_id, order_line, cause.as_str(), reason, user, at],
        )?;
        Store::audit(
            &tx,
            &at,
            &user,
            "override_cause",
            Some("root_cause_override"),
            Some(&format!("{order_id}/{order_line}")),
            &serde_json::json!({
                "old": before.override_,
                "tagged": before.tagged_cause,
                "new": { "root_cause": cause.as_str(), "reason": reason },
            }),
        )?;
        let after = line_cause(&tx, order_id, order_line)?;
        tx.commit()?;
        after.ok_or_else(|| ApiError::new(ErrorCode::Internal, "the line vanished"))
    }

    /// Removes a line's override, with a reason (audited): the rules' tag
    /// counts again.
    pub fn clear_override(
        &mut self,
        order_id: &str,
        order_line: &str,
        reason: &str,
    ) -> Result<LineCause, ApiError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ApiError::invalid("clearing an override needs a reason"));
        }
        let tx = self.store_mut().conn_mut().transaction()?;
        let before = line_cause(&tx, order_id, order_line)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("no backorder line {order_id}/{order_line}"),
            )
        })?;
        let Some(old) = before.override_ else {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("line {order_id}/{order_line} has no override"),
            ));
        };
        tx.execute(
            "DELETE FROM root_cause_override WHERE order_id = ?1 AND order_line = ?2",
            params![order_id, order_line],
        )?;
        let (user, at) = (user_name(), now_utc());
        Store::audit(
            &tx,
            &at,
            &user,
            "clear_override",
            Some("root_cause_override"),
            Some(&format!("{order_id}/{order_line}")),
            &serde_json::json!({ "old": old, "reason": reason }),
        )?;
        let after = line_cause(&tx, order_id, order_line)?;
        tx.commit()?;
        after.ok_or_else(|| ApiError::new(ErrorCode::Internal, "the line vanished"))
    }

    /// Parts whose repairs stopped at least `min_events` times (default 2)
    /// in the `months` before the as-of date (default 12), most first.
    pub fn field_report(
        &self,
        months: Option<u32>,
        min_events: Option<u64>,
    ) -> Result<FieldReport, ApiError> {
        let conn = self.store().conn();
        let as_of = resolve_as_of(conn, None)?;
        let months = months.unwrap_or(12).clamp(1, 120);
        let from = as_of
            .checked_sub_months(chrono::Months::new(months))
            .unwrap_or(as_of - Duration::days(i64::from(months) * 30));
        let min_events = min_events.unwrap_or(2).max(1);
        let events = stopped_events(conn, Some(from))?;
        let lines = load_open_lines(conn, as_of)?;
        let parts = bodesk_causes::stopped_parts(&events, &lines, from, as_of, min_events);
        let mut describe = conn.prepare("SELECT description FROM parts WHERE part_id = ?1")?;
        let parts = parts
            .into_iter()
            .map(|p| {
                let description: Option<String> = describe
                    .query_row([&p.part_id], |r| r.get(0))
                    .optional()?
                    .flatten();
                Ok(StoppedPartDto {
                    part_id: p.part_id,
                    description,
                    events: p.events,
                    waiting_for_part: p.waiting_for_part,
                    part_unavailable: p.part_unavailable,
                    first_date: iso(p.first_date),
                    last_date: iso(p.last_date),
                    locations: p.locations,
                    machines: p.machines,
                    open_lines: p.open_lines,
                })
            })
            .collect::<Result<Vec<_>, ApiError>>()?;
        Ok(FieldReport {
            from: iso(from),
            to: iso(as_of),
            min_events,
            parts,
        })
    }
}

fn load_open_lines(conn: &Connection, as_of: NaiveDate) -> Result<Vec<OpenLine>, ApiError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT order_id, order_line, part_id, location_id, created_date, equipment_id
         FROM backorders b WHERE {OPEN} ORDER BY b.order_id, b.order_line"
    ))?;
    let mut rows = stmt.query([iso(as_of)])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let Some(created_date) = date(r.get(4)?) else {
            continue;
        };
        out.push(OpenLine {
            order_id: r.get(0)?,
            order_line: r.get(1)?,
            part_id: r.get(2)?,
            location_id: r.get(3)?,
            created_date,
            equipment_id: r.get(5)?,
        });
    }
    Ok(out)
}

/// The app commands of this module (listed in `app::COMMANDS`).
pub(crate) const COMMAND_NAMES: [&str; 7] = [
    "causes",
    "cause_rules",
    "cause_rules_preview",
    "cause_rules_apply",
    "override_cause",
    "clear_override",
    "field_report",
];

/// Runs one of [`COMMAND_NAMES`] (`App::call` hands them here).
pub(crate) fn call(
    ws: &mut Workspace,
    command: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    use crate::dto::{
        CauseRulesArgs, CausesArgs, ClearOverrideArgs, FieldReportArgs, OverrideCauseArgs,
    };
    fn parse<T: serde::de::DeserializeOwned>(
        command: &str,
        v: serde_json::Value,
    ) -> Result<T, ApiError> {
        let v = if v.is_null() {
            serde_json::Value::Object(Default::default())
        } else {
            v
        };
        serde_json::from_value(v)
            .map_err(|e| ApiError::invalid(format!("{command}: bad arguments: {e}")))
    }
    fn answer<T: serde::Serialize>(v: T) -> Result<serde_json::Value, ApiError> {
        serde_json::to_value(v).map_err(|e| {
            ApiError::new(ErrorCode::Internal, format!("answer not serializable: {e}"))
        })
    }
    match command {
        "causes" => {
            let x: CausesArgs = parse(command, args)?;
            answer(ws.causes(&CauseFilter {
                root_cause: x.root_cause,
                rule: x.rule,
                part_id: x.part_id,
                location_id: x.location_id,
                overridden: x.overridden,
                limit: x.limit.map(|l| l as usize),
            })?)
        }
        "cause_rules" => {
            if !(args.is_null() || args.as_object().is_some_and(|o| o.is_empty())) {
                return Err(ApiError::invalid("cause_rules: takes no arguments"));
            }
            answer(ws.cause_rules()?)
        }
        "cause_rules_preview" => {
            let x: CauseRulesArgs = parse(command, args)?;
            answer(ws.preview_cause_rules(&x.toml)?)
        }
        "cause_rules_apply" => {
            let x: CauseRulesArgs = parse(command, args)?;
            answer(ws.apply_cause_rules(&x.toml)?)
        }
        "override_cause" => {
            let x: OverrideCauseArgs = parse(command, args)?;
            answer(ws.override_cause(&x.order_id, &x.order_line, &x.root_cause, &x.reason)?)
        }
        "clear_override" => {
            let x: ClearOverrideArgs = parse(command, args)?;
            answer(ws.clear_override(&x.order_id, &x.order_line, &x.reason)?)
        }
        "field_report" => {
            let x: FieldReportArgs = parse(command, args)?;
            answer(ws.field_report(x.months, x.min_events)?)
        }
        other => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no command {other:?}"),
        )),
    }
}
