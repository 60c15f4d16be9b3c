//! Forecast adjustments: what a planner (or the ERP) knows that the demand
//! history does not. Pure: a baseline forecast over consecutive months and
//! the adjustments in, the adjusted forecast and the supply changes out.
//!
//! Months are whole numbers ([`month_index`]: `year × 12 + month − 1`) so
//! that a window is a closed range of them.
//!
//! | kind | effect |
//! |---|---|
//! | [`AdjustmentKind::Campaign`] | adds `qty` units of demand spread evenly over its months (`qty / months` each); only the months inside the forecast horizon add to the forecast, the months inside the history window are reported ([`Adjusted::history_campaign`]) so a planner sees which history demand was campaign-driven |
//! | [`AdjustmentKind::Override`] | the planner's value, `qty` units per month, replaces the **statistical baseline** from its first month until its expiry (last month); where two overrides overlap, the newest ([`Adjustment::order`], higher wins) decides; campaigns still add on top (a campaign is known extra demand, an override corrects the statistics) |
//! | [`AdjustmentKind::SupplyChange`] | never changes demand: summed per forecast month into [`Adjusted::supply_change`], shown beside the forecast |
//!
//! The adjusted forecast is never below 0.
//!
//! Also here: weighting the censored-demand correction (reconstructed −
//! recorded) of a month by the age of the backorders behind it
//! ([`age_weight`], [`age_weighted_history`]), and a rolling-origin backtest
//! that says whether the weighting helped ([`backtest_age_weighting`]).

use crate::{accuracy, forecast, ForecastConfig, ForecastError};

/// A month as a whole number: `year × 12 + (month − 1)`.
pub type MonthIndex = i32;

/// `YYYY-MM` to its [`MonthIndex`]; `None` unless exactly that shape with a
/// month 01–12.
pub fn month_index(text: &str) -> Option<MonthIndex> {
    let b = text.as_bytes();
    if b.len() != 7 || b[4] != b'-' || !b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit) {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    let month: i32 = text[5..].parse().ok()?;
    (1..=12).contains(&month).then_some(year * 12 + month - 1)
}

/// A [`MonthIndex`] as `YYYY-MM`.
pub fn month_name(m: MonthIndex) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustmentKind {
    Campaign,
    Override,
    SupplyChange,
}

impl AdjustmentKind {
    pub const ALL: [AdjustmentKind; 3] = [
        AdjustmentKind::Campaign,
        AdjustmentKind::Override,
        AdjustmentKind::SupplyChange,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AdjustmentKind::Campaign => "campaign",
            AdjustmentKind::Override => "override",
            AdjustmentKind::SupplyChange => "supply_change",
        }
    }

    pub fn from_name(name: &str) -> Option<AdjustmentKind> {
        AdjustmentKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One adjustment over the months `start..=end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adjustment {
    pub kind: AdjustmentKind,
    pub start: MonthIndex,
    pub end: MonthIndex,
    /// Campaign: units over the whole window; override and supply change:
    /// units per month.
    pub qty: f64,
    /// Which of two overlapping overrides is newer (higher: newer), e.g. the
    /// adjustment's id.
    pub order: i64,
}

impl Adjustment {
    fn months(&self) -> i32 {
        (self.end - self.start + 1).max(0)
    }

    fn covers(&self, m: MonthIndex) -> bool {
        (self.start..=self.end).contains(&m)
    }
}

/// The forecast after adjustments.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjusted {
    /// Baseline with overrides in place and campaigns added; never below 0.
    pub forecast: Vec<f64>,
    /// Per forecast month, the sum of the supply changes (not demand).
    pub supply_change: Vec<f64>,
    /// Per forecast month, the campaign demand added.
    pub campaign: Vec<f64>,
    /// Per forecast month, whether an override set the value.
    pub overridden: Vec<bool>,
    /// Per history month, the campaign demand that fell into it.
    pub history_campaign: Vec<f64>,
}

/// Applies `adjustments` to `baseline` (one value per month from
/// `first_forecast_month`); the history window is `history_len` months from
/// `first_history_month`. Adjustments whose end is before their start do
/// nothing.
pub fn apply(
    baseline: &[f64],
    first_forecast_month: MonthIndex,
    first_history_month: MonthIndex,
    history_len: usize,
    adjustments: &[Adjustment],
) -> Adjusted {
    let horizon = baseline.len();
    let mut out = Adjusted {
        forecast: baseline.to_vec(),
        supply_change: vec![0.0; horizon],
        campaign: vec![0.0; horizon],
        overridden: vec![false; horizon],
        history_campaign: vec![0.0; history_len],
    };
    let mut override_order = vec![i64::MIN; horizon];
    let forecast_months = (0..horizon).map(|i| (i, first_forecast_month + i as i32));
    for a in adjustments.iter().filter(|a| a.months() > 0) {
        match a.kind {
            AdjustmentKind::Campaign => {
                let per_month = a.qty / f64::from(a.months());
                for (i, _) in forecast_months.clone().filter(|&(_, m)| a.covers(m)) {
                    out.campaign[i] += per_month;
                }
                for i in 0..history_len {
                    if a.covers(first_history_month + i as i32) {
                        out.history_campaign[i] += per_month;
                    }
                }
            }
            AdjustmentKind::Override => {
                for (i, _) in forecast_months.clone().filter(|&(_, m)| a.covers(m)) {
                    if a.order >= override_order[i] {
                        override_order[i] = a.order;
                        out.forecast[i] = a.qty;
                        out.overridden[i] = true;
                    }
                }
            }
            AdjustmentKind::SupplyChange => {
                for (i, _) in forecast_months.clone().filter(|&(_, m)| a.covers(m)) {
                    out.supply_change[i] += a.qty;
                }
            }
        }
    }
    for (f, c) in out.forecast.iter_mut().zip(&out.campaign) {
        *f = (*f + c).max(0.0);
    }
    out
}

// --- weighting corrections by backorder age ----------------------------------

/// The weight of a month's censored-demand correction when the backorders
/// behind it are `age_days` old (quantity-weighted mean age): a linear ramp,
/// `min(1, age / threshold)`, 0 for no age.
///
/// Why: demand on a young backorder is still open and is usually served
/// (and then recorded) in a later month, so counting the full correction
/// would count it twice; demand that has waited `threshold` days or more is
/// taken as lost to the history and gets the whole correction.
pub fn age_weight(age_days: f64, threshold_days: f64) -> f64 {
    if threshold_days <= 0.0 {
        return 1.0;
    }
    (age_days / threshold_days).clamp(0.0, 1.0)
}

/// `recorded + age_weight(age) × (reconstructed − recorded)` per month.
pub fn age_weighted_history(
    recorded: &[f64],
    reconstructed: &[f64],
    backorder_age_days: &[f64],
    threshold_days: f64,
) -> Vec<f64> {
    recorded
        .iter()
        .zip(reconstructed)
        .zip(backorder_age_days)
        .map(|((&r, &c), &age)| r + age_weight(age, threshold_days) * (c - r))
        .collect()
}

/// The answer of [`backtest_age_weighting`]: the forecast from the fully
/// corrected history against the one from the age-weighted history, over
/// the same compared months.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AgeWeightingBacktest {
    pub mae_full_correction: f64,
    pub mae_age_weighted: f64,
    pub bias_full_correction: f64,
    pub bias_age_weighted: f64,
    /// Origins that compared at least one month.
    pub origins: usize,
    /// Forecast/actual pairs compared (per variant).
    pub points: usize,
    /// The age-weighted history's MAE is lower.
    pub helped: bool,
}

/// Rolling-origin backtest of the age weighting, with the origins of
/// [`accuracy::rolling_origin`](crate::accuracy::rolling_origin) (the last
/// `origins` positions, at least [`accuracy::MIN_TRAINING`] months of
/// training, up to `config.horizon` months compared from each): at each
/// origin the forecast is fitted twice, on the fully reconstructed history
/// and on the age-weighted one, and both are compared with the months that
/// followed — only the **uncensored** ones (their recorded value is the true
/// demand; a censored month's true demand is unknown, and scoring against
/// either estimate would favour it). MAE and bias are
/// [`accuracy::mae`]/[`accuracy::bias`] over all compared pairs. `None` when
/// no month could be compared.
///
/// [`accuracy::MIN_TRAINING`]: crate::accuracy::MIN_TRAINING
/// [`accuracy::mae`]: crate::accuracy::mae
/// [`accuracy::bias`]: crate::accuracy::bias
#[allow(clippy::too_many_arguments)]
pub fn backtest_age_weighting(
    recorded: &[f64],
    reconstructed: &[f64],
    censored: &[bool],
    backorder_age_days: &[f64],
    threshold_days: f64,
    config: &ForecastConfig,
    origins: usize,
) -> Result<Option<AgeWeightingBacktest>, ForecastError> {
    let n = recorded.len();
    let horizon = config.horizon.max(1);
    let config = ForecastConfig { horizon, ..*config };
    let weighted =
        age_weighted_history(recorded, reconstructed, backorder_age_days, threshold_days);
    let (mut full, mut aged, mut actual) = (Vec::new(), Vec::new(), Vec::new());
    let mut used = 0;
    for o in n.saturating_sub(origins).max(accuracy::MIN_TRAINING)..n {
        let compared: Vec<usize> = (o..n.min(o + horizon)).filter(|&t| !censored[t]).collect();
        if compared.is_empty() {
            continue;
        }
        let f_full = forecast(&reconstructed[..o], &config)?;
        let f_aged = forecast(&weighted[..o], &config)?;
        used += 1;
        for t in compared {
            full.push(f_full.mean[t - o]);
            aged.push(f_aged.mean[t - o]);
            actual.push(recorded[t]);
        }
    }
    if actual.is_empty() {
        return Ok(None);
    }
    let (mae_full_correction, mae_age_weighted) =
        (accuracy::mae(&full, &actual), accuracy::mae(&aged, &actual));
    Ok(Some(AgeWeightingBacktest {
        mae_full_correction,
        mae_age_weighted,
        bias_full_correction: accuracy::bias(&full, &actual),
        bias_age_weighted: accuracy::bias(&aged, &actual),
        origins: used,
        points: actual.len(),
        helped: mae_age_weighted < mae_full_correction,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    const JAN_2027: MonthIndex = 2027 * 12;

    fn adj(
        kind: AdjustmentKind,
        start: MonthIndex,
        end: MonthIndex,
        qty: f64,
        order: i64,
    ) -> Adjustment {
        Adjustment {
            kind,
            start,
            end,
            qty,
            order,
        }
    }

    #[test]
    fn months_parse_and_print() {
        let table: &[(&str, Option<&str>)] = &[
            ("2027-01", Some("2027-01")),
            ("2026-12", Some("2026-12")),
            ("2026-13", None),
            ("2026-00", None),
            ("2026-1", None),
            ("2026/01", None),
            ("26-01-01", None),
            ("", None),
        ];
        for (text, want) in table {
            assert_eq!(
                month_index(text).map(month_name).as_deref(),
                *want,
                "{text}"
            );
        }
        assert_eq!(month_index("2027-01"), Some(JAN_2027));
        assert_eq!(month_index("2026-12"), Some(JAN_2027 - 1));
    }

    /// (case, adjustments, expected forecast, expected supply change) over
    /// a flat baseline of 10 for Jan–Apr 2027; history Jul–Dec 2026.
    #[test]
    fn adjustments_table() {
        use AdjustmentKind::*;
        let m = JAN_2027;
        type Case = (&'static str, Vec<Adjustment>, [f64; 4], [f64; 4]);
        let table: Vec<Case> = vec![
            ("nothing", vec![], [10.0; 4], [0.0; 4]),
            (
                "campaign spread evenly over its 4 months",
                vec![adj(Campaign, m, m + 3, 40.0, 1)],
                [20.0; 4],
                [0.0; 4],
            ),
            (
                "campaign clipped by the horizon end: only its months inside count",
                vec![adj(Campaign, m + 2, m + 5, 40.0, 1)],
                [10.0, 10.0, 20.0, 20.0],
                [0.0; 4],
            ),
            (
                "campaign half in the history: the history half is not forecast",
                vec![adj(Campaign, m - 2, m + 1, 40.0, 1)],
                [20.0, 20.0, 10.0, 10.0],
                [0.0; 4],
            ),
            (
                "override until its expiry",
                vec![adj(Override, m, m + 1, 3.0, 1)],
                [3.0, 3.0, 10.0, 10.0],
                [0.0; 4],
            ),
            (
                "overlapping overrides: the newest wins where they overlap",
                vec![
                    adj(Override, m + 1, m + 3, 7.0, 9),
                    adj(Override, m, m + 2, 3.0, 4),
                ],
                [3.0, 7.0, 7.0, 7.0],
                [0.0; 4],
            ),
            (
                "override replaces the baseline, a campaign still adds",
                vec![
                    adj(Override, m, m + 3, 0.0, 1),
                    adj(Campaign, m, m + 1, 10.0, 2),
                ],
                [5.0, 5.0, 0.0, 0.0],
                [0.0; 4],
            ),
            (
                "supply change never touches demand",
                vec![
                    adj(SupplyChange, m + 1, m + 2, -4.0, 1),
                    adj(SupplyChange, m + 2, m + 9, 6.0, 2),
                ],
                [10.0; 4],
                [0.0, -4.0, 2.0, 6.0],
            ),
            (
                "end before start does nothing",
                vec![
                    adj(Campaign, m + 2, m + 1, 40.0, 1),
                    adj(Override, m + 3, m, 1.0, 1),
                ],
                [10.0; 4],
                [0.0; 4],
            ),
            (
                "an expired override does nothing",
                vec![adj(Override, m - 6, m - 1, 1.0, 1)],
                [10.0; 4],
                [0.0; 4],
            ),
            (
                "never below zero",
                vec![adj(Campaign, m, m, -50.0, 1)],
                [0.0, 10.0, 10.0, 10.0],
                [0.0; 4],
            ),
        ];
        for (case, adjustments, forecast, supply) in table {
            let got = apply(&[10.0; 4], m, m - 6, 6, &adjustments);
            assert_eq!(got.forecast, forecast, "{case}: forecast");
            assert_eq!(got.supply_change, supply, "{case}: supply change");
        }
    }

    #[test]
    fn campaign_in_the_history_window_is_reported() {
        let m = JAN_2027;
        let got = apply(
            &[1.0; 2],
            m,
            m - 4,
            4,
            &[adj(AdjustmentKind::Campaign, m - 2, m + 1, 40.0, 1)],
        );
        assert_eq!(got.history_campaign, [0.0, 0.0, 10.0, 10.0]);
        assert_eq!(got.campaign, [10.0, 10.0]);
        assert_eq!(got.overridden, [false, false]);
    }

    #[test]
    fn age_weights_ramp_to_one_at_the_threshold() {
        let table = [
            (0.0, 30.0, 0.0),
            (15.0, 30.0, 0.5),
            (30.0, 30.0, 1.0),
            (90.0, 30.0, 1.0),
            (-3.0, 30.0, 0.0),
            (5.0, 0.0, 1.0),
        ];
        for (age, threshold, want) in table {
            assert_eq!(
                age_weight(age, threshold),
                want,
                "age {age}, threshold {threshold}"
            );
        }
        assert_eq!(
            age_weighted_history(&[4.0, 4.0, 4.0], &[8.0, 8.0, 8.0], &[0.0, 15.0, 45.0], 30.0),
            [4.0, 6.0, 8.0]
        );
    }

    /// Young backorders whose demand came back as recorded demand the month
    /// after: the full correction counts it twice and over-forecasts, the
    /// age weighting does not.
    #[test]
    fn backtest_says_the_weighting_helped_when_young_corrections_double_count() {
        let months = 24;
        let recorded = vec![5.0; months];
        let mut reconstructed = recorded.clone();
        let mut censored = vec![false; months];
        let mut ages = vec![0.0; months];
        for i in (1..months).step_by(3) {
            reconstructed[i] = 15.0;
            censored[i] = true;
            ages[i] = 3.0;
        }
        let config = ForecastConfig {
            method: Method::Ses,
            horizon: 3,
            ..ForecastConfig::default()
        };
        let got = backtest_age_weighting(
            &recorded,
            &reconstructed,
            &censored,
            &ages,
            30.0,
            &config,
            6,
        )
        .unwrap()
        .unwrap();
        assert!(got.helped, "{got:?}");
        assert!(got.mae_age_weighted < got.mae_full_correction);
        assert!(got.bias_full_correction > got.bias_age_weighted);
        assert!(
            got.bias_age_weighted > 0.0,
            "still above the true 5 a month"
        );
        // Origins 18..=23, each compared with the uncensored months of the
        // next 3 (months 19 and 22 are censored): 2+2+2+2+1+1.
        assert_eq!((got.origins, got.points), (6, 10));

        // Old backorders: the weighting changes nothing, so it did not help.
        let old = vec![60.0; months];
        let same =
            backtest_age_weighting(&recorded, &reconstructed, &censored, &old, 30.0, &config, 6)
                .unwrap()
                .unwrap();
        assert!(!same.helped);
        assert_eq!(same.mae_age_weighted, same.mae_full_correction);
    }

    #[test]
    fn backtest_without_uncensored_months_to_compare_is_none() {
        let config = ForecastConfig::with_method(Method::Ses);
        let got = backtest_age_weighting(
            &[1.0; 3], &[2.0; 3], &[true; 3], &[0.0; 3], 30.0, &config, 3,
        );
        assert_eq!(got, Ok(None));
    }
}
