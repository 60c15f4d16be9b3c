//! Closed-loop reviews: every open line older than 30 days (`kpis.md`
//! `lines_over_30_days`) gets one review record, ever; it is due
//! `review_due_days` (default 14) after the as-of date it was opened on, and
//! it cannot be closed without a resolution.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};

use crate::{FollowupConfig, LineFacts};

/// Lines older than this many days need a review.
pub const REVIEW_AGE_DAYS: u64 = 30;

/// The refusal when a review is closed without a resolution.
pub const RESOLUTION_REQUIRED: &str =
    "a review cannot be closed without a resolution: say what ended or will end the backorder";

/// A review to open.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReview {
    pub order_id: String,
    pub order_line: String,
    pub age_days: u64,
    pub due_date: NaiveDate,
}

/// Reviews to open as of `cfg.as_of`: open lines older than 30 days without
/// a review (`reviewed` holds every line that ever had one).
pub fn to_open(
    lines: &[LineFacts],
    reviewed: &HashSet<(String, String)>,
    cfg: &FollowupConfig,
) -> Vec<NewReview> {
    let due_date = cfg
        .as_of
        .checked_add_days(Days::new(u64::from(cfg.thresholds.review_due_days)))
        .unwrap_or(cfg.as_of);
    lines
        .iter()
        .filter(|l| l.open)
        .filter_map(|l| {
            let age = l.age_days.filter(|a| *a > REVIEW_AGE_DAYS)?;
            if reviewed.contains(&(l.order_id.clone(), l.order_line.clone())) {
                return None;
            }
            Some(NewReview {
                order_id: l.order_id.clone(),
                order_line: l.order_line.clone(),
                age_days: age,
                due_date,
            })
        })
        .collect()
}

/// The resolution to close a review with, trimmed; refused when empty.
pub fn resolution_to_close(resolution: Option<&str>) -> Result<String, &'static str> {
    match resolution.map(str::trim) {
        Some(r) if !r.is_empty() => Ok(r.to_string()),
        _ => Err(RESOLUTION_REQUIRED),
    }
}

/// A review not closed whose due date is before the as-of date.
pub fn is_overdue(due_date: NaiveDate, closed: bool, as_of: NaiveDate) -> bool {
    !closed && due_date < as_of
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{date, test_line};

    #[test]
    fn lines_older_than_30_days_get_one_review_due_in_14_days() {
        let as_of = "2026-03-01";
        let lines = [
            test_line("AGE30", "2026-01-30", true, as_of),
            test_line("AGE31", "2026-01-29", true, as_of),
            test_line("OLD_REVIEWED", "2025-12-01", true, as_of),
            test_line("OLD_CLOSED", "2025-12-01", false, as_of),
        ];
        let reviewed = HashSet::from([("OLD_REVIEWED".to_string(), "10".to_string())]);
        let opened = to_open(&lines, &reviewed, &FollowupConfig::new(date(as_of)));
        assert_eq!(
            opened,
            [NewReview {
                order_id: "AGE31".into(),
                order_line: "10".into(),
                age_days: 31,
                due_date: date("2026-03-15"),
            }]
        );
    }

    #[test]
    fn a_review_closes_only_with_a_resolution() {
        let table = [
            (None, Err(RESOLUTION_REQUIRED)),
            (Some(""), Err(RESOLUTION_REQUIRED)),
            (Some("   \n"), Err(RESOLUTION_REQUIRED)),
            (
                Some(" expedited by air "),
                Ok("expedited by air".to_string()),
            ),
        ];
        for (given, want) in table {
            assert_eq!(resolution_to_close(given), want, "{given:?}");
        }
    }

    #[test]
    fn overdue_means_due_before_the_as_of_date_and_not_closed() {
        let as_of = date("2026-03-01");
        let table = [
            ("2026-02-28", false, true),
            ("2026-03-01", false, false),
            ("2026-02-28", true, false),
        ];
        for (due, closed, want) in table {
            assert_eq!(
                is_overdue(date(due), closed, as_of),
                want,
                "{due} closed={closed}"
            );
        }
    }
}
