//! The action engine: what to do about open backorder lines, and why they
//! were late. Pure: no SQL, no clock, no files; the working set's rows come
//! in as a [`Network`] and the as-of date and settings as a [`Config`].
//!
//! ```text
//! Network (parts, lines, stock, PO lines, lanes, demand) + Config { as_of, horizon_months }
//!     ├─► expedite::plan        ranked actions that end open lines earlier, with their saving
//!     ├─► attribution::attribute backorder days per replenishment cycle: supplier late vs demand above plan
//!     └─► eol::report           end-of-life parts: backorder rate, successor coverage, last-time buy
//! ```
//!
//! Definitions (also in `docs/actions.md`): `T` is the as-of date; an
//! interval `[a, b)` counts `b - a` days. A line is open as `kpis.md` says
//! (status `open`, `qty_open > 0`, created on or before `T`); its end is its
//! `closed_date` when closed or cancelled (its creation date when that is
//! missing: no days), `T` when open.

pub mod attribution;
pub mod eol;
pub mod expedite;
mod model;

pub use model::*;

/// Whole days from `a` to `b` (negative when `b` is before `a`).
pub(crate) fn days(a: chrono::NaiveDate, b: chrono::NaiveDate) -> i64 {
    (b - a).num_days()
}

/// Days of `[a, b)` that fall in `[lo, hi)`.
pub(crate) fn overlap(
    a: chrono::NaiveDate,
    b: chrono::NaiveDate,
    lo: chrono::NaiveDate,
    hi: chrono::NaiveDate,
) -> i64 {
    days(a.max(lo), b.min(hi)).max(0)
}

/// A fractional day count rounded up to whole days (a lead time of 2.5 days
/// arrives on the third day); never negative.
pub(crate) fn whole_days(d: f64) -> i64 {
    if d.is_finite() && d > 0.0 {
        (d - 1e-9).ceil() as i64
    } else {
        0
    }
}

/// Money and quantities as text for evidence: at most two decimals, no
/// trailing zeros.
pub(crate) fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}
