//! Automatic selection (`auto`): a per-series choice by a holdout
//! comparison ([`choose`]), reported with the series' Syntetos–Boylan–Croston
//! demand class:
//!
//! - **ADI**, the average inter-demand interval, is the mean of the intervals
//!   as Croston counts them (the first one is the 1-based position of the
//!   first demand, so leading zeros count);
//! - **CV²** is the squared coefficient of variation of the non-zero sizes
//!   (population variance / mean²; 0 with one demand);
//! - smooth: ADI ≤ 1.32 and CV² ≤ 0.49; erratic: ADI ≤ 1.32, CV² > 0.49;
//!   intermittent: ADI > 1.32, CV² ≤ 0.49; lumpy: ADI > 1.32, CV² > 0.49.
//!
//! The class alone does not choose the method: on carparts the textbook rule
//! (SBA for intermittent and lumpy demand, SES-like for the rest) scores a
//! MASE of 1.232, and ADIDA is the best single method in every class (see
//! `docs/forecasting.md`), so a class rule cannot beat ADIDA there.

use serde::Serialize;

use crate::{ForecastConfig, Method};

/// The ADI cut-off between frequent and intermittent demand.
pub const ADI_CUTOFF: f64 = 1.32;
/// The CV² cut-off between regular and variable sizes.
pub const CV2_CUTOFF: f64 = 0.49;

/// The Syntetos–Boylan–Croston demand class of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DemandClass {
    Smooth,
    Erratic,
    Intermittent,
    Lumpy,
    NoDemand,
}

/// A series' class and the figures it follows from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Classification {
    pub class: DemandClass,
    /// Average inter-demand interval (0 without demand).
    pub adi: f64,
    /// Squared coefficient of variation of the non-zero sizes.
    pub cv2: f64,
}

/// Classifies a series (non-negative values).
pub fn classify(y: &[f64]) -> Classification {
    let intervals = crate::smoothing::intervals(y);
    let sizes = crate::smoothing::demand_sizes(y);
    if intervals.is_empty() || sizes.is_empty() {
        return Classification {
            class: DemandClass::NoDemand,
            adi: 0.0,
            cv2: 0.0,
        };
    }
    let adi = intervals.iter().sum::<f64>() / intervals.len() as f64;
    let n = sizes.len() as f64;
    let mean = sizes.iter().sum::<f64>() / n;
    let variance = sizes.iter().map(|s| (s - mean) * (s - mean)).sum::<f64>() / n;
    let cv2 = variance / (mean * mean);
    let class = match (adi > ADI_CUTOFF, cv2 > CV2_CUTOFF) {
        (false, false) => DemandClass::Smooth,
        (false, true) => DemandClass::Erratic,
        (true, false) => DemandClass::Intermittent,
        (true, true) => DemandClass::Lumpy,
    };
    Classification { class, adi, cv2 }
}

/// The method `auto` uses for a series, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub method: Method,
    pub classification: Classification,
    pub reason: String,
}

/// The periods `auto` holds out at the end of a series to compare the methods.
pub const HOLDOUT: usize = 6;

/// The candidates of `auto`, in the order ties are broken (ADIDA first: the
/// best single method on carparts).
pub const CANDIDATES: [Method; 7] = [
    Method::Adida,
    Method::Imapa,
    Method::Ses,
    Method::Tsb,
    Method::CrostonOpt,
    Method::Sba,
    Method::Croston,
];

/// `auto`: holds out the last [`HOLDOUT`] periods (at most a third of the
/// series), fits every candidate on the periods before, and chooses the one
/// with the lowest mean absolute error over the held-out periods; the
/// forecast is then that method fitted on the whole series. A series too
/// short to hold anything out (fewer than 3 periods) gets ADIDA; so does one
/// without demand (every method forecasts 0). The demand class is reported
/// alongside, for the planner.
pub fn choose(y: &[f64], config: &ForecastConfig) -> Choice {
    choose_with_holdout(y, config, HOLDOUT)
}

/// [`choose`] with another number of held-out periods (for sensitivity
/// studies; `auto` uses [`HOLDOUT`]).
pub fn choose_with_holdout(y: &[f64], config: &ForecastConfig, holdout: usize) -> Choice {
    let classification = classify(y);
    let holdout = holdout.min(y.len() / 3);
    if classification.class == DemandClass::NoDemand {
        return Choice {
            method: Method::Adida,
            classification,
            reason: "no demand in the history: every method forecasts 0".to_string(),
        };
    }
    if holdout == 0 {
        return Choice {
            method: Method::Adida,
            classification,
            reason: format!(
                "too short to compare methods on held-out periods (n = {}): adida",
                y.len()
            ),
        };
    }
    let (fit, held) = y.split_at(y.len() - holdout);
    // every candidate's level at once (the same bits as `level_of` per
    // method; one method at a time only where the batch refuses the input)
    let levels = crate::batch::forecast_all_methods(fit, config).ok();
    let mut scored: Vec<(Method, f64)> = CANDIDATES
        .iter()
        .map(|&m| {
            let level = levels
                .and_then(|all| all.level(m))
                .unwrap_or_else(|| crate::level_of(fit, m, config).0);
            let mae = held.iter().map(|v| (v - level).abs()).sum::<f64>() / held.len() as f64;
            (m, mae)
        })
        .collect();
    // stable: ties keep the candidates' order
    scored.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (method, mae) = scored[0];
    let runner_up = scored[1];
    let Classification { class, adi, cv2 } = classification;
    let reason = format!(
        "lowest mean absolute error over the last {holdout} of {} periods, fitted on the {} before: \
         {method} {mae:.3} (next {} {:.3}); {} demand (ADI {adi:.2}, CV² {cv2:.2})",
        y.len(),
        fit.len(),
        runner_up.0,
        runner_up.1,
        class_name(class),
    );
    Choice {
        method,
        classification,
        reason,
    }
}

fn class_name(class: DemandClass) -> &'static str {
    match class {
        DemandClass::Smooth => "smooth",
        DemandClass::Erratic => "erratic",
        DemandClass::Intermittent => "intermittent",
        DemandClass::Lumpy => "lumpy",
        DemandClass::NoDemand => "no",
    }
}
