//! Follow-up: SLA duration alerts, closed-loop reviews and countermeasures
//! (issue 5, items 6 and 7), over the pure engine `bodesk-followup`.
//!
//! - After each committed import, inside its transaction and after the KPI
//!   snapshot, [`after_import`] raises the new alerts (each (line, level)
//!   once, ever), resolves those of lines no longer open, wakes snoozed ones
//!   whose date has come and opens a review for every open line older than
//!   30 days; the import's audit record says what it did (`followup`).
//! - A user acknowledges, assigns and snoozes alerts, updates and closes
//!   reviews (never without a resolution) and records countermeasures; each
//!   change is one transaction with its audit record.
//! - Lines reach the engine as `LineFacts` built from the KPI engine's
//!   `line_figures` (age, SLA limit, root cause), so the root cause is the
//!   one the KPIs and the drill-down use.
//!
//! Thresholds are the setting `alert_thresholds` (JSON of
//! [`AlertThresholds`]); a change applies from the next import.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use bodesk_followup::countermeasures::{self, Quarter, Target, TargetKind};
use bodesk_followup::{
    alerts, reviews, AlertState, FollowupConfig, KnownAlert, Level, LineFacts, Thresholds,
};
use bodesk_kpi::{KpiConfig, LineView, Network};

use crate::kpi::Loaded;
use bodesk_store::Store;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::{json, Value};

use crate::app::{answer, args};
use crate::dto::{
    AlertAssignArgs, AlertCounts, AlertDto, AlertIdArgs, AlertList, AlertSnoozeArgs, AlertSummary,
    AlertThresholdOverride, AlertThresholds, AlertsArgs, CountermeasureAddArgs, CountermeasureDto,
    ExportFile, FailureCauseCount, FailureModes, FailureModesArgs, PartFailureModes, RecurrenceDto,
    ReviewCloseArgs, ReviewDto, ReviewList, ReviewUpdateArgs, ReviewsArgs, SetAlertThresholdsArgs,
};
use crate::{now_utc, user_name, ApiError, ErrorCode, Workspace};

/// The settings key of the thresholds.
pub const THRESHOLDS_KEY: &str = "alert_thresholds";

/// The commands this module answers (listed with their access in `COMMANDS`).
pub const COMMAND_NAMES: &[&str] = &[
    "alerts",
    "alert_summary",
    "alerts_csv",
    "alert_ack",
    "alert_assign",
    "alert_snooze",
    "alert_thresholds",
    "set_alert_thresholds",
    "reviews",
    "review_update",
    "review_close",
    "countermeasures",
    "countermeasure_add",
    "failure_modes",
];

/// Runs one of [`COMMAND_NAMES`] for `App::call`.
pub(crate) fn call(ws: &Mutex<Workspace>, command: &str, a: Value) -> Result<Value, ApiError> {
    let mut w = ws.lock().unwrap_or_else(|e| e.into_inner());
    match command {
        "alerts" => answer(w.alerts(&args::<AlertsArgs>(command, a)?)?),
        "alert_summary" => {
            args::<NoArgs>(command, a)?;
            answer(w.alert_summary()?)
        }
        "alerts_csv" => answer(w.alerts_csv(&args::<AlertsArgs>(command, a)?)?),
        "alert_ack" => answer(w.alert_ack(args::<AlertIdArgs>(command, a)?.alert_id)?),
        "alert_assign" => {
            let x: AlertAssignArgs = args(command, a)?;
            answer(w.alert_assign(x.alert_id, x.assignee.as_deref())?)
        }
        "alert_snooze" => {
            let x: AlertSnoozeArgs = args(command, a)?;
            answer(w.alert_snooze(x.alert_id, &x.until)?)
        }
        "alert_thresholds" => {
            args::<NoArgs>(command, a)?;
            answer(w.alert_thresholds()?)
        }
        "set_alert_thresholds" => {
            let x: SetAlertThresholdsArgs = args(command, a)?;
            answer(w.set_alert_thresholds(&x.thresholds)?)
        }
        "reviews" => answer(w.reviews(&args::<ReviewsArgs>(command, a)?)?),
        "review_update" => answer(w.review_update(&args::<ReviewUpdateArgs>(command, a)?)?),
        "review_close" => answer(w.review_close(&args::<ReviewCloseArgs>(command, a)?)?),
        "countermeasures" => {
            args::<NoArgs>(command, a)?;
            answer(w.countermeasures()?)
        }
        "countermeasure_add" => {
            answer(w.countermeasure_add(&args::<CountermeasureAddArgs>(command, a)?)?)
        }
        "failure_modes" => {
            let x: FailureModesArgs = args(command, a)?;
            answer(w.failure_modes(x.quarter.as_deref())?)
        }
        other => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no command {other:?}"),
        )),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NoArgs {}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_date(what: &str, s: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| ApiError::invalid(format!("{what} {s:?}: expected a date as YYYY-MM-DD")))
}

fn internal(what: &str, e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Internal, format!("{what}: {e}"))
}

// --- thresholds -------------------------------------------------------------

fn to_engine(t: &AlertThresholds) -> Thresholds {
    Thresholds {
        warning_pct: t.warning_pct,
        escalation_pct: t.escalation_pct,
        review_due_days: t.review_due_days,
        overrides: t
            .overrides
            .iter()
            .map(|o| alerts::ThresholdOverride {
                criticality: o.criticality.clone(),
                tier: o.tier.clone(),
                warning_pct: o.warning_pct,
                escalation_pct: o.escalation_pct,
            })
            .collect(),
    }
}

fn from_engine(t: &Thresholds) -> AlertThresholds {
    AlertThresholds {
        warning_pct: t.warning_pct,
        escalation_pct: t.escalation_pct,
        review_due_days: t.review_due_days,
        overrides: t
            .overrides
            .iter()
            .map(|o| AlertThresholdOverride {
                criticality: o.criticality.clone(),
                tier: o.tier.clone(),
                warning_pct: o.warning_pct,
                escalation_pct: o.escalation_pct,
            })
            .collect(),
    }
}

/// The thresholds in force (the defaults until a user sets them).
pub(crate) fn thresholds(conn: &Connection) -> Result<Thresholds, ApiError> {
    match crate::settings::setting(conn, THRESHOLDS_KEY)? {
        None => Ok(Thresholds::default()),
        Some(text) => {
            let t: AlertThresholds = serde_json::from_str(&text).map_err(|e| {
                ApiError::new(
                    ErrorCode::Storage,
                    format!("the stored alert thresholds are not readable: {e}"),
                )
            })?;
            Ok(to_engine(&t))
        }
    }
}

// --- lines --------------------------------------------------------------------

/// `lines` as the follow-up engine sees them, with the KPI engine's
/// open/age/root cause as of `as_of` (`net`: the lookups and root causes).
/// Callers select first, which keeps a million-line working set cheap: an
/// import passes the status-open lines, a quarter's failure modes that
/// quarter's lines.
pub(crate) fn line_facts<'a>(
    net: &Network,
    as_of: NaiveDate,
    lines: impl IntoIterator<Item = LineView<'a>>,
) -> Vec<LineFacts> {
    let cfg = KpiConfig { as_of };
    lines
        .into_iter()
        .map(|line| {
            let f = bodesk_kpi::line_figures(net, &cfg, line);
            let part = net.parts.get(line.part_id);
            let tier = net.customers.get(line.customer_id).map(|c| c.tier.clone());
            let sla_limit_days = match (&tier, part) {
                (Some(t), Some(p)) => net
                    .sla
                    .get(&(t.clone(), p.criticality))
                    .map(|s| s.max_backorder_days),
                _ => None,
            };
            LineFacts {
                order_id: line.order_id.to_string(),
                order_line: line.order_line.to_string(),
                part_id: line.part_id.to_string(),
                customer_id: line.customer_id.to_string(),
                supplier_id: part.and_then(|p| p.primary_supplier_id.clone()),
                criticality: part.map(|p| p.criticality.as_str().to_string()),
                tier,
                created_date: line.created_date,
                open: f.open,
                age_days: f.age_days,
                sla_limit_days,
                root_cause: f.root_cause.as_str().to_string(),
            }
        })
        .collect()
}

/// The facts of every line created in `[from, to)`, counting in the window
/// or not (countermeasure windows and quarters reach back beyond the lines
/// the KPI engine keeps), with the engine's lookups and root causes.
fn lines_created(
    conn: &Connection,
    loaded: &Loaded,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<LineFacts>, ApiError> {
    let mut facts = Vec::new();
    crate::kpi::for_each_line_created(conn, from, to, |line| {
        facts.extend(line_facts(&loaded.net, loaded.as_of, [line]));
    })?;
    Ok(facts)
}

// --- after an import ---------------------------------------------------------------

/// Raises, resolves and wakes alerts and opens reviews as of `as_of`, in the
/// import's transaction (`conn`), from the network the snapshot used; what
/// it did, for the import's audit record.
pub(crate) fn after_import(
    conn: &Connection,
    batch_id: i64,
    as_of: &str,
    loaded: &Loaded,
) -> Result<Value, ApiError> {
    let as_of_date = parse_date("as-of", as_of)?;
    let cfg = FollowupConfig {
        as_of: as_of_date,
        thresholds: thresholds(conn)?,
    };
    // Only status-open lines can be open lines, and every open line counts
    // in the window, so the snapshot's lines hold them all; a line left out
    // counts as not open, which is what it is.
    let facts = line_facts(
        &loaded.net,
        as_of_date,
        loaded
            .lines
            .iter()
            .filter(|l| l.status == bodesk_kpi::LineStatus::Open),
    );
    let known = known_alerts(conn)?;
    let plan = alerts::plan(&facts, &known, &cfg);
    let by_key: HashMap<(&str, &str), &LineFacts> = facts.iter().map(|l| (l.key(), l)).collect();
    let mut raised: HashMap<&str, u64> = HashMap::new();
    {
        let mut ins = conn.prepare(
            "INSERT INTO alert (order_id, order_line, level, raised_as_of, batch_id, part_id,
                 customer_id, criticality, tier, created_date, age_days, limit_days, assignee)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                 (SELECT assignee FROM alert WHERE order_id = ?1 AND order_line = ?2
                      AND assignee IS NOT NULL ORDER BY alert_id DESC LIMIT 1))",
        )?;
        for n in &plan.raise {
            let Some(l) = by_key.get(&(n.order_id.as_str(), n.order_line.as_str())) else {
                continue;
            };
            ins.execute(params![
                n.order_id,
                n.order_line,
                n.level.as_str(),
                as_of,
                batch_id,
                l.part_id,
                l.customer_id,
                l.criticality,
                l.tier,
                iso(l.created_date),
                n.age_days as i64,
                n.limit_days,
            ])?;
            *raised.entry(n.level.as_str()).or_default() += 1;
        }
        let mut resolve = conn.prepare(
            "UPDATE alert SET state = 'resolved', resolved_as_of = ?2, resolved_reason = ?3,
                 snooze_until = NULL WHERE alert_id = ?1",
        )?;
        for (id, why) in &plan.resolve {
            resolve.execute(params![id, as_of, why.as_str()])?;
        }
        let mut wake = conn
            .prepare("UPDATE alert SET state = 'open', snooze_until = NULL WHERE alert_id = ?1")?;
        for id in &plan.wake {
            wake.execute([id])?;
        }
    }
    let reviewed = reviewed_lines(conn)?;
    let opened = reviews::to_open(&facts, &reviewed, &cfg);
    {
        let mut ins = conn.prepare(
            "INSERT INTO review (order_id, order_line, part_id, customer_id, opened_as_of,
                 batch_id, age_days, due_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for r in &opened {
            let Some(l) = by_key.get(&(r.order_id.as_str(), r.order_line.as_str())) else {
                continue;
            };
            ins.execute(params![
                r.order_id,
                r.order_line,
                l.part_id,
                l.customer_id,
                as_of,
                batch_id,
                r.age_days as i64,
                iso(r.due_date),
            ])?;
        }
    }
    Ok(json!({
        "alerts_raised": raised,
        "alerts_resolved": plan.resolve.len(),
        "alerts_woken": plan.wake.len(),
        "reviews_opened": opened.len(),
    }))
}

fn known_alerts(conn: &Connection) -> Result<Vec<KnownAlert>, ApiError> {
    let mut stmt = conn
        .prepare("SELECT alert_id, order_id, order_line, level, state, snooze_until FROM alert")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, order_id, order_line, level, state, until) = row?;
        out.push(KnownAlert {
            id,
            order_id,
            order_line,
            level: level.parse::<Level>().map_err(|e| internal("alert", e))?,
            state: state
                .parse::<AlertState>()
                .map_err(|e| internal("alert", e))?,
            snooze_until: until.and_then(|u| NaiveDate::parse_from_str(&u, "%Y-%m-%d").ok()),
        });
    }
    Ok(out)
}

fn reviewed_lines(conn: &Connection) -> Result<HashSet<(String, String)>, ApiError> {
    let mut stmt = conn.prepare("SELECT order_id, order_line FROM review")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

// --- reading ------------------------------------------------------------------------

const ALERT_COLS: &str = "alert_id, order_id, order_line, level, state, raised_as_of, batch_id,
    part_id, customer_id, criticality, tier, created_date, age_days, limit_days, assignee,
    snooze_until, resolved_as_of, resolved_reason";

fn alert_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AlertDto> {
    Ok(AlertDto {
        alert_id: r.get(0)?,
        order_id: r.get(1)?,
        order_line: r.get(2)?,
        level: r.get(3)?,
        state: r.get(4)?,
        raised_as_of: r.get(5)?,
        batch_id: r.get(6)?,
        part_id: r.get(7)?,
        customer_id: r.get(8)?,
        criticality: r.get(9)?,
        tier: r.get(10)?,
        created_date: r.get(11)?,
        age_days: r.get(12)?,
        limit_days: r.get(13)?,
        assignee: r.get(14)?,
        snooze_until: r.get(15)?,
        resolved_as_of: r.get(16)?,
        resolved_reason: r.get(17)?,
    })
}

fn alert_by_id(conn: &Connection, id: i64) -> Result<AlertDto, ApiError> {
    conn.query_row(
        &format!("SELECT {ALERT_COLS} FROM alert WHERE alert_id = ?1"),
        [id],
        alert_row,
    )
    .optional()?
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no alert {id}")))
}

fn alert_counts(conn: &Connection) -> Result<AlertCounts, ApiError> {
    let mut c = AlertCounts::default();
    let mut stmt =
        conn.prepare("SELECT state, level, count(*) FROM alert GROUP BY state, level")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (state, level, n): (String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let n = n as u64;
        match state.as_str() {
            "open" => c.open += n,
            "acknowledged" => c.acknowledged += n,
            "snoozed" => c.snoozed += n,
            _ => c.resolved += n,
        }
        if state != "resolved" {
            match level.as_str() {
                "warning" => c.warning += n,
                "breached" => c.breached += n,
                _ => c.escalated += n,
            }
        }
    }
    Ok(c)
}

/// The alerts of `args` (default: every unresolved alert), escalated first,
/// then newest, oldest line first.
fn alert_rows(conn: &Connection, a: &AlertsArgs) -> Result<Vec<AlertDto>, ApiError> {
    let state = a.state.as_deref().unwrap_or("active");
    if state != "active" {
        state
            .parse::<AlertState>()
            .map_err(|e| ApiError::invalid(format!("{e}, or active")))?;
    }
    if let Some(level) = &a.level {
        level.parse::<Level>().map_err(ApiError::invalid)?;
    }
    let sql = format!(
        "SELECT {ALERT_COLS} FROM alert
         WHERE (?1 = 'active' AND state <> 'resolved' OR state = ?1)
           AND (?2 IS NULL OR level = ?2)
         ORDER BY CASE level WHEN 'escalated' THEN 0 WHEN 'breached' THEN 1 ELSE 2 END,
                  raised_as_of DESC, created_date, alert_id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params![state, a.level], alert_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const REVIEW_COLS: &str = "review_id, order_id, order_line, part_id, customer_id, opened_as_of,
    age_days, owner, due_date, status, resolution, preventive_action, countermeasure_id,
    closed_at, closed_by";

fn review_row(
    as_of: Option<NaiveDate>,
) -> impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<ReviewDto> {
    move |r| {
        let due_date: String = r.get(8)?;
        let status: String = r.get(9)?;
        let overdue = match (as_of, NaiveDate::parse_from_str(&due_date, "%Y-%m-%d")) {
            (Some(t), Ok(due)) => reviews::is_overdue(due, status == "closed", t),
            _ => false,
        };
        Ok(ReviewDto {
            review_id: r.get(0)?,
            order_id: r.get(1)?,
            order_line: r.get(2)?,
            part_id: r.get(3)?,
            customer_id: r.get(4)?,
            opened_as_of: r.get(5)?,
            age_days: r.get(6)?,
            owner: r.get(7)?,
            due_date,
            status,
            resolution: r.get(10)?,
            preventive_action: r.get(11)?,
            countermeasure_id: r.get(12)?,
            closed_at: r.get(13)?,
            closed_by: r.get(14)?,
            overdue,
        })
    }
}

fn as_of_date(conn: &Connection) -> Result<Option<NaiveDate>, ApiError> {
    Ok(crate::kpi::working_set_as_of(conn)?
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
}

fn review_by_id(conn: &Connection, id: i64) -> Result<ReviewDto, ApiError> {
    let as_of = as_of_date(conn)?;
    conn.query_row(
        &format!("SELECT {REVIEW_COLS} FROM review WHERE review_id = ?1"),
        [id],
        review_row(as_of),
    )
    .optional()?
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no review {id}")))
}

fn countermeasure_exists(conn: &Connection, id: i64) -> Result<(), ApiError> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT countermeasure_id FROM countermeasure WHERE countermeasure_id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, format!("no countermeasure {id}")))
}

fn recurrence_dto(r: countermeasures::Recurrence) -> RecurrenceDto {
    RecurrenceDto {
        before_lines: r.before_lines,
        before_months: r.before_months,
        before_per_month: r.before_per_month,
        after_lines: r.after_lines,
        after_months: r.after_months,
        after_per_month: r.after_per_month,
        change_pct: r.change_pct,
        after_complete: r.after_complete,
    }
}

fn trimmed(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Workspace {
    /// Runs `f` in one transaction with an audit record of `action` on `entity` `key`.
    fn audited<T>(
        &mut self,
        action: &str,
        entity: &str,
        key: i64,
        detail: Value,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let tx = self.store_mut().conn_mut().transaction()?;
        let out = f(&tx)?;
        Store::audit(
            &tx,
            &now_utc(),
            &user_name(),
            action,
            Some(entity),
            Some(&key.to_string()),
            &detail,
        )?;
        tx.commit()?;
        Ok(out)
    }

    /// The alerts asked for with the counts by state and level.
    pub fn alerts(&self, a: &AlertsArgs) -> Result<AlertList, ApiError> {
        let conn = self.store().conn();
        Ok(AlertList {
            as_of: crate::kpi::working_set_as_of(conn)?,
            counts: alert_counts(conn)?,
            alerts: alert_rows(conn, a)?,
        })
    }

    /// The counts, and what the newest import raised.
    pub fn alert_summary(&self) -> Result<AlertSummary, ApiError> {
        let conn = self.store().conn();
        let last: Option<(i64, String)> = conn
            .query_row(
                "SELECT batch_id, as_of FROM import_batch WHERE status = 'committed'
                 ORDER BY batch_id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let mut s = AlertSummary {
            counts: alert_counts(conn)?,
            last_batch_id: last.as_ref().map(|l| l.0),
            last_as_of: last.as_ref().map(|l| l.1.clone()),
            raised_warning: 0,
            raised_breached: 0,
            raised_escalated: 0,
            reviews_opened: 0,
            reviews_overdue: 0,
        };
        if let Some((batch, as_of)) = &last {
            let mut stmt = conn
                .prepare("SELECT level, count(*) FROM alert WHERE batch_id = ?1 GROUP BY level")?;
            let mut rows = stmt.query([batch])?;
            while let Some(r) = rows.next()? {
                let (level, n): (String, i64) = (r.get(0)?, r.get(1)?);
                match level.as_str() {
                    "warning" => s.raised_warning = n as u64,
                    "breached" => s.raised_breached = n as u64,
                    _ => s.raised_escalated = n as u64,
                }
            }
            let (opened, overdue): (i64, i64) = conn.query_row(
                "SELECT coalesce(sum(batch_id = ?1), 0),
                        coalesce(sum(status <> 'closed' AND due_date < ?2), 0) FROM review",
                params![batch, as_of],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            s.reviews_opened = opened as u64;
            s.reviews_overdue = overdue as u64;
        }
        Ok(s)
    }

    /// The alerts asked for as CSV (formula-safe), for the ERP or an email.
    pub fn alerts_csv(&self, a: &AlertsArgs) -> Result<ExportFile, ApiError> {
        let conn = self.store().conn();
        let rows = alert_rows(conn, a)?;
        let io = |e: std::io::Error| internal("alerts CSV", e);
        let mut out = Vec::new();
        let header = [
            "alert_id",
            "level",
            "state",
            "order_id",
            "order_line",
            "part_id",
            "customer_id",
            "criticality",
            "tier",
            "created_date",
            "age_days_at_raise",
            "sla_limit_days",
            "raised_as_of",
            "assignee",
            "snooze_until",
            "resolved_as_of",
        ];
        crate::sniff::write_csv_row(&mut out, header.into_iter()).map_err(io)?;
        for x in &rows {
            let cells = [
                x.alert_id.to_string(),
                x.level.clone(),
                x.state.clone(),
                x.order_id.clone(),
                x.order_line.clone(),
                x.part_id.clone(),
                x.customer_id.clone(),
                x.criticality.clone().unwrap_or_default(),
                x.tier.clone().unwrap_or_default(),
                x.created_date.clone(),
                x.age_days.to_string(),
                x.limit_days.to_string(),
                x.raised_as_of.clone(),
                x.assignee.clone().unwrap_or_default(),
                x.snooze_until.clone().unwrap_or_default(),
                x.resolved_as_of.clone().unwrap_or_default(),
            ];
            let safe: Vec<String> = cells
                .iter()
                .map(|c| crate::batches::formula_safe(c).into_owned())
                .collect();
            crate::sniff::write_csv_row(&mut out, safe.iter().map(String::as_str)).map_err(io)?;
        }
        let as_of = crate::kpi::working_set_as_of(conn)?.unwrap_or_else(|| "empty".into());
        let state = a.state.as_deref().unwrap_or("active");
        Ok(ExportFile {
            file_name: format!("alerts-{state}-{as_of}.csv"),
            mime: "text/csv".into(),
            text: Some(String::from_utf8_lossy(&out).into_owned()),
            data_base64: None,
        })
    }

    fn change_alert(
        &mut self,
        id: i64,
        action: &str,
        detail: Value,
        sql: &str,
        values: &[&dyn rusqlite::ToSql],
    ) -> Result<AlertDto, ApiError> {
        let before = alert_by_id(self.store().conn(), id)?;
        if before.state == "resolved" {
            return Err(ApiError::invalid(format!(
                "alert {id} is resolved ({}): there is nothing left to {}",
                before
                    .resolved_reason
                    .as_deref()
                    .unwrap_or("resolved")
                    .replace('_', " "),
                action.trim_start_matches("alert_")
            )));
        }
        let (user, at) = (user_name(), now_utc());
        let mut detail = detail;
        detail["before"] = json!({"state": before.state, "assignee": before.assignee, "snooze_until": before.snooze_until});
        self.audited(action, "alert", id, detail, |tx| {
            let mut all: Vec<&dyn rusqlite::ToSql> = vec![&id, &at, &user];
            all.extend_from_slice(values);
            tx.execute(sql, all.as_slice())?;
            alert_by_id(tx, id)
        })
    }

    /// Acknowledges an alert (someone has seen it).
    pub fn alert_ack(&mut self, id: i64) -> Result<AlertDto, ApiError> {
        self.change_alert(
            id,
            "alert_ack",
            json!({}),
            "UPDATE alert SET state = 'acknowledged', snooze_until = NULL, updated_at = ?2,
                 updated_by = ?3 WHERE alert_id = ?1",
            &[],
        )
    }

    /// Assigns an alert to someone (empty or `None`: unassigned).
    pub fn alert_assign(&mut self, id: i64, assignee: Option<&str>) -> Result<AlertDto, ApiError> {
        let assignee = trimmed(assignee);
        self.change_alert(
            id,
            "alert_assign",
            json!({"assignee": assignee}),
            "UPDATE alert SET assignee = ?4, updated_at = ?2, updated_by = ?3 WHERE alert_id = ?1",
            &[&assignee],
        )
    }

    /// Snoozes an alert until a date after the working set's as-of date; the
    /// first import on or after that date opens it again.
    pub fn alert_snooze(&mut self, id: i64, until: &str) -> Result<AlertDto, ApiError> {
        let until_date = parse_date("snooze until", until)?;
        if let Some(t) = as_of_date(self.store().conn())? {
            if until_date <= t {
                return Err(ApiError::invalid(format!(
                    "snooze until {}: choose a date after the working set's as-of date {}",
                    iso(until_date),
                    iso(t)
                )));
            }
        }
        let until = iso(until_date);
        self.change_alert(
            id,
            "alert_snooze",
            json!({"until": until}),
            "UPDATE alert SET state = 'snoozed', snooze_until = ?4, updated_at = ?2,
                 updated_by = ?3 WHERE alert_id = ?1",
            &[&until],
        )
    }

    /// The thresholds in force.
    pub fn alert_thresholds(&self) -> Result<AlertThresholds, ApiError> {
        Ok(from_engine(&thresholds(self.store().conn())?))
    }

    /// Validates and stores the thresholds (audited); they apply from the next import.
    pub fn set_alert_thresholds(
        &mut self,
        t: &AlertThresholds,
    ) -> Result<AlertThresholds, ApiError> {
        let problems = to_engine(t).problems();
        if !problems.is_empty() {
            return Err(ApiError::invalid(format!(
                "alert thresholds: {}",
                problems.join("; ")
            )));
        }
        let text = serde_json::to_string(t).map_err(|e| internal("alert thresholds", e))?;
        self.set_setting(THRESHOLDS_KEY, &text)?;
        self.alert_thresholds()
    }

    /// Reviews (all, or only overdue, or of a status), overdue first, then by due date.
    pub fn reviews(&self, a: &ReviewsArgs) -> Result<ReviewList, ApiError> {
        let conn = self.store().conn();
        let status = a.status.as_deref().unwrap_or("all");
        if !["all", "active", "open", "in_progress", "closed"].contains(&status) {
            return Err(ApiError::invalid(format!(
                "review status {status:?}: one of open, in_progress, closed, active, all"
            )));
        }
        let as_of = as_of_date(conn)?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {REVIEW_COLS} FROM review
             WHERE (?1 = 'all' OR ?1 = 'active' AND status <> 'closed' OR status = ?1)
             ORDER BY status = 'closed', due_date, age_days DESC, review_id"
        ))?;
        let all: Vec<ReviewDto> = stmt
            .query_map([status], review_row(as_of))?
            .collect::<Result<_, _>>()?;
        let (mut open, mut overdue, mut closed) = (0, 0, 0);
        let (o, d, c): (i64, i64, i64) = conn.query_row(
            "SELECT coalesce(sum(status <> 'closed'), 0),
                    coalesce(sum(status <> 'closed' AND due_date < ?1), 0),
                    coalesce(sum(status = 'closed'), 0) FROM review",
            [as_of.map(iso).unwrap_or_default()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        open += o as u64;
        overdue += d as u64;
        closed += c as u64;
        Ok(ReviewList {
            as_of: as_of.map(iso),
            open,
            overdue,
            closed,
            reviews: all
                .into_iter()
                .filter(|r| r.overdue || !a.overdue)
                .collect(),
        })
    }

    /// Changes a review's owner, due date, status (open or in progress),
    /// preventive action or countermeasure.
    pub fn review_update(&mut self, a: &ReviewUpdateArgs) -> Result<ReviewDto, ApiError> {
        let before = review_by_id(self.store().conn(), a.review_id)?;
        if before.status == "closed" {
            return Err(ApiError::invalid(format!(
                "review {} is closed: it can no longer be changed",
                a.review_id
            )));
        }
        if let Some(s) = &a.status {
            if s == "closed" {
                return Err(ApiError::invalid(
                    "to close a review, use review_close with its resolution",
                ));
            }
            if s != "open" && s != "in_progress" {
                return Err(ApiError::invalid(format!(
                    "review status {s:?}: open or in_progress (close with review_close)"
                )));
            }
        }
        let due = a
            .due_date
            .as_deref()
            .map(|d| parse_date("due date", d).map(iso))
            .transpose()?;
        if let Some(id) = a.countermeasure_id {
            countermeasure_exists(self.store().conn(), id)?;
        }
        let owner = a.owner.as_deref().map(|o| trimmed(Some(o)));
        let preventive = a.preventive_action.as_deref().map(|p| trimmed(Some(p)));
        let detail = json!({
            "owner": owner, "due_date": due, "status": a.status,
            "preventive_action": preventive, "countermeasure_id": a.countermeasure_id,
        });
        let id = a.review_id;
        let status = a.status.clone();
        let cm = a.countermeasure_id;
        self.audited("review_update", "review", id, detail, |tx| {
            let (user, at) = (user_name(), now_utc());
            tx.execute(
                "UPDATE review SET
                    owner = CASE WHEN ?2 THEN ?3 ELSE owner END,
                    due_date = coalesce(?4, due_date),
                    status = coalesce(?5, status),
                    preventive_action = CASE WHEN ?6 THEN ?7 ELSE preventive_action END,
                    countermeasure_id = coalesce(?8, countermeasure_id),
                    updated_at = ?9, updated_by = ?10
                 WHERE review_id = ?1",
                params![
                    id,
                    owner.is_some(),
                    owner.clone().flatten(),
                    due,
                    status,
                    preventive.is_some(),
                    preventive.clone().flatten(),
                    cm,
                    at,
                    user
                ],
            )?;
            review_by_id(tx, id)
        })
    }

    /// Closes a review; refused without a resolution.
    pub fn review_close(&mut self, a: &ReviewCloseArgs) -> Result<ReviewDto, ApiError> {
        let resolution =
            reviews::resolution_to_close(a.resolution.as_deref()).map_err(ApiError::invalid)?;
        let before = review_by_id(self.store().conn(), a.review_id)?;
        if before.status == "closed" {
            return Err(ApiError::invalid(format!(
                "review {} is already closed",
                a.review_id
            )));
        }
        if let Some(id) = a.countermeasure_id {
            countermeasure_exists(self.store().conn(), id)?;
        }
        let preventive = trimmed(a.preventive_action.as_deref());
        let id = a.review_id;
        let cm = a.countermeasure_id;
        let detail = json!({
            "resolution": resolution, "preventive_action": preventive, "countermeasure_id": cm,
        });
        self.audited("review_close", "review", id, detail, |tx| {
            let (user, at) = (user_name(), now_utc());
            tx.execute(
                "UPDATE review SET status = 'closed', resolution = ?2,
                    preventive_action = coalesce(?3, preventive_action),
                    countermeasure_id = coalesce(?4, countermeasure_id),
                    closed_at = ?5, closed_by = ?6, updated_at = ?5, updated_by = ?6
                 WHERE review_id = ?1",
                params![id, resolution, preventive, cm, at, user],
            )?;
            review_by_id(tx, id)
        })
    }

    /// Every countermeasure, newest first, with its before/after recurrence.
    pub fn countermeasures(&self) -> Result<Vec<CountermeasureDto>, ApiError> {
        let conn = self.store().conn();
        let mut stmt = conn.prepare(
            "SELECT countermeasure_id, target_kind, target, effective_date, description,
                    created_at, created_by FROM countermeasure
             ORDER BY effective_date DESC, countermeasure_id DESC",
        )?;
        let rows: Vec<(i64, String, String, String, String, String, String)> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let dates: Vec<NaiveDate> = rows
            .iter()
            .filter_map(|r| NaiveDate::parse_from_str(&r.3, "%Y-%m-%d").ok())
            .collect();
        let from = dates
            .iter()
            .min()
            .and_then(|d| d.checked_sub_months(chrono::Months::new(6)));
        let to = dates
            .iter()
            .max()
            .and_then(|d| d.checked_add_months(chrono::Months::new(6)));
        self.with_network(None, |loaded, _| {
            let as_of = loaded.as_of;
            let facts = lines_created(self.store().conn(), loaded, from, to)?;
            rows.into_iter()
                .map(|(id, kind, target, date, description, at, by)| {
                    let t = Target {
                        kind: kind
                            .parse::<TargetKind>()
                            .map_err(|e| internal("countermeasure", e))?,
                        value: target.clone(),
                        effective_date: parse_date("effective date", &date)?,
                    };
                    Ok(CountermeasureDto {
                        countermeasure_id: id,
                        target_kind: kind,
                        target,
                        effective_date: date,
                        description,
                        created_at: at,
                        created_by: by,
                        recurrence: recurrence_dto(countermeasures::recurrence(&facts, &t, as_of)),
                    })
                })
                .collect()
        })?
    }

    /// Records a countermeasure (audited).
    pub fn countermeasure_add(
        &mut self,
        a: &CountermeasureAddArgs,
    ) -> Result<CountermeasureDto, ApiError> {
        let kind = a
            .target_kind
            .parse::<TargetKind>()
            .map_err(ApiError::invalid)?;
        let target = trimmed(Some(&a.target)).ok_or_else(|| {
            ApiError::invalid(format!("countermeasure: name the {kind} it is against"))
        })?;
        if kind == TargetKind::RootCause && target.parse::<bodesk_kpi::RootCause>().is_err() {
            let names: Vec<&str> = bodesk_kpi::RootCause::ALL
                .iter()
                .map(|c| c.as_str())
                .collect();
            return Err(ApiError::invalid(format!(
                "root cause {target:?}: one of {}",
                names.join(", ")
            )));
        }
        let date = iso(parse_date("effective date", &a.effective_date)?);
        let description = trimmed(Some(&a.description))
            .ok_or_else(|| ApiError::invalid("countermeasure: describe what was done"))?;
        let detail = json!({
            "target_kind": kind.as_str(), "target": target, "effective_date": date,
            "description": description,
        });
        let (user, at) = (user_name(), now_utc());
        let tx = self.store_mut().conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO countermeasure (target_kind, target, effective_date, description,
                 created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![kind.as_str(), target, date, description, at, user],
        )?;
        let id = tx.last_insert_rowid();
        Store::audit(
            &tx,
            &at,
            &user,
            "countermeasure_add",
            Some("countermeasure"),
            Some(&id.to_string()),
            &detail,
        )?;
        tx.commit()?;
        self.countermeasures()?
            .into_iter()
            .find(|c| c.countermeasure_id == id)
            .ok_or_else(|| internal("countermeasure", "not found after writing it"))
    }

    /// The quarter's top-10 backordered parts with their root-cause mix
    /// (default: the quarter of the as-of date).
    pub fn failure_modes(&self, quarter: Option<&str>) -> Result<FailureModes, ApiError> {
        self.with_network(None, |loaded, _| {
            let as_of = loaded.as_of;
            let current = Quarter::of(as_of);
            let quarter = match quarter {
                Some(q) => q.parse::<Quarter>().map_err(ApiError::invalid)?,
                None => current,
            };
            let (start, end) = (quarter.start(), quarter.end());
            let facts = lines_created(self.store().conn(), loaded, Some(start), Some(end))?;
            let mut quarters = vec![current];
            for _ in 0..3 {
                let prev = quarters[quarters.len() - 1].previous();
                quarters.push(prev);
            }
            Ok(FailureModes {
                quarter: quarter.to_string(),
                quarters: quarters.iter().map(Quarter::to_string).collect(),
                parts: countermeasures::top_parts(&facts, quarter, as_of, 10)
                    .into_iter()
                    .map(|p| PartFailureModes {
                        part_id: p.part_id,
                        lines: p.lines,
                        root_causes: p
                            .root_causes
                            .into_iter()
                            .map(|(root_cause, lines)| FailureCauseCount { root_cause, lines })
                            .collect(),
                    })
                    .collect(),
            })
        })?
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::dto::ImportOptions;

    /// A working set with the first `n` of 2 consecutive demo exports
    /// imported (as-of 2026-09-30 and 2026-10-31), and the folders.
    fn demo(dir: &std::path::Path) -> (Workspace, Vec<(String, PathBuf)>) {
        let cfg = crate::demo::DemoConfig {
            exports: 2,
            ..Default::default()
        };
        let exports = crate::demo::write_demo(&cfg, &dir.join("exports")).unwrap();
        let ws = Workspace::open(&dir.join("ws.sqlite")).unwrap();
        (ws, exports)
    }

    fn import(ws: &mut Workspace, (as_of, folder): &(String, PathBuf)) -> i64 {
        let options = ImportOptions {
            as_of: Some(as_of.clone()),
            keep_valid: false,
            profile_toml: None,
        };
        let report = ws
            .import(
                std::slice::from_ref(folder),
                &options,
                &mut |_| {},
                &AtomicBool::new(false),
            )
            .unwrap();
        assert!(report.committed, "{:?}", report.rejects.first());
        report.batch_id.unwrap()
    }

    fn all_alerts(ws: &Workspace) -> Vec<AlertDto> {
        let mut out = Vec::new();
        for s in ["open", "acknowledged", "snoozed", "resolved"] {
            let a = AlertsArgs {
                state: Some(s.to_string()),
                level: None,
            };
            out.extend(ws.alerts(&a).unwrap().alerts);
        }
        out
    }

    #[test]
    fn two_imports_on_successive_dates_raise_each_line_level_once() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ws, exports) = demo(dir.path());
        let first = import(&mut ws, &exports[0]);
        let after_first = all_alerts(&ws);
        assert!(!after_first.is_empty());
        assert!(after_first.iter().all(|a| a.batch_id == first));

        let second = import(&mut ws, &exports[1]);
        let alerts = all_alerts(&ws);
        // Each (line, level) once.
        let mut seen = HashSet::new();
        for a in &alerts {
            assert!(
                seen.insert((&a.order_id, &a.order_line, &a.level)),
                "{a:?} twice"
            );
        }
        // Some line crossed from warning (first export) to a breach (second).
        let crossed = alerts.iter().filter(|b| {
            b.batch_id == second
                && b.level != "warning"
                && after_first.iter().any(|w| {
                    w.level == "warning" && w.order_id == b.order_id && w.order_line == b.order_line
                })
        });
        let crossed: Vec<&AlertDto> = crossed.collect();
        assert!(!crossed.is_empty(), "no line went from warning to breached");
        for b in &crossed {
            let w = alerts
                .iter()
                .find(|w| {
                    w.level == "warning" && w.order_id == b.order_id && w.order_line == b.order_line
                })
                .unwrap();
            assert_eq!(
                (w.state.as_str(), w.resolved_reason.as_deref()),
                ("resolved", Some("superseded"))
            );
        }
        // Unresolved breach alerts are the KPI engine's SLA breaches, one each.
        let kpis = ws.kpis(None, None).unwrap().total.figures;
        let summary = ws.alert_summary().unwrap();
        assert_eq!(
            summary.counts.breached + summary.counts.escalated,
            kpis.sla_breaches
        );
        assert_eq!(summary.last_batch_id, Some(second));
        assert!(summary.raised_breached + summary.raised_escalated >= crossed.len() as u64);
        // Every line older than 30 days has its review.
        let reviews = ws.reviews(&ReviewsArgs::default()).unwrap();
        let reviewed: HashSet<(String, String)> = reviews
            .reviews
            .iter()
            .map(|r| (r.order_id.clone(), r.order_line.clone()))
            .collect();
        let old = ws.lines(&[], None, true).unwrap();
        let old: Vec<_> = old
            .iter()
            .filter(|l| l.age_days.unwrap_or(0) > 30)
            .collect();
        assert_eq!(old.len() as u64, kpis.lines_over_30_days);
        assert!(old
            .iter()
            .all(|l| reviewed.contains(&(l.order_id.clone(), l.order_line.clone()))));

        // The same as-of date evaluated again raises nothing and opens nothing.
        let before = (all_alerts(&ws).len(), reviews.reviews.len());
        let as_of = parse_date("as-of", &exports[1].0).unwrap();
        let (loaded, _) = crate::kpi::load(ws.store().conn(), as_of).unwrap();
        let tx = ws.store_mut().conn_mut().transaction().unwrap();
        after_import(&tx, second, &exports[1].0, &loaded).unwrap();
        tx.commit().unwrap();
        let after = (
            all_alerts(&ws).len(),
            ws.reviews(&ReviewsArgs::default()).unwrap().reviews.len(),
        );
        assert_eq!(after, before);
    }

    #[test]
    fn a_review_cannot_be_closed_without_a_resolution() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ws, exports) = demo(dir.path());
        import(&mut ws, &exports[0]);
        let review = ws.reviews(&ReviewsArgs::default()).unwrap().reviews[0].clone();
        for resolution in [None, Some(""), Some("  ")] {
            let e = ws
                .review_close(&ReviewCloseArgs {
                    review_id: review.review_id,
                    resolution: resolution.map(str::to_string),
                    ..Default::default()
                })
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput);
            assert_eq!(e.message, reviews::RESOLUTION_REQUIRED);
        }
        let still = review_by_id(ws.store().conn(), review.review_id).unwrap();
        assert_eq!(still.status, "open");
        let closed = ws
            .review_close(&ReviewCloseArgs {
                review_id: review.review_id,
                resolution: Some("expedited from the central warehouse".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            (closed.status.as_str(), closed.resolution.as_deref()),
            ("closed", Some("expedited from the central warehouse"))
        );
        let audits: i64 = ws
            .store()
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'review_close'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audits, 1);
    }

    #[test]
    fn alerts_are_acknowledged_assigned_and_snoozed_with_audit_and_exported() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ws, exports) = demo(dir.path());
        import(&mut ws, &exports[0]);
        let id = ws.alerts(&AlertsArgs::default()).unwrap().alerts[0].alert_id;
        assert_eq!(ws.alert_ack(id).unwrap().state, "acknowledged");
        assert_eq!(
            ws.alert_assign(id, Some(" =Kim "))
                .unwrap()
                .assignee
                .as_deref(),
            Some("=Kim")
        );
        let e = ws.alert_snooze(id, "2026-09-30").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        let snoozed = ws.alert_snooze(id, "2026-10-15").unwrap();
        assert_eq!(
            (snoozed.state.as_str(), snoozed.snooze_until.as_deref()),
            ("snoozed", Some("2026-10-15"))
        );
        let audits: Vec<String> = {
            let conn = ws.store().conn();
            let mut stmt = conn
                .prepare("SELECT action FROM audit_log WHERE entity = 'alert' ORDER BY audit_id")
                .unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(audits, ["alert_ack", "alert_assign", "alert_snooze"]);
        let csv = ws.alerts_csv(&AlertsArgs::default()).unwrap().text.unwrap();
        assert!(csv.starts_with("alert_id,level,state,"), "{csv}");
        assert!(csv.contains(",'=Kim,"), "the assignee is formula-safe");
        // The next month's import wakes it (2026-10-31 is past the snooze).
        import(&mut ws, &exports[1]);
        let after = alert_by_id(ws.store().conn(), id).unwrap();
        assert!(
            after.state == "open" || after.state == "resolved",
            "{after:?}"
        );
        assert_eq!(after.assignee.as_deref(), Some("=Kim"));
    }

    #[test]
    fn thresholds_are_validated_stored_and_used_by_the_next_import() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ws, exports) = demo(dir.path());
        assert_eq!(ws.alert_thresholds().unwrap().warning_pct, 75.0);
        let mut t = ws.alert_thresholds().unwrap();
        t.warning_pct = 150.0;
        let e = ws.set_alert_thresholds(&t).unwrap_err();
        assert_eq!(
            e.message,
            "alert thresholds: warning_pct is 150: it must be more than 0 and at most 100 (percent of the SLA limit)"
        );
        // Warn at 10 % of the limit: more warnings than the default gives.
        let dir2 = tempfile::tempdir().unwrap();
        let (mut default_ws, _) = demo(dir2.path());
        import(&mut default_ws, &exports[0]);
        t.warning_pct = 10.0;
        ws.set_alert_thresholds(&t).unwrap();
        import(&mut ws, &exports[0]);
        let warnings = |w: &Workspace| {
            w.alerts(&AlertsArgs {
                state: None,
                level: Some("warning".into()),
            })
            .unwrap()
            .alerts
            .len()
        };
        assert!(warnings(&ws) > warnings(&default_ws));
    }

    #[test]
    fn countermeasures_show_recurrence_and_failure_modes_rank_parts() {
        let dir = tempfile::tempdir().unwrap();
        let (mut ws, exports) = demo(dir.path());
        import(&mut ws, &exports[1]);
        let top = ws.failure_modes(Some("2026-Q3")).unwrap();
        assert!(!top.parts.is_empty() && top.parts.len() <= 10);
        assert!(top.parts.windows(2).all(|w| w[0].lines >= w[1].lines));
        for p in &top.parts {
            assert_eq!(p.root_causes.iter().map(|c| c.lines).sum::<u64>(), p.lines);
        }
        let part = top.parts[0].part_id.clone();
        let cm = ws
            .countermeasure_add(&CountermeasureAddArgs {
                target_kind: "part".into(),
                target: part.clone(),
                effective_date: "2026-08-01".into(),
                description: "safety stock doubled".into(),
            })
            .unwrap();
        // The same counts straight from the stored lines.
        let count = |from: &str, to: &str| {
            ws.store()
                .conn()
                .query_row(
                    "SELECT count(*) FROM backorders WHERE part_id = ?1
                         AND created_date >= ?2 AND created_date < ?3",
                    [part.as_str(), from, to],
                    |r| r.get::<_, i64>(0),
                )
                .unwrap() as u64
        };
        assert_eq!(
            cm.recurrence.before_lines,
            count("2026-02-01", "2026-08-01")
        );
        assert_eq!(cm.recurrence.after_lines, count("2026-08-01", "2026-11-01"));
        assert!(!cm.recurrence.after_complete);
        let e = ws
            .countermeasure_add(&CountermeasureAddArgs {
                target_kind: "root_cause".into(),
                target: "gremlins".into(),
                effective_date: "2026-08-01".into(),
                description: "x".into(),
            })
            .unwrap_err();
        assert!(
            e.message
                .starts_with("root cause \"gremlins\": one of supplier_delay"),
            "{}",
            e.message
        );
    }
}
