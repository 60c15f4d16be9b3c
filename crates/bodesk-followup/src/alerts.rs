//! SLA duration alerts. An open line with an SLA row reaches, by its age
//! against `max_backorder_days` (the limit) of (customer tier, part
//! criticality):
//!
//! - **warning**: `age >= warning_pct % of the limit` (default 75 %);
//! - **breached**: `age > limit` (the KPI engine's `sla_breaches`);
//! - **escalated**: breached and `age >= escalation_pct % of the limit`
//!   (default 150 %: the line has been late for half its limit again).
//!
//! Each (line, level) alert is raised once, ever: [`plan`] compares the
//! levels lines have now with the alerts raised before. A line raises only
//! its current level (a line first seen breached raises no warning), and the
//! new alert supersedes the line's lower unresolved alerts. A line that is no
//! longer open resolves its unresolved alerts. A snoozed alert whose date has
//! come is open again.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::{FollowupConfig, LineFacts};

/// How far past its limit a line is, in order of attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Warning,
    Breached,
    Escalated,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Warning, Level::Breached, Level::Escalated];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Breached => "breached",
            Level::Escalated => "escalated",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| format!("alert level {s:?}: one of warning, breached, escalated"))
    }
}

/// Where an alert is in its handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertState {
    Open,
    Acknowledged,
    Snoozed,
    Resolved,
}

impl AlertState {
    pub const ALL: [AlertState; 4] = [
        AlertState::Open,
        AlertState::Acknowledged,
        AlertState::Snoozed,
        AlertState::Resolved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::Open => "open",
            AlertState::Acknowledged => "acknowledged",
            AlertState::Snoozed => "snoozed",
            AlertState::Resolved => "resolved",
        }
    }
}

impl fmt::Display for AlertState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AlertState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AlertState::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| {
                format!("alert state {s:?}: one of open, acknowledged, snoozed, resolved")
            })
    }
}

/// The warning and escalation levels, in percent of the SLA limit, with
/// optional overrides per criticality and/or tier. The most specific
/// override that sets a value wins: criticality and tier, then criticality
/// only, then tier only, then the defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    pub warning_pct: f64,
    pub escalation_pct: f64,
    /// Days from a review's opening to its due date.
    pub review_due_days: u32,
    pub overrides: Vec<ThresholdOverride>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdOverride {
    pub criticality: Option<String>,
    pub tier: Option<String>,
    pub warning_pct: Option<f64>,
    pub escalation_pct: Option<f64>,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            warning_pct: 75.0,
            escalation_pct: 150.0,
            review_due_days: 14,
            overrides: Vec::new(),
        }
    }
}

impl Thresholds {
    /// Every problem with these thresholds, one sentence each (empty: valid).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let warning = |what: &str, v: f64, out: &mut Vec<String>| {
            if !(v > 0.0 && v <= 100.0) {
                out.push(format!(
                    "{what}warning_pct is {v}: it must be more than 0 and at most 100 (percent of the SLA limit)"
                ));
            }
        };
        let escalation = |what: &str, v: f64, out: &mut Vec<String>| {
            if !(v > 100.0 && v <= 1000.0) {
                out.push(format!(
                    "{what}escalation_pct is {v}: it must be more than 100 and at most 1000 (percent of the SLA limit; a breach comes first)"
                ));
            }
        };
        warning("", self.warning_pct, &mut out);
        escalation("", self.escalation_pct, &mut out);
        if !(1..=365).contains(&self.review_due_days) {
            out.push(format!(
                "review_due_days is {}: it must be between 1 and 365",
                self.review_due_days
            ));
        }
        let mut seen = HashSet::new();
        for (i, o) in self.overrides.iter().enumerate() {
            let what = format!("override {} ({}): ", i + 1, o.scope());
            if o.criticality.is_none() && o.tier.is_none() {
                out.push(format!("{what}name a criticality, a tier or both"));
            }
            if let Some(c) = &o.criticality {
                if !["A", "B", "C"].contains(&c.as_str()) {
                    out.push(format!("{what}criticality {c:?} must be A, B or C"));
                }
            }
            if let Some(t) = &o.tier {
                if t.trim().is_empty() {
                    out.push(format!("{what}the tier is empty"));
                }
            }
            if o.warning_pct.is_none() && o.escalation_pct.is_none() {
                out.push(format!("{what}set warning_pct, escalation_pct or both"));
            }
            if let Some(v) = o.warning_pct {
                warning(&what, v, &mut out);
            }
            if let Some(v) = o.escalation_pct {
                escalation(&what, v, &mut out);
            }
            if !seen.insert((o.criticality.clone(), o.tier.clone())) {
                out.push(format!("{what}a second override for the same scope"));
            }
        }
        out
    }

    /// The (warning, escalation) percentages for a line of `criticality` and `tier`.
    pub fn percentages(&self, criticality: Option<&str>, tier: Option<&str>) -> (f64, f64) {
        let rank = |o: &ThresholdOverride| -> Option<u8> {
            let crit = match &o.criticality {
                None => Some(false),
                Some(c) => (Some(c.as_str()) == criticality).then_some(true),
            }?;
            let tier_match = match &o.tier {
                None => Some(false),
                Some(t) => (Some(t.as_str()) == tier).then_some(true),
            }?;
            Some(match (crit, tier_match) {
                (true, true) => 3,
                (true, false) => 2,
                (false, true) => 1,
                (false, false) => 0,
            })
        };
        let mut ranked: Vec<(u8, &ThresholdOverride)> = self
            .overrides
            .iter()
            .filter_map(|o| rank(o).map(|r| (r, o)))
            .collect();
        ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
        let warning = ranked
            .iter()
            .find_map(|(_, o)| o.warning_pct)
            .unwrap_or(self.warning_pct);
        let escalation = ranked
            .iter()
            .find_map(|(_, o)| o.escalation_pct)
            .unwrap_or(self.escalation_pct);
        (warning, escalation)
    }

    /// The level an open line of this age has reached, if any.
    pub fn level(
        &self,
        age_days: u64,
        limit_days: f64,
        criticality: Option<&str>,
        tier: Option<&str>,
    ) -> Option<Level> {
        let (warning, escalation) = self.percentages(criticality, tier);
        let age = age_days as f64;
        if age > limit_days {
            Some(if age >= limit_days * escalation / 100.0 {
                Level::Escalated
            } else {
                Level::Breached
            })
        } else if age >= limit_days * warning / 100.0 {
            Some(Level::Warning)
        } else {
            None
        }
    }
}

impl ThresholdOverride {
    /// `criticality A × tier gold`, `criticality A`, `tier gold`.
    pub fn scope(&self) -> String {
        match (&self.criticality, &self.tier) {
            (Some(c), Some(t)) => format!("criticality {c} × tier {t}"),
            (Some(c), None) => format!("criticality {c}"),
            (None, Some(t)) => format!("tier {t}"),
            (None, None) => "everything".to_string(),
        }
    }
}

/// An alert raised before.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownAlert {
    pub id: i64,
    pub order_id: String,
    pub order_line: String,
    pub level: Level,
    pub state: AlertState,
    pub snooze_until: Option<NaiveDate>,
}

/// An alert to raise now.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAlert {
    pub order_id: String,
    pub order_line: String,
    pub level: Level,
    pub age_days: u64,
    pub limit_days: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResolveReason {
    /// The line is no longer open (closed, cancelled, or gone from the export).
    LineClosed,
    /// The line reached a higher level; the new alert carries on.
    Superseded,
}

impl ResolveReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ResolveReason::LineClosed => "line_closed",
            ResolveReason::Superseded => "superseded",
        }
    }
}

/// What to change after an import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertPlan {
    /// In line order.
    pub raise: Vec<NewAlert>,
    /// Unresolved alerts to resolve, by id.
    pub resolve: Vec<(i64, ResolveReason)>,
    /// Snoozed alerts whose snooze date has come, by id.
    pub wake: Vec<i64>,
}

/// The alerts to raise, resolve and wake as of `cfg.as_of`, given every
/// alert raised before.
pub fn plan(lines: &[LineFacts], known: &[KnownAlert], cfg: &FollowupConfig) -> AlertPlan {
    let mut by_line: HashMap<(&str, &str), Vec<&KnownAlert>> = HashMap::new();
    for a in known {
        by_line
            .entry((a.order_id.as_str(), a.order_line.as_str()))
            .or_default()
            .push(a);
    }
    let mut out = AlertPlan::default();
    let mut open_lines = HashSet::new();
    for line in lines.iter().filter(|l| l.open) {
        open_lines.insert(line.key());
        let (Some(age), Some(limit)) = (line.age_days, line.sla_limit_days) else {
            continue;
        };
        let Some(level) = cfg.thresholds.level(
            age,
            limit,
            line.criticality.as_deref(),
            line.tier.as_deref(),
        ) else {
            continue;
        };
        let before = by_line.get(&line.key()).map(Vec::as_slice).unwrap_or(&[]);
        if before.iter().any(|a| a.level >= level) {
            continue;
        }
        out.raise.push(NewAlert {
            order_id: line.order_id.clone(),
            order_line: line.order_line.clone(),
            level,
            age_days: age,
            limit_days: limit,
        });
        out.resolve.extend(
            before
                .iter()
                .filter(|a| a.state != AlertState::Resolved)
                .map(|a| (a.id, ResolveReason::Superseded)),
        );
    }
    let superseded: HashSet<i64> = out.resolve.iter().map(|r| r.0).collect();
    for a in known {
        if a.state == AlertState::Resolved || superseded.contains(&a.id) {
            continue;
        }
        if !open_lines.contains(&(a.order_id.as_str(), a.order_line.as_str())) {
            out.resolve.push((a.id, ResolveReason::LineClosed));
        } else if a.state == AlertState::Snoozed
            && !matches!(a.snooze_until, Some(d) if d > cfg.as_of)
        {
            out.wake.push(a.id);
        }
    }
    out.resolve.sort_by_key(|r| r.0);
    out.wake.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{date, test_line};

    /// Runs `plan` on successive as-of dates as an import would, keeping the
    /// alerts it raises and resolves; the raised (line, level, as-of) in order.
    /// (order id, created, open) of one line on one day.
    type DayLines<'a> = &'a [(&'a str, &'a str, bool)];

    fn run(days: &[(&str, DayLines<'_>)]) -> Vec<String> {
        let mut known: Vec<KnownAlert> = Vec::new();
        let mut log = Vec::new();
        for (as_of, lines) in days {
            let facts: Vec<LineFacts> = lines
                .iter()
                .map(|(id, created, open)| test_line(id, created, *open, as_of))
                .collect();
            let p = plan(&facts, &known, &FollowupConfig::new(date(as_of)));
            for (id, why) in &p.resolve {
                let a = known.iter_mut().find(|a| a.id == *id).unwrap();
                a.state = AlertState::Resolved;
                log.push(format!(
                    "{as_of} resolve {} {} ({})",
                    a.order_id,
                    a.level,
                    why.as_str()
                ));
            }
            for n in p.raise {
                log.push(format!(
                    "{as_of} raise {} {} (age {})",
                    n.order_id, n.level, n.age_days
                ));
                known.push(KnownAlert {
                    id: known.len() as i64 + 1,
                    order_id: n.order_id,
                    order_line: n.order_line,
                    level: n.level,
                    state: AlertState::Open,
                    snooze_until: None,
                });
            }
        }
        log
    }

    #[test]
    fn levels_by_age_against_a_20_day_limit() {
        // Defaults: warning at 75 % (15 days), breach past 20, escalated at 150 % (30).
        let t = Thresholds::default();
        let table = [
            (0, None),
            (14, None),
            (15, Some(Level::Warning)),
            (20, Some(Level::Warning)),
            (21, Some(Level::Breached)),
            (29, Some(Level::Breached)),
            (30, Some(Level::Escalated)),
            (400, Some(Level::Escalated)),
        ];
        for (age, want) in table {
            assert_eq!(
                t.level(age, 20.0, Some("A"), Some("gold")),
                want,
                "age {age}"
            );
        }
    }

    #[test]
    fn the_most_specific_override_wins() {
        let o =
            |c: Option<&str>, t: Option<&str>, w: Option<f64>, e: Option<f64>| ThresholdOverride {
                criticality: c.map(str::to_string),
                tier: t.map(str::to_string),
                warning_pct: w,
                escalation_pct: e,
            };
        let t = Thresholds {
            overrides: vec![
                o(None, Some("gold"), Some(60.0), Some(300.0)),
                o(Some("A"), None, Some(50.0), None),
                o(Some("A"), Some("gold"), Some(40.0), None),
            ],
            ..Thresholds::default()
        };
        let table = [
            (Some("A"), Some("gold"), (40.0, 300.0)),
            (Some("A"), Some("silver"), (50.0, 150.0)),
            (Some("B"), Some("gold"), (60.0, 300.0)),
            (Some("B"), Some("silver"), (75.0, 150.0)),
            (None, None, (75.0, 150.0)),
        ];
        for (crit, tier, want) in table {
            assert_eq!(t.percentages(crit, tier), want, "{crit:?} × {tier:?}");
        }
    }

    #[test]
    fn bad_thresholds_are_explained() {
        let t = Thresholds {
            warning_pct: 0.0,
            escalation_pct: 90.0,
            review_due_days: 0,
            overrides: vec![ThresholdOverride {
                criticality: Some("D".into()),
                tier: None,
                warning_pct: None,
                escalation_pct: None,
            }],
        };
        assert_eq!(
            t.problems(),
            [
                "warning_pct is 0: it must be more than 0 and at most 100 (percent of the SLA limit)",
                "escalation_pct is 90: it must be more than 100 and at most 1000 (percent of the SLA limit; a breach comes first)",
                "review_due_days is 0: it must be between 1 and 365",
                "override 1 (criticality D): criticality \"D\" must be A, B or C",
                "override 1 (criticality D): set warning_pct, escalation_pct or both",
            ]
        );
        assert!(Thresholds::default().problems().is_empty());
    }

    #[test]
    fn crossing_warning_then_breach_on_successive_dates_raises_each_once() {
        // Limit 20 days: created 2026-01-01 → warning from 01-16, breach from 01-22,
        // escalated from 01-31.
        let line = [("O1", "2026-01-01", true)];
        let log = run(&[
            ("2026-01-10", &line),
            ("2026-01-16", &line),
            ("2026-01-16", &line), // the same date imported again
            ("2026-01-18", &line),
            ("2026-01-25", &line),
            ("2026-01-26", &line),
            ("2026-02-01", &line),
            ("2026-02-05", &line),
            ("2026-02-06", &[("O1", "2026-01-01", false)]),
            ("2026-02-07", &[("O1", "2026-01-01", false)]),
        ]);
        assert_eq!(
            log,
            [
                "2026-01-16 raise O1 warning (age 15)",
                "2026-01-25 resolve O1 warning (superseded)",
                "2026-01-25 raise O1 breached (age 24)",
                "2026-02-01 resolve O1 breached (superseded)",
                "2026-02-01 raise O1 escalated (age 31)",
                "2026-02-06 resolve O1 escalated (line_closed)",
            ]
        );
    }

    #[test]
    fn a_line_first_seen_late_raises_its_level_only_and_lines_without_sla_none() {
        let mut no_sla = test_line("O3", "2025-01-01", true, "2026-01-25");
        no_sla.sla_limit_days = None;
        let lines = [
            test_line("O1", "2026-01-01", true, "2026-01-25"),
            test_line("O2", "2026-01-20", true, "2026-01-25"),
            no_sla,
            test_line("O4", "2025-01-01", false, "2026-01-25"),
        ];
        let p = plan(&lines, &[], &FollowupConfig::new(date("2026-01-25")));
        let raised: Vec<(&str, Level)> = p
            .raise
            .iter()
            .map(|n| (n.order_id.as_str(), n.level))
            .collect();
        assert_eq!(raised, [("O1", Level::Breached)]);
    }

    #[test]
    fn snoozed_alerts_wake_on_their_date_and_vanished_lines_resolve() {
        let known = |id: i64, order: &str, state: AlertState, until: Option<&str>| KnownAlert {
            id,
            order_id: order.into(),
            order_line: "10".into(),
            level: Level::Warning,
            state,
            snooze_until: until.map(date),
        };
        let lines = [
            test_line("O1", "2026-01-10", true, "2026-01-25"),
            test_line("O2", "2026-01-10", true, "2026-01-25"),
            test_line("O3", "2026-01-10", true, "2026-01-25"),
        ];
        let p = plan(
            &lines,
            &[
                known(1, "O1", AlertState::Snoozed, Some("2026-01-25")),
                known(2, "O2", AlertState::Snoozed, Some("2026-01-26")),
                known(3, "O3", AlertState::Acknowledged, None),
                known(4, "GONE", AlertState::Acknowledged, None),
                known(5, "GONE2", AlertState::Resolved, None),
            ],
            &FollowupConfig::new(date("2026-01-25")),
        );
        assert_eq!(p.wake, [1]);
        assert_eq!(p.resolve, [(4, ResolveReason::LineClosed)]);
        assert!(p.raise.is_empty());
    }
}
