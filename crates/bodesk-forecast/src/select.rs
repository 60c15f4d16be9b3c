//! Automatic selection (`auto`): the Syntetos–Boylan–Croston demand classes
//! and the method each class gets.
//!
//! - **ADI**, the average inter-demand interval, is the mean of the intervals
//!   as Croston counts them (the first one is the 1-based position of the
//!   first demand, so leading zeros count);
//! - **CV²** is the squared coefficient of variation of the non-zero sizes
//!   (population variance / mean²; 0 with one demand).
//!
//! | class | ADI | CV² | method |
//! |---|---|---|---|
//! | smooth | ≤ 1.32 | ≤ 0.49 | `adida` (k = 1 here: optimised SES) |
//! | erratic | ≤ 1.32 | > 0.49 | `adida` |
//! | intermittent | > 1.32 | ≤ 0.49 | see [`choose`] |
//! | lumpy | > 1.32 | > 0.49 | see [`choose`] |
//! | no demand | — | — | `adida` (0) |

use serde::Serialize;

use crate::Method;

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

/// The method of a class (never [`Method::Auto`]).
pub fn method_for(class: DemandClass) -> Method {
    match class {
        DemandClass::Smooth | DemandClass::Erratic | DemandClass::NoDemand => Method::Adida,
        DemandClass::Intermittent => Method::Sba,
        DemandClass::Lumpy => Method::Sba,
    }
}

/// Classifies `y` and picks the method of its class.
pub fn choose(y: &[f64]) -> Choice {
    let classification = classify(y);
    let method = method_for(classification.class);
    let Classification { class, adi, cv2 } = classification;
    let reason = match class {
        DemandClass::NoDemand => "no demand in the history: every method forecasts 0".to_string(),
        _ => format!(
            "{} demand (ADI {adi:.3} {} {ADI_CUTOFF}, CV² {cv2:.3} {} {CV2_CUTOFF}): {method}",
            class_name(class),
            if adi > ADI_CUTOFF { ">" } else { "≤" },
            if cv2 > CV2_CUTOFF { ">" } else { "≤" },
        ),
    };
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
