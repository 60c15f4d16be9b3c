//! The demo network: a deterministic service-parts network written as ERP
//! export files, so that the demo goes through the same ingest as real data.
//!
//! [`write_exports`] builds the network for a [`DemoConfig`] (size, seed,
//! header vocabulary, months of history) and writes one folder per monthly
//! as-of date, oldest first. Each folder is a full snapshot: lines closed
//! since the previous export vanish from the open list (and come back as
//! closed lines, with their closing date, one export later), new lines
//! appear, stock and POs move on.
//!
//! What is in it:
//! - central, regional and field locations in EMEA, AMER, APAC (and LATAM in
//!   the large network) with coordinates; lanes (ground, air, courier)
//!   between them and from suppliers;
//! - parts with A/B/C criticality, lifecycles (eol with a date and often a
//!   successor, obsolete), costs, lead times, suppliers, weights, product
//!   lines; substitutes;
//! - every part at each of its stocking locations simulated day by day over
//!   30+ months: intermittent demand (about 70% of months without any),
//!   a reorder-point policy, POs whose committed and received dates follow
//!   the supplier's reliability, transfers from the parent location, and the
//!   backorder lines stockouts leave (`demand_history.qty_demanded -
//!   qty_filled` is exactly the quantity that went to backorder that month,
//!   and `stockout_days` counts the days without usable stock);
//! - tiered customers (platinum to bronze) with an SLA row for every tier and
//!   criticality, installed equipment with downtime cost and failure
//!   likelihood, BOMs per model, service events;
//! - the planted [`STORIES`].
//!
//! Only the `seed` drives randomness (a self-contained PRNG) and only
//! `last_as_of` fixes dates: the same config gives the same bytes.

mod export;
mod network;
mod rng;
mod sim;
mod stories;
mod vocab;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use stories::{ids, Story, STORIES};

/// How big a network to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Size {
    /// About 240 parts, 21 locations, a few thousand backorder lines, 6
    /// monthly exports; generated and imported in about a second.
    #[default]
    Small,
    /// 50,000 parts, 200 locations, about a million backorder lines and five
    /// million demand rows in the last export. Exports before the last one
    /// leave out `demand_history` (the last export holds all of it).
    Large,
}

/// The header vocabulary (and file dialect) of the export files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vocabulary {
    /// Contract column names; UTF-8, `,`, LF, ISO dates, `1234.5`.
    #[default]
    Generic,
    /// German labels (else SAP field names, else generic); Windows-1252, `;`,
    /// CRLF, `DD.MM.YYYY`, `1.234,50` with a trailing minus, a report-title
    /// preamble.
    SapDe,
    /// SAP field names (else English labels, else generic); UTF-16LE with BOM,
    /// tab, CRLF, `YYYYMMDD` and `00000000`, zero-padded material, customer,
    /// vendor and document numbers.
    SapEn,
}

impl std::str::FromStr for Size {
    type Err = String;
    /// `small` or `large`.
    fn from_str(s: &str) -> Result<Size, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "small" => Ok(Size::Small),
            "large" => Ok(Size::Large),
            other => Err(format!("unknown size `{other}`: expected small or large")),
        }
    }
}

impl std::str::FromStr for Vocabulary {
    type Err = String;
    /// `generic`, `sap-de` or `sap-en` (`_` works too).
    fn from_str(s: &str) -> Result<Vocabulary, String> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "generic" => Ok(Vocabulary::Generic),
            "sap-de" => Ok(Vocabulary::SapDe),
            "sap-en" => Ok(Vocabulary::SapEn),
            other => Err(format!(
                "unknown vocabulary `{other}`: expected generic, sap-de or sap-en"
            )),
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    pub size: Size,
    pub seed: u64,
    pub vocabulary: Vocabulary,
    /// Monthly exports (months of KPI history), 1 to 36.
    pub exports: usize,
    /// The last export's as-of date; exports fall on month ends (a date
    /// within a month means that month's end).
    pub last_as_of: NaiveDate,
}

impl Default for DemoConfig {
    fn default() -> DemoConfig {
        DemoConfig {
            size: Size::Small,
            seed: 42,
            vocabulary: Vocabulary::Generic,
            exports: 6,
            last_as_of: NaiveDate::from_ymd_opt(2026, 10, 31).expect("date"),
        }
    }
}

/// One written export folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoExport {
    pub as_of: NaiveDate,
    pub dir: PathBuf,
}

/// The as-of dates `write_exports` uses for a config, oldest first.
pub fn as_of_dates(cfg: &DemoConfig) -> Vec<NaiveDate> {
    let last = network::month_end(cfg.last_as_of);
    (0..cfg.exports)
        .rev()
        .map(|back| network::month_end(last - chrono::Months::new(back as u32)))
        .collect()
}

/// Writes the demo network as export folders `out_dir/YYYY-MM-DD/`, one per
/// as-of date, oldest first. Files of another vocabulary left in those
/// folders by an earlier run are removed; other files are left alone.
pub fn write_exports(cfg: &DemoConfig, out_dir: &Path) -> std::io::Result<Vec<DemoExport>> {
    export::write(cfg, out_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_of_dates_are_month_ends() {
        let cfg = DemoConfig {
            exports: 3,
            last_as_of: NaiveDate::from_ymd_opt(2026, 3, 12).unwrap(),
            ..DemoConfig::default()
        };
        let d: Vec<String> = as_of_dates(&cfg).iter().map(|d| d.to_string()).collect();
        assert_eq!(d, ["2026-01-31", "2026-02-28", "2026-03-31"]);
    }
}
