//! Countermeasures and failure modes.
//!
//! A countermeasure is recorded against a part, a supplier (the part's
//! primary supplier) or a root cause, with the date it took effect. Its
//! [`recurrence`] compares the backorder lines created per month for that
//! target in the 6 months before the date (`[date - 6 months, date)`) with
//! the 6 months from it (`[date, date + 6 months)`, cut at the as-of date
//! while those months are not over). Months are days / 30.4375, so a part of
//! the after-window gives a comparable rate.
//!
//! [`top_parts`]: the quarter's most backordered parts (lines created in the
//! quarter, up to the as-of date) with the mix of their lines' root causes.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};

use crate::LineFacts;

/// Days in an average month.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// What a countermeasure is recorded against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetKind {
    Part,
    Supplier,
    RootCause,
}

impl TargetKind {
    pub const ALL: [TargetKind; 3] = [
        TargetKind::Part,
        TargetKind::Supplier,
        TargetKind::RootCause,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Part => "part",
            TargetKind::Supplier => "supplier",
            TargetKind::RootCause => "root_cause",
        }
    }
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TargetKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TargetKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!("countermeasure target {s:?}: one of part, supplier, root_cause")
            })
    }
}

/// Where a countermeasure applies and from when.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub kind: TargetKind,
    pub value: String,
    pub effective_date: NaiveDate,
}

impl Target {
    pub fn matches(&self, line: &LineFacts) -> bool {
        match self.kind {
            TargetKind::Part => line.part_id == self.value,
            TargetKind::Supplier => line.supplier_id.as_deref() == Some(self.value.as_str()),
            TargetKind::RootCause => line.root_cause == self.value,
        }
    }
}

/// Backorder lines created per month before and after a countermeasure.
#[derive(Debug, Clone, PartialEq)]
pub struct Recurrence {
    pub before_lines: u64,
    pub before_months: f64,
    pub before_per_month: f64,
    pub after_lines: u64,
    /// 0 while the date is after the as-of date.
    pub after_months: f64,
    /// `None` until a day of the after-window has passed.
    pub after_per_month: Option<f64>,
    /// `(after - before) / before` in percent; `None` without both rates or
    /// with no lines before.
    pub change_pct: Option<f64>,
    /// The 6 months after are over (as of `as_of`).
    pub after_complete: bool,
}

/// Lines created per month for `target`, 6 months before against 6 months after.
pub fn recurrence(lines: &[LineFacts], target: &Target, as_of: NaiveDate) -> Recurrence {
    let date = target.effective_date;
    let start = date.checked_sub_months(Months::new(6)).unwrap_or(date);
    let end = date.checked_add_months(Months::new(6)).unwrap_or(date);
    // Lines exist up to and including T.
    let seen_until = as_of.succ_opt().unwrap_or(as_of);
    let after_end = end.min(seen_until).max(date);
    let (mut before_lines, mut after_lines) = (0, 0);
    for l in lines.iter().filter(|l| target.matches(l)) {
        let c = l.created_date;
        if c >= start && c < date && c < seen_until {
            before_lines += 1;
        } else if c >= date && c < after_end {
            after_lines += 1;
        }
    }
    let months = |a: NaiveDate, b: NaiveDate| (b - a).num_days().max(0) as f64 / DAYS_PER_MONTH;
    let before_months = months(start, date.min(seen_until).max(start));
    let after_months = months(date, after_end);
    let rate = |n: u64, m: f64| if m > 0.0 { n as f64 / m } else { 0.0 };
    let before_per_month = rate(before_lines, before_months);
    let after_per_month = (after_months > 0.0).then(|| rate(after_lines, after_months));
    let change_pct = after_per_month
        .filter(|_| before_per_month > 0.0)
        .map(|a| (a - before_per_month) / before_per_month * 100.0);
    Recurrence {
        before_lines,
        before_months,
        before_per_month,
        after_lines,
        after_months,
        after_per_month,
        change_pct,
        after_complete: end <= seen_until,
    }
}

/// A calendar quarter, `2026-Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u32,
}

impl Quarter {
    pub fn of(d: NaiveDate) -> Quarter {
        Quarter {
            year: d.year(),
            q: (d.month() - 1) / 3 + 1,
        }
    }

    pub fn start(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, (self.q - 1) * 3 + 1, 1).expect("a quarter's first day")
    }

    /// The first day after the quarter.
    pub fn end(self) -> NaiveDate {
        self.start()
            .checked_add_months(Months::new(3))
            .expect("a quarter's end")
    }

    pub fn previous(self) -> Quarter {
        if self.q == 1 {
            Quarter {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q - 1,
            }
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

impl FromStr for Quarter {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("quarter {s:?}: expected YYYY-Qn, for example 2026-Q3");
        let (y, q) = s.trim().split_once(['-', ' ']).ok_or_else(bad)?;
        let year: i32 = y.parse().map_err(|_| bad())?;
        let q: u32 = q
            .strip_prefix(['Q', 'q'])
            .and_then(|q| q.parse().ok())
            .filter(|q| (1..=4).contains(q))
            .ok_or_else(bad)?;
        if !(1900..=9999).contains(&year) {
            return Err(bad());
        }
        Ok(Quarter { year, q })
    }
}

/// A part among the quarter's most backordered, with its lines' root causes.
#[derive(Debug, Clone, PartialEq)]
pub struct PartFailureModes {
    pub part_id: String,
    /// Backorder lines created in the quarter.
    pub lines: u64,
    /// Root cause → lines, most first (ties by name).
    pub root_causes: Vec<(String, u64)>,
}

/// The `n` parts with the most backorder lines created in `quarter` (up to
/// `as_of`), most first (ties by part id), with their root-cause mix.
pub fn top_parts(
    lines: &[LineFacts],
    quarter: Quarter,
    as_of: NaiveDate,
    n: usize,
) -> Vec<PartFailureModes> {
    let (start, end) = (quarter.start(), quarter.end());
    let mut parts: HashMap<&str, HashMap<&str, u64>> = HashMap::new();
    for l in lines {
        let c = l.created_date;
        if c >= start && c < end && c <= as_of {
            *parts
                .entry(l.part_id.as_str())
                .or_default()
                .entry(l.root_cause.as_str())
                .or_default() += 1;
        }
    }
    let mut out: Vec<PartFailureModes> = parts
        .into_iter()
        .map(|(part, causes)| {
            let mut root_causes: Vec<(String, u64)> = causes
                .into_iter()
                .map(|(c, k)| (c.to_string(), k))
                .collect();
            root_causes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            PartFailureModes {
                part_id: part.to_string(),
                lines: root_causes.iter().map(|c| c.1).sum(),
                root_causes,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.lines
            .cmp(&a.lines)
            .then_with(|| a.part_id.cmp(&b.part_id))
    });
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{date, test_line};

    fn line(part: &str, supplier: &str, cause: &str, created: &str) -> LineFacts {
        let mut l = test_line("O", created, false, "2026-11-29");
        l.part_id = part.into();
        l.supplier_id = Some(supplier.into());
        l.root_cause = cause.into();
        l
    }

    /// Hand-made history around a countermeasure on part P1 dated 2026-04-01:
    /// 12 lines in the 6 months before (Oct–Mar), 3 in the 6 after (Apr–Sep).
    fn history() -> Vec<LineFacts> {
        let mut lines = Vec::new();
        for created in [
            "2025-09-30", // the day before the window: not counted
            "2025-10-01",
            "2025-10-15",
            "2025-11-02",
            "2025-11-20",
            "2025-12-05",
            "2025-12-24",
            "2026-01-07",
            "2026-01-30",
            "2026-02-11",
            "2026-02-27",
            "2026-03-10",
            "2026-03-31",
        ] {
            lines.push(line("P1", "S1", "supplier_delay", created));
        }
        for created in ["2026-04-01", "2026-06-15", "2026-09-30", "2026-10-01"] {
            lines.push(line("P1", "S1", "demand_spike", created));
        }
        lines.push(line("P2", "S1", "supplier_delay", "2026-05-01"));
        lines
    }

    #[test]
    fn recurrence_before_and_after_on_hand_made_data() {
        let lines = history();
        let target = |kind, value: &str| Target {
            kind,
            value: value.into(),
            effective_date: date("2026-04-01"),
        };
        // Oct 1 → Apr 1 is 182 days; Apr 1 → Oct 1 is 183 days.
        let table = [
            (target(TargetKind::Part, "P1"), 12, 3),
            (target(TargetKind::Supplier, "S1"), 12, 4),
            (target(TargetKind::RootCause, "supplier_delay"), 12, 1),
            (target(TargetKind::RootCause, "demand_spike"), 0, 3),
        ];
        for (t, before, after) in &table {
            let r = recurrence(&lines, t, date("2026-11-29"));
            assert_eq!((r.before_lines, r.after_lines), (*before, *after), "{t:?}");
            assert!(r.after_complete);
            assert!((r.before_months - 182.0 / DAYS_PER_MONTH).abs() < 1e-9);
            assert!((r.after_months - 183.0 / DAYS_PER_MONTH).abs() < 1e-9);
        }
        let p1 = recurrence(&lines, &table[0].0, date("2026-11-29"));
        // 12 lines over 182 days = 2.007 a month; 3 over 183 = 0.499: −75 %.
        assert!((p1.before_per_month - 12.0 * DAYS_PER_MONTH / 182.0).abs() < 1e-9);
        assert!((p1.after_per_month.unwrap() - 3.0 * DAYS_PER_MONTH / 183.0).abs() < 1e-9);
        assert_eq!(p1.change_pct.map(|c| c.round()), Some(-75.0));
        assert_eq!(
            recurrence(&lines, &table[3].0, date("2026-11-29")).change_pct,
            None
        );
    }

    #[test]
    fn an_after_window_not_over_is_cut_at_the_as_of_date() {
        let lines = history();
        let t = Target {
            kind: TargetKind::Part,
            value: "P1".into(),
            effective_date: date("2026-04-01"),
        };
        // As of 2026-06-15 (that day's line counts): 76 days seen, 2 lines.
        let r = recurrence(&lines, &t, date("2026-06-15"));
        assert_eq!(r.after_lines, 2);
        assert!(!r.after_complete);
        assert!((r.after_months - 76.0 / DAYS_PER_MONTH).abs() < 1e-9);
        // Dated after the as-of date: nothing after yet.
        let future = Target {
            effective_date: date("2026-07-01"),
            ..t
        };
        let r = recurrence(&lines, &future, date("2026-06-15"));
        assert_eq!(
            (r.after_lines, r.after_per_month, r.change_pct),
            (0, None, None)
        );
    }

    #[test]
    fn quarterly_top_parts_with_their_root_cause_mix() {
        let mut lines = Vec::new();
        for (part, cause, n) in [
            ("P1", "supplier_delay", 3),
            ("P1", "demand_spike", 1),
            ("P2", "forecast_error", 4),
            ("P3", "unknown", 2),
        ] {
            for _ in 0..n {
                lines.push(line(part, "S", cause, "2026-08-10"));
            }
        }
        lines.push(line("P3", "S", "unknown", "2026-06-30")); // Q2
        lines.push(line("P3", "S", "unknown", "2026-09-20")); // after as-of
        let top = top_parts(&lines, "2026-Q3".parse().unwrap(), date("2026-09-15"), 2);
        let got: Vec<String> = top
            .into_iter()
            .map(|p| format!("{} {} {:?}", p.part_id, p.lines, p.root_causes))
            .collect();
        assert_eq!(
            got,
            [
                r#"P1 4 [("supplier_delay", 3), ("demand_spike", 1)]"#,
                r#"P2 4 [("forecast_error", 4)]"#,
            ]
        );
    }

    #[test]
    fn quarters_parse_and_bound() {
        let q: Quarter = "2026-Q1".parse().unwrap();
        assert_eq!(
            (q.start(), q.end()),
            (date("2026-01-01"), date("2026-04-01"))
        );
        assert_eq!(q.previous().to_string(), "2025-Q4");
        assert_eq!(Quarter::of(date("2026-11-29")).to_string(), "2026-Q4");
        for bad in ["2026", "2026-Q5", "Q1-2026", "x-Q1"] {
            assert!(bad.parse::<Quarter>().is_err(), "{bad}");
        }
    }
}
