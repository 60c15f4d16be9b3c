//! Monthly demand series from the working set, with censored months
//! reconstructed: what the working-set forecast, replenishment and supplier
//! forecast sharing read.
//!
//! [`load`] (or [`for_each`], which streams) gives one [`DemandSeries`] per
//! part × location with a row in `demand_history` (optionally one part and/or
//! one location), or per part the network total over its locations.
//!
//! - **Months**: every series covers the same range, from the earliest month
//!   of `demand_history` to the month of the working set's as-of date (the
//!   newest committed import's); rows after the as-of month are left out; a
//!   month without a row is zero demand and not censored (ERP exports leave
//!   out zero months). Vanished rows (`in_export = 0`) are history and count.
//! - **Recorded** demand is `qty_demanded` (order entry). A negative value
//!   (net returns) counts as 0.
//! - **Censored** months (the recorded demand is a lower bound): `stockout_days
//!   > 0` (customers who found the location empty ordered elsewhere or not at
//!   all), or `qty_filled < qty_demanded` (part of the month's demand went to
//!   backorder: while a part is on backorder, orders are lost, cancelled or
//!   placed elsewhere). In both cases the lower bound is `qty_demanded`, never
//!   `qty_filled`: order entry already contains the backordered units, so
//!   taking the fill as the bound would count the shortage twice. This is the
//!   same rule as `bodesk forecast --input` with its `qty`, `qty_filled` and
//!   `stockout_days` columns.
//! - **Reconstructed** demand comes from `bodesk_forecast::censored::reconstruct`
//!   (the file mode's code path), per part × location, **when at least half
//!   of the months are uncensored**. With more months censored than not, the
//!   fitted distribution is the model's assumption more than the part's
//!   history (a part short 29 of 30 months, recorded 4.8 a month, came out at
//!   14 a month), while order entry already holds every backordered unit:
//!   such a series keeps its recorded demand, its months stay flagged, and
//!   its fit is `too_few_uncensored` (model and estimates of the recorded
//!   values). A network total is the
//!   sum of its locations' recorded and reconstructed series (censoring
//!   happens at a location; reconstructing the sum would inflate a whole
//!   network month for a stockout at its smallest location); it is censored
//!   where any location is, its model and fit are the locations' common one
//!   or `mixed`, `mu` the sum of theirs and `sigma` the root of the sum of
//!   their variances.
//!
//! One SQL pass in the table's key order (part, location, period: no sort);
//! ids are compared as bytes and a `String` is made once per series, not per
//! row.

use bodesk_forecast::censored::{reconstruct, CensoredConfig, Fit};
use chrono::Datelike;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::{ApiError, ErrorCode};

/// Which series to load.
#[derive(Debug, Clone, Default)]
pub struct SeriesFilter {
    /// One part, or every part.
    pub part_id: Option<String>,
    /// One location; wins over `network_total`.
    pub location_id: Option<String>,
    /// Without a location: one series per part, summed over its locations
    /// (`location_id: None` in the result).
    pub network_total: bool,
    /// How censored months are reconstructed (default: auto model).
    pub censored: CensoredConfig,
    /// Whether reconstructed months are weighted by backorder age
    /// (default: as the working set's setting says).
    pub age_weighting: AgeWeightingChoice,
}

/// Weighting of the censored-demand correction by backorder age
/// ([`crate::backorder_age`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AgeWeightingChoice {
    /// As the setting `forecast_age_weighting` says (off by default).
    #[default]
    FromSetting,
    /// Never.
    Off,
    /// Not applied, but [`DemandSeries::backorder_age_days`] filled (the
    /// backtest).
    AgesOnly,
}

/// One part's monthly demand at one location (or over the network).
#[derive(Debug, Clone, PartialEq)]
pub struct DemandSeries {
    pub part_id: String,
    /// `None`: the network total.
    pub location_id: Option<String>,
    /// `YYYY-MM`, oldest first, ending at the as-of month.
    pub periods: Vec<String>,
    /// `qty_demanded` per month (0 without a row).
    pub recorded: Vec<f64>,
    /// True demand estimated where censored, else = recorded.
    pub reconstructed: Vec<f64>,
    pub censored: Vec<bool>,
    /// Why a month is censored, e.g. `12 stockout days`; empty when not.
    pub censored_reason: Vec<String>,
    /// `normal`, `poisson` (network total: `mixed` when locations differ).
    pub model: String,
    /// `uncensored`, `converged`, `too_few_uncensored`, `no_spread`,
    /// `iteration_cap` (network total: `mixed` when locations differ).
    pub fit: String,
    /// Fitted mean demand per month (Poisson: λ).
    pub mu: f64,
    /// Its standard deviation.
    pub sigma: f64,
    /// Quantity-weighted mean age of the backorder lines created per month
    /// (`None`: none), when the age weighting is on or asked for; empty
    /// otherwise and for network totals.
    pub backorder_age_days: Vec<Option<f64>>,
}

impl DemandSeries {
    pub fn censored_months(&self) -> usize {
        self.censored.iter().filter(|&&c| c).count()
    }

    /// Demand added by reconstruction over the history.
    pub fn reconstructed_extra(&self) -> f64 {
        self.reconstructed.iter().sum::<f64>() - self.recorded.iter().sum::<f64>()
    }
}

/// The common month range: months as `year * 12 + month0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRange {
    pub first: i64,
    pub last: i64,
}

impl MonthRange {
    pub fn len(&self) -> usize {
        (self.last - self.first + 1).max(0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `YYYY-MM` of every month in the range.
    pub fn labels(&self) -> Vec<String> {
        (self.first..=self.last).map(month_label).collect()
    }

    /// The `n` months after the range (forecast months).
    pub fn following(&self, n: usize) -> Vec<String> {
        (self.last + 1..=self.last + n as i64)
            .map(month_label)
            .collect()
    }
}

/// `YYYY-MM` of a month index.
pub fn month_label(m: i64) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// The month index of `YYYY-MM` (also the first 7 bytes of `YYYY-MM-DD`).
pub fn month_index(text: &[u8]) -> Option<i64> {
    if text.len() < 7 || text[4] != b'-' {
        return None;
    }
    let digits = |b: &[u8]| -> Option<i64> {
        b.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (y, m) = (digits(&text[..4])?, digits(&text[5..7])?);
    (1..=12).contains(&m).then(|| y * 12 + m - 1)
}

/// The month range every series covers: the earliest month of demand history
/// to the working set's as-of month. `None` without demand history.
pub fn month_range(conn: &Connection) -> Result<Option<MonthRange>, ApiError> {
    let as_of = crate::kpi::resolve_as_of(conn, None)?;
    let last = i64::from(as_of.year()) * 12 + i64::from(as_of.month0());
    // demand_month has one row per distinct period of demand_history,
    // rewritten by every import: its minimum needs no scan of millions of rows.
    let first: Option<String> =
        conn.query_row("SELECT min(period) FROM demand_month", [], |r| r.get(0))?;
    Ok(first
        .and_then(|f| month_index(f.as_bytes()))
        .map(|first| MonthRange {
            first: first.min(last),
            last,
        }))
}

/// Every series `filter` selects, parts in id order, locations in id order.
pub fn load(conn: &Connection, filter: &SeriesFilter) -> Result<Vec<DemandSeries>, ApiError> {
    let mut out = Vec::new();
    for_each(conn, filter, |s| {
        out.push(s);
        Ok(())
    })?;
    Ok(out)
}

/// As [`load`], handing each series to `f` as soon as it is complete (the
/// whole network without holding every series).
pub fn for_each(
    conn: &Connection,
    filter: &SeriesFilter,
    mut f: impl FnMut(DemandSeries) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let Some(range) = month_range(conn)? else {
        return Ok(());
    };
    let periods = range.labels();
    let n = range.len();
    let weighting = match filter.age_weighting {
        AgeWeightingChoice::Off => None,
        AgeWeightingChoice::AgesOnly => Some((false, 0.0)),
        AgeWeightingChoice::FromSetting => {
            let w = crate::backorder_age::age_weighting(conn)?;
            w.enabled.then_some((true, w.threshold_days))
        }
    };
    let mut ages = match weighting {
        Some(_) => crate::backorder_age::backorder_ages(
            conn,
            filter.part_id.as_deref(),
            filter.location_id.as_deref(),
            range,
            crate::kpi::resolve_as_of(conn, None)?,
        )?,
        None => Default::default(),
    };
    let mut sql = String::from(
        "SELECT part_id, location_id, period, qty_demanded, qty_filled, stockout_days
         FROM demand_history WHERE 1",
    );
    if filter.part_id.is_some() {
        sql.push_str(" AND part_id = :part");
    }
    if filter.location_id.is_some() {
        sql.push_str(" AND location_id = :location");
    }
    sql.push_str(" ORDER BY part_id, location_id, period");
    let mut stmt = conn.prepare(&sql)?;
    let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = Vec::new();
    if let Some(p) = &filter.part_id {
        params.push((":part", p));
    }
    if let Some(l) = &filter.location_id {
        params.push((":location", l));
    }
    let total = filter.network_total && filter.location_id.is_none();
    let mut rows = stmt.query(params.as_slice())?;

    let mut current: Option<Builder> = None;
    let mut network: Option<Network> = None;
    // A finished location series goes to `f`, or into its part's total.
    let mut emit = |b: Builder,
                    network: &mut Option<Network>,
                    f: &mut dyn FnMut(DemandSeries) -> Result<(), ApiError>|
     -> Result<(), ApiError> {
        if !b.any_row {
            return Ok(());
        }
        let mut s = b.finish(&periods, &filter.censored)?;
        if let Some((apply, threshold)) = weighting {
            let key = (s.part_id.clone(), s.location_id.clone().unwrap_or_default());
            s.backorder_age_days = ages.remove(&key).unwrap_or_else(|| vec![None; n]);
            if apply {
                s.reconstructed = crate::backorder_age::weighted(
                    &s.recorded,
                    &s.reconstructed,
                    &s.backorder_age_days,
                    threshold,
                );
            }
        }
        if !total {
            return f(s);
        }
        if network
            .as_ref()
            .is_some_and(|t| t.series.part_id != s.part_id)
        {
            f(network.take().expect("checked").finish())?;
        }
        match network {
            Some(t) => t.add(&s),
            None => *network = Some(Network::start(s)),
        }
        Ok(())
    };
    while let Some(r) = rows.next()? {
        let (ValueRef::Text(part), ValueRef::Text(location)) = (r.get_ref(0)?, r.get_ref(1)?)
        else {
            continue;
        };
        if !current
            .as_ref()
            .is_some_and(|b| b.part.as_bytes() == part && b.location.as_bytes() == location)
        {
            if let Some(b) = current.take() {
                emit(b, &mut network, &mut f)?;
            }
            current = Some(Builder::new(
                String::from_utf8_lossy(part).into_owned(),
                String::from_utf8_lossy(location).into_owned(),
                n,
            ));
        }
        let b = current.as_mut().expect("set above");
        let ValueRef::Text(period) = r.get_ref(2)? else {
            continue;
        };
        let Some(month) = month_index(period) else {
            continue;
        };
        if month < range.first || month > range.last {
            continue;
        }
        let i = (month - range.first) as usize;
        let demanded = number(r.get_ref(3)?).unwrap_or(0.0).max(0.0);
        let filled = number(r.get_ref(4)?);
        let stockout_days = number(r.get_ref(5)?).unwrap_or(0.0);
        b.any_row = true;
        b.recorded[i] = demanded;
        let mut reasons = Vec::new();
        if stockout_days > 0.0 {
            reasons.push(format!("{} stockout days", fmt_qty(stockout_days)));
        }
        if let Some(filled) = filled.filter(|&q| q < demanded) {
            reasons.push(format!(
                "{} of {} filled",
                fmt_qty(filled),
                fmt_qty(demanded)
            ));
        }
        if !reasons.is_empty() {
            b.censored[i] = true;
            b.reasons[i] = reasons.join(", ");
        }
    }
    if let Some(b) = current.take() {
        emit(b, &mut network, &mut f)?;
    }
    if let Some(t) = network.take() {
        f(t.finish())?;
    }
    Ok(())
}

fn number(v: ValueRef<'_>) -> Option<f64> {
    match v {
        ValueRef::Integer(i) => Some(i as f64),
        ValueRef::Real(x) if x.is_finite() => Some(x),
        _ => None,
    }
}

/// A quantity as a planner reads it: `12`, `2.5`.
fn fmt_qty(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// One part × location's months while its rows stream in.
struct Builder {
    part: String,
    location: String,
    any_row: bool,
    recorded: Vec<f64>,
    censored: Vec<bool>,
    reasons: Vec<String>,
}

impl Builder {
    fn new(part: String, location: String, n: usize) -> Builder {
        Builder {
            part,
            location,
            any_row: false,
            recorded: vec![0.0; n],
            censored: vec![false; n],
            reasons: vec![String::new(); n],
        }
    }

    fn finish(self, periods: &[String], config: &CensoredConfig) -> Result<DemandSeries, ApiError> {
        let censored_months = self.censored.iter().filter(|&&c| c).count();
        let identified = censored_months * 2 <= self.censored.len();
        // Too few uncensored months: the plain estimates of the recorded
        // values (the engine's path with nothing flagged), series unchanged.
        let flags = if identified {
            self.censored.clone()
        } else {
            vec![false; self.censored.len()]
        };
        let r = reconstruct(&self.recorded, &flags, config).map_err(|e| {
            ApiError::new(
                ErrorCode::Internal,
                format!("demand of part {} at {}: {e}", self.part, self.location),
            )
        })?;
        Ok(DemandSeries {
            part_id: self.part,
            location_id: Some(self.location),
            periods: periods.to_vec(),
            recorded: self.recorded,
            reconstructed: r.reconstructed,
            censored: self.censored,
            censored_reason: self.reasons,
            model: r.model.name().to_string(),
            fit: if identified {
                r.fit.name()
            } else {
                Fit::TooFewUncensored.name()
            }
            .to_string(),
            mu: r.mu,
            sigma: r.sigma,
            backorder_age_days: Vec::new(),
        })
    }
}

/// A part's network total while its locations come in.
struct Network {
    series: DemandSeries,
    variance: f64,
}

impl Network {
    fn start(s: DemandSeries) -> Network {
        let location = s.location_id.clone().unwrap_or_default();
        let mut series = s;
        series.location_id = None;
        series.backorder_age_days = Vec::new();
        for r in series.censored_reason.iter_mut().filter(|r| !r.is_empty()) {
            *r = format!("{location}: {r}");
        }
        Network {
            variance: series.sigma * series.sigma,
            series,
        }
    }

    fn add(&mut self, s: &DemandSeries) {
        let t = &mut self.series;
        let location = s.location_id.as_deref().unwrap_or_default();
        for i in 0..t.recorded.len() {
            t.recorded[i] += s.recorded[i];
            t.reconstructed[i] += s.reconstructed[i];
            if s.censored[i] {
                t.censored[i] = true;
                let reason = format!("{location}: {}", s.censored_reason[i]);
                if t.censored_reason[i].is_empty() {
                    t.censored_reason[i] = reason;
                } else {
                    t.censored_reason[i] = format!("{}; {reason}", t.censored_reason[i]);
                }
            }
        }
        if t.model != s.model {
            t.model = "mixed".to_string();
        }
        if t.fit != s.fit {
            t.fit = "mixed".to_string();
        }
        t.mu += s.mu;
        self.variance += s.sigma * s.sigma;
    }

    fn finish(mut self) -> DemandSeries {
        self.series.sigma = self.variance.sqrt();
        self.series
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;
    use std::sync::atomic::AtomicBool;

    use expect_test::{expect, Expect};

    use super::*;
    use crate::dto::ImportOptions;
    use crate::Workspace;

    /// A working set with two parts, two locations and the given demand rows
    /// (`period,part_id,location_id,qty_demanded,qty_filled,stockout_days`),
    /// imported as of `as_of`.
    pub(crate) fn working_set(dir: &Path, demand: &str, as_of: &str) -> Workspace {
        let files = dir.join("export");
        std::fs::create_dir_all(&files).unwrap();
        std::fs::write(
            files.join("parts.csv"),
            "part_id,description,unit_cost,criticality,lead_time_days\nA,Part A,10,A,30\nB,Part B,5,B,20\nC,Part C,1,C,10\nD,Part D,2,C,10\n",
        )
        .unwrap();
        std::fs::write(
            files.join("locations.csv"),
            "location_id,name,region,country,kind\nL1,One,EMEA,DE,central\nL2,Two,EMEA,SE,regional\n",
        )
        .unwrap();
        std::fs::write(
            files.join("demand_history.csv"),
            format!("period,part_id,location_id,qty_demanded,qty_filled,stockout_days\n{demand}"),
        )
        .unwrap();
        let mut ws = Workspace::open(&dir.join("ws.sqlite")).unwrap();
        let options = ImportOptions {
            as_of: Some(as_of.to_string()),
            keep_valid: false,
            profile_toml: None,
        };
        let report = ws
            .import(&[files], &options, &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        assert!(report.committed, "{:?}", report.rejects.first());
        ws
    }

    pub(crate) const DEMAND: &str = "\
2026-01,A,L1,4,4,0
2026-02,A,L1,6,2,0
2026-03,A,L1,5,5,
2026-04,A,L1,3,3,9
2026-06,A,L1,7,7,0
2026-02,A,L2,2,2,0
2026-05,A,L2,1,1,3
2026-08,A,L2,9,9,0
2026-03,B,L2,2.5,,
2026-04,B,L2,0,0,
2026-01,D,L1,3,1,0
2026-02,D,L1,2,2,5
2026-03,D,L1,4,4,0
2026-04,D,L1,5,0,31
2026-05,D,L1,1,0,31
2026-06,D,L1,2,1,0
";

    fn show(series: &[DemandSeries]) -> String {
        let mut out = String::new();
        for s in series {
            let round =
                |v: &[f64]| -> Vec<f64> { v.iter().map(|x| (x * 1e4).round() / 1e4).collect() };
            out += &format!(
                "{} {:?} {}/{} mu={:.4} sigma={:.4}\n  {}..{}\n  recorded      {:?}\n  reconstructed {:?}\n",
                s.part_id,
                s.location_id,
                s.model,
                s.fit,
                s.mu,
                s.sigma,
                s.periods[0],
                s.periods[s.periods.len() - 1],
                round(&s.recorded),
                round(&s.reconstructed),
            );
            for (i, r) in s.censored_reason.iter().enumerate() {
                assert_eq!(s.censored[i], !r.is_empty());
                if !r.is_empty() {
                    out += &format!("  {}: {r}\n", s.periods[i]);
                }
            }
        }
        out
    }

    fn check(filter: SeriesFilter, expect: Expect) {
        let dir = tempfile::tempdir().unwrap();
        let ws = working_set(dir.path(), DEMAND, "2026-07-15");
        let series = load(ws.store().conn(), &filter).unwrap();
        expect.assert_eq(&show(&series));
    }

    #[test]
    fn every_part_and_location() {
        // Months 2026-01 .. the as-of month 2026-07 (A at L2 in 2026-08 is
        // after it).
        check(
            SeriesFilter::default(),
            expect![[r#"
                A Some("L1") poisson/converged mu=3.9465 sigma=1.9866
                  2026-01..2026-07
                  recorded      [4.0, 6.0, 5.0, 3.0, 0.0, 7.0, 0.0]
                  reconstructed [4.0, 6.8916, 5.0, 4.7341, 0.0, 7.0, 0.0]
                  2026-02: 2 of 6 filled
                  2026-04: 9 stockout days
                A Some("L2") poisson/converged mu=0.4643 sigma=0.6814
                  2026-01..2026-07
                  recorded      [0.0, 2.0, 0.0, 0.0, 1.0, 0.0, 0.0]
                  reconstructed [0.0, 2.0, 0.0, 0.0, 1.25, 0.0, 0.0]
                  2026-05: 3 stockout days
                B Some("L2") normal/uncensored mu=0.3571 sigma=0.8748
                  2026-01..2026-07
                  recorded      [0.0, 0.0, 2.5, 0.0, 0.0, 0.0, 0.0]
                  reconstructed [0.0, 0.0, 2.5, 0.0, 0.0, 0.0, 0.0]
                D Some("L1") poisson/too_few_uncensored mu=2.4286 sigma=1.5584
                  2026-01..2026-07
                  recorded      [3.0, 2.0, 4.0, 5.0, 1.0, 2.0, 0.0]
                  reconstructed [3.0, 2.0, 4.0, 5.0, 1.0, 2.0, 0.0]
                  2026-01: 1 of 3 filled
                  2026-02: 5 stockout days
                  2026-04: 31 stockout days, 0 of 5 filled
                  2026-05: 31 stockout days, 0 of 1 filled
                  2026-06: 1 of 2 filled
            "#]],
        );
    }

    #[test]
    fn one_part_over_the_network() {
        check(
            SeriesFilter {
                part_id: Some("A".into()),
                network_total: true,
                ..Default::default()
            },
            expect![[r#"
                A None poisson/converged mu=4.4108 sigma=2.1002
                  2026-01..2026-07
                  recorded      [4.0, 8.0, 5.0, 3.0, 1.0, 7.0, 0.0]
                  reconstructed [4.0, 8.8916, 5.0, 4.7341, 1.25, 7.0, 0.0]
                  2026-02: L1: 2 of 6 filled
                  2026-04: L1: 9 stockout days
                  2026-05: L2: 3 stockout days
            "#]],
        );
    }

    #[test]
    fn one_location() {
        check(
            SeriesFilter {
                location_id: Some("L2".into()),
                network_total: true,
                ..Default::default()
            },
            expect![[r#"
                A Some("L2") poisson/converged mu=0.4643 sigma=0.6814
                  2026-01..2026-07
                  recorded      [0.0, 2.0, 0.0, 0.0, 1.0, 0.0, 0.0]
                  reconstructed [0.0, 2.0, 0.0, 0.0, 1.25, 0.0, 0.0]
                  2026-05: 3 stockout days
                B Some("L2") normal/uncensored mu=0.3571 sigma=0.8748
                  2026-01..2026-07
                  recorded      [0.0, 0.0, 2.5, 0.0, 0.0, 0.0, 0.0]
                  reconstructed [0.0, 0.0, 2.5, 0.0, 0.0, 0.0, 0.0]
            "#]],
        );
        check(
            SeriesFilter {
                part_id: Some("nope".into()),
                ..Default::default()
            },
            expect![[r#""#]],
        );
    }

    #[test]
    fn reconstructed_is_the_file_modes_reconstruction() {
        let dir = tempfile::tempdir().unwrap();
        let ws = working_set(dir.path(), DEMAND, "2026-07-15");
        let mut mostly_censored = 0;
        for s in load(ws.store().conn(), &SeriesFilter::default()).unwrap() {
            if s.censored_months() * 2 > s.periods.len() {
                // D: 5 of 7 months censored, kept as recorded
                assert_eq!(s.fit, "too_few_uncensored");
                assert_eq!(s.reconstructed, s.recorded);
                mostly_censored += 1;
                continue;
            }
            let r = reconstruct(&s.recorded, &s.censored, &CensoredConfig::default()).unwrap();
            assert_eq!(r.reconstructed, s.reconstructed);
            for i in 0..s.recorded.len() {
                if s.censored[i] {
                    assert!(s.reconstructed[i] > s.recorded[i], "{} {i}", s.part_id);
                } else {
                    assert_eq!(s.reconstructed[i], s.recorded[i]);
                }
            }
        }
        assert_eq!(mostly_censored, 1);
    }

    #[test]
    fn months() {
        assert_eq!(month_index(b"2026-11"), Some(2026 * 12 + 10));
        assert_eq!(month_index(b"2026-11-30"), Some(2026 * 12 + 10));
        assert_eq!(month_index(b"2026-13"), None);
        assert_eq!(month_index(b"2026/11"), None);
        assert_eq!(month_label(2026 * 12 + 10), "2026-11");
        let r = MonthRange {
            first: 2025 * 12 + 11,
            last: 2026 * 12,
        };
        assert_eq!(r.labels(), ["2025-12", "2026-01"]);
        assert_eq!(r.following(2), ["2026-02", "2026-03"]);
    }
}
