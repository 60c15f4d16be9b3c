//! KPIs as `kpis.md` defines them: the working set's rows are loaded into
//! the pure engine (`bodesk-kpi`), which computes every figure. The
//! dashboard, the exports and `bodesk kpi` all come through here.

use bodesk_kpi::{
    Criticality, CustomerInfo, DemandRow, Dim, KpiConfig, LineStatus, LineView, LocationInfo,
    Network, PartInfo, PoLine, Prepared, RootCause, SlaTerms,
};
use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::Connection;

use crate::dto::{KpiFigures, KpiGroup, KpiReport, KpiSnapshot, KpiTotal, LineRow};
use crate::line_table::LineTable;
use crate::{ApiError, Workspace};

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| parse_iso_date(&s))
}

/// A date column of a row, read in place (no `String` per cell).
fn date_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(match r.get_ref(i)? {
        ValueRef::Null => None,
        v => parse_iso_date(v.as_str().map_err(rusqlite::Error::from)?),
    })
}

/// A text column of a row, borrowed.
fn str_at<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(rusqlite::Error::from)
}

/// `YYYY-MM-DD` as the store writes it, without chrono's format parser (this
/// runs for a million lines when the KPI engine loads); anything else goes
/// through `parse_from_str` as before.
fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Kahan-Babuska-Neumaier summation, as SQLite's `sum()` does it.
#[derive(Default, Clone, Copy)]
struct Sum {
    sum: f64,
    err: f64,
}

impl Sum {
    fn add(&mut self, v: f64) {
        let t = self.sum + v;
        if self.sum.abs() >= v.abs() {
            self.err += (self.sum - t) + v;
        } else {
            self.err += (v - t) + self.sum;
        }
        self.sum = t;
    }
    fn value(self) -> f64 {
        self.sum + self.err
    }
}

pub(crate) fn parse_dim(by: &str) -> Result<Dim, ApiError> {
    by.parse::<Dim>().map_err(|_| {
        let names: Vec<&str> = Dim::ALL.iter().map(|d| d.name()).collect();
        ApiError::invalid(format!(
            "unknown drill-down {by:?}: one of {}",
            names.join(", ")
        ))
    })
}

/// What the KPI engine and the workbench read of the working set, as of
/// one date: the lookups, demand per month and root causes in a
/// [`Network`] without lines or PO lines, and the lines that count in a
/// compact [`LineTable`]. PO lines are only needed while preparing.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub(crate) net: Network,
    pub(crate) lines: LineTable,
    pub(crate) as_of: NaiveDate,
}

impl Loaded {
    /// The line at `i` of [`Loaded::lines`].
    pub(crate) fn line(&self, i: usize) -> LineView<'_> {
        self.lines.get(i)
    }
}

/// Everything the KPI engine reads as of `as_of`, from the working set (or
/// a transaction on it), and the engine prepared on it.
pub(crate) fn load(conn: &Connection, as_of: NaiveDate) -> Result<(Loaded, Prepared), ApiError> {
    NetworkLoader::new(as_of).finish(conn, Demand::Stored)
}

/// Lines or PO lines per slice of [`NetworkLoader::step`].
const SLICE_ROWS: i64 = 32_768;

/// [`load`] in slices: an import loads the tables it has finished writing
/// while it waits for rows to write (see [`NetworkLoader::step`]).
///
/// Only what can count as of the as-of date is kept: backorder lines that
/// [count](bodesk_kpi::counts_in_window) (open, or with a backorder day in
/// the trailing year) and PO lines that [count](bodesk_kpi::po_line_counts),
/// plus one PO line of each supplier whose lines do not (the scorecard lists
/// every supplier of a PO line). The figures are those of all rows.
pub(crate) struct NetworkLoader {
    net: Network,
    lines: LineTable,
    po_lines: Vec<PoLine>,
    /// Suppliers with a PO line kept.
    suppliers: std::collections::HashSet<String>,
    cfg: KpiConfig,
    stage: Stage,
}

/// Where demand per month comes from.
pub(crate) enum Demand {
    /// Table `demand_month`, kept by each import (no scan).
    Stored,
    /// A scan of `demand_history`, written to `demand_month` (the import's
    /// transaction, which has just changed demand_history).
    ScanAndStore,
}

#[derive(Default)]
enum Stage {
    #[default]
    Masters,
    /// Backorder lines after this key.
    Lines(Option<(String, String)>),
    /// PO lines after this key.
    PoLines(Option<(String, String)>),
    Done,
}

impl NetworkLoader {
    pub(crate) fn new(as_of: NaiveDate) -> NetworkLoader {
        NetworkLoader {
            net: Network::default(),
            lines: LineTable::default(),
            po_lines: Vec::new(),
            suppliers: Default::default(),
            cfg: KpiConfig { as_of },
            stage: Stage::Masters,
        }
    }

    /// A loader for an import's as-of date (`YYYY-MM-DD`).
    pub(crate) fn for_import(as_of: &str) -> Result<NetworkLoader, ApiError> {
        Ok(NetworkLoader::new(parse_as_of(as_of)?))
    }

    /// Loads the next slice of the parts, locations, customers, SLA terms,
    /// backorder lines and PO lines; `Ok(false)` when they are all loaded.
    /// Demand and root-cause overrides are read by [`NetworkLoader::finish`].
    pub(crate) fn step(&mut self, conn: &Connection) -> Result<bool, ApiError> {
        self.stage = match std::mem::take(&mut self.stage) {
            Stage::Masters => {
                load_masters(conn, &mut self.net)?;
                Stage::Lines(None)
            }
            Stage::Lines(after) => match load_lines(conn, &mut self.lines, &self.cfg, after)? {
                Some(last) => Stage::Lines(Some(last)),
                None => Stage::PoLines(None),
            },
            Stage::PoLines(after) => match self.load_po_lines(conn, after)? {
                Some(last) => Stage::PoLines(Some(last)),
                None => Stage::Done,
            },
            Stage::Done => {
                self.stage = Stage::Done;
                return Ok(false);
            }
        };
        Ok(true)
    }

    /// The rest; the rows and the engine prepared on them (the PO lines are
    /// dropped once prepared).
    pub(crate) fn finish(
        mut self,
        conn: &Connection,
        demand: Demand,
    ) -> Result<(Loaded, Prepared), ApiError> {
        while self.step(conn)? {}
        let mut net = self.net;
        match demand {
            Demand::Stored => load_demand_months(conn, &mut net)?,
            Demand::ScanAndStore => scan_demand(conn, &mut net)?,
        }
        load_overrides(conn, &mut net)?;
        let mut lines = self.lines;
        lines.finish_loading();
        net.po_lines = self.po_lines;
        let prepared = Prepared::from_lines(&net, lines.iter(), &self.cfg);
        net.po_lines = Vec::new();
        Ok((
            Loaded {
                net,
                lines,
                as_of: self.cfg.as_of,
            },
            prepared,
        ))
    }

    /// The next slice of PO lines, in key order, after `after`; the last key
    /// read, or `None` when the table is done. Only what the supplier
    /// figures read is kept (no PO or part id).
    fn load_po_lines(
        &mut self,
        conn: &Connection,
        after: Option<(String, String)>,
    ) -> Result<Option<(String, String)>, ApiError> {
        // Column 6: whether the line may add to a figure (open, or received
        // since `T - 365`, or a received date not written as `YYYY-MM-DD`);
        // the rule itself is applied below. The others only matter for
        // their supplier's first line.
        const COLS: &str =
            "SELECT po_id, po_line, supplier_id, committed_date, received_date, status, \
            coalesce(status = 'open' OR received_date >= ?2 \
              OR NOT received_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]', 0) \
            FROM purchase_orders";
        let window_start = (self.cfg.as_of - chrono::Days::new(365))
            .format("%Y-%m-%d")
            .to_string();
        let mut stmt;
        let mut rows = match &after {
            None => {
                stmt = conn.prepare(&format!("{COLS} ORDER BY po_id, po_line LIMIT ?1"))?;
                stmt.query(rusqlite::params![SLICE_ROWS, window_start])?
            }
            Some((o, l)) => {
                stmt = conn.prepare(&format!(
                    "{COLS} WHERE (po_id, po_line) > (?3, ?4) ORDER BY po_id, po_line LIMIT ?1"
                ))?;
                stmt.query(rusqlite::params![SLICE_ROWS, window_start, o, l])?
            }
        };
        let mut n = 0;
        let mut last = None;
        while let Some(r) = rows.next()? {
            n += 1;
            if n == SLICE_ROWS {
                last = Some((r.get(0)?, r.get(1)?));
            }
            let may_count: bool = r.get(6)?;
            if !may_count && self.suppliers.contains(str_at(r, 2)?) {
                continue;
            }
            let status = str_at(r, 5)?;
            let Some(committed_date) = date_at(r, 3)? else {
                continue;
            };
            let po = PoLine {
                po_id: String::new(),
                po_line: String::new(),
                part_id: String::new(),
                supplier_id: String::new(),
                committed_date,
                received_date: date_at(r, 4)?,
                status: status.parse::<LineStatus>().unwrap_or(LineStatus::Closed),
            };
            let supplier = str_at(r, 2)?;
            if bodesk_kpi::po_line_counts(&po, &self.cfg) || !self.suppliers.contains(supplier) {
                if !self.suppliers.contains(supplier) {
                    self.suppliers.insert(supplier.to_string());
                }
                self.po_lines.push(PoLine {
                    supplier_id: supplier.to_string(),
                    ..po
                });
            }
        }
        Ok(last)
    }
}

/// An as-of date as the store writes it.
fn parse_as_of(s: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| ApiError::invalid(format!("as-of {s:?}: expected YYYY-MM-DD")))
}

fn load_masters(conn: &Connection, net: &mut Network) -> Result<(), ApiError> {
    let mut stmt = conn.prepare(
        "SELECT part_id, unit_cost, criticality, product_line, primary_supplier_id FROM parts",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let crit: String = r.get(2)?;
        net.parts.insert(
            r.get(0)?,
            PartInfo {
                unit_cost: r.get(1)?,
                criticality: crit.parse::<Criticality>().unwrap_or(Criticality::C),
                product_line: r.get(3)?,
                primary_supplier_id: r.get(4)?,
            },
        );
    }
    let mut stmt = conn.prepare("SELECT location_id, region FROM locations")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        net.locations
            .insert(r.get(0)?, LocationInfo { region: r.get(1)? });
    }
    let mut stmt = conn.prepare("SELECT customer_id, tier FROM customers")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        net.customers
            .insert(r.get(0)?, CustomerInfo { tier: r.get(1)? });
    }
    let mut stmt =
        conn.prepare("SELECT tier, criticality, max_backorder_days, penalty_per_day FROM sla")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let crit: String = r.get(1)?;
        if let Ok(c) = crit.parse::<Criticality>() {
            net.sla.insert(
                (r.get(0)?, c),
                SlaTerms {
                    max_backorder_days: r.get(2)?,
                    penalty_per_day: r.get(3)?,
                },
            );
        }
    }
    Ok(())
}

/// The next slice of backorder lines, in key order, after `after`, keeping
/// those that count as of `cfg.as_of`; the last key read, or `None` when the
/// table is done.
fn load_lines(
    conn: &Connection,
    lines: &mut LineTable,
    cfg: &KpiConfig,
    after: Option<(String, String)>,
) -> Result<Option<(String, String)>, ApiError> {
    const COLS: &str = "SELECT order_id, order_line, customer_id, part_id, location_id, qty_open, created_date, closed_date, status FROM backorders";
    // A line with a day in the window `[T - 365, T)` is open or ends after
    // `T - 365`: SQLite skips the others (most of a long history) before
    // they cost a value each; the rule itself is applied below. A closed
    // date not written as `YYYY-MM-DD` is passed on to be decided there.
    const MAY_COUNT: &str = "(status = 'open' OR closed_date > ?2 \
        OR NOT closed_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')";
    let window_start = (cfg.as_of - chrono::Days::new(365))
        .format("%Y-%m-%d")
        .to_string();
    let mut stmt;
    let mut rows = match &after {
        None => {
            stmt = conn.prepare(&format!(
                "{COLS} WHERE {MAY_COUNT} ORDER BY order_id, order_line LIMIT ?1"
            ))?;
            stmt.query(rusqlite::params![SLICE_ROWS, window_start])?
        }
        Some((o, l)) => {
            stmt = conn.prepare(&format!(
                "{COLS} WHERE (order_id, order_line) > (?3, ?4) AND {MAY_COUNT} ORDER BY order_id, order_line LIMIT ?1"
            ))?;
            stmt.query(rusqlite::params![SLICE_ROWS, window_start, o, l])?
        }
    };
    let mut n = 0;
    let mut last = None;
    while let Some(r) = rows.next()? {
        n += 1;
        if n == SLICE_ROWS {
            last = Some((r.get(0)?, r.get(1)?));
        }
        // The dates, status and quantity decide; the ids are read only for
        // the lines kept.
        let Some(when) = line_timing_at(r)? else {
            continue;
        };
        if bodesk_kpi::counts_in_window(when, cfg) {
            lines.push(LineView {
                order_id: str_at(r, 0)?,
                order_line: str_at(r, 1)?,
                customer_id: str_at(r, 2)?,
                part_id: str_at(r, 3)?,
                location_id: str_at(r, 4)?,
                ..when
            });
        }
    }
    Ok(last)
}

/// A backorder line from a row of [`load_lines`]'s columns, borrowed; `None`
/// without a readable created date (such a line is not loaded).
fn line_at<'r>(r: &'r rusqlite::Row<'_>) -> rusqlite::Result<Option<LineView<'r>>> {
    let Some(when) = line_timing_at(r)? else {
        return Ok(None);
    };
    Ok(Some(LineView {
        order_id: str_at(r, 0)?,
        order_line: str_at(r, 1)?,
        customer_id: str_at(r, 2)?,
        part_id: str_at(r, 3)?,
        location_id: str_at(r, 4)?,
        ..when
    }))
}

/// [`line_at`] without the ids (empty): what decides whether it counts.
fn line_timing_at(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<LineView<'static>>> {
    let Some(created_date) = date_at(r, 6)? else {
        return Ok(None);
    };
    Ok(Some(LineView {
        order_id: "",
        order_line: "",
        customer_id: "",
        part_id: "",
        location_id: "",
        qty_open: r.get(5)?,
        created_date,
        closed_date: date_at(r, 7)?,
        status: str_at(r, 8)?
            .parse::<LineStatus>()
            .unwrap_or(LineStatus::Closed),
    }))
}

/// One backorder line as the engine reads it, whether it counts or not
/// (for a line's detail); `None` when there is no such line or it has no
/// readable created date.
pub(crate) fn read_line<T>(
    conn: &Connection,
    order_id: &str,
    order_line: &str,
    f: impl FnOnce(LineView<'_>) -> T,
) -> Result<Option<T>, ApiError> {
    let mut stmt = conn.prepare(
        "SELECT order_id, order_line, customer_id, part_id, location_id, qty_open, created_date, closed_date, status FROM backorders WHERE order_id = ?1 AND order_line = ?2",
    )?;
    let mut rows = stmt.query([order_id, order_line])?;
    match rows.next()? {
        Some(r) => Ok(line_at(r)?.map(f)),
        None => Ok(None),
    }
}

/// Every backorder line created in `[from, to)` (either end open), whether
/// it counts as of the as-of date or not: for analyses over history that
/// the cached lines (only those that count) do not cover.
pub(crate) fn for_each_line_created(
    conn: &Connection,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    mut f: impl FnMut(LineView<'_>),
) -> Result<(), ApiError> {
    let iso = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let mut stmt = conn.prepare(
        "SELECT order_id, order_line, customer_id, part_id, location_id, qty_open, created_date, closed_date, status FROM backorders
         WHERE (?1 IS NULL OR created_date >= ?1) AND (?2 IS NULL OR created_date < ?2)",
    )?;
    let mut rows = stmt.query(rusqlite::params![iso(from), iso(to)])?;
    while let Some(r) = rows.next()? {
        if let Some(line) = line_at(r)? {
            f(line);
        }
    }
    Ok(())
}

/// Demand per month as the last import stored it (`demand_month`).
fn load_demand_months(conn: &Connection, net: &mut Network) -> Result<(), ApiError> {
    let mut stmt =
        conn.prepare("SELECT period, qty_demanded, qty_filled FROM demand_month ORDER BY period")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let period: String = r.get(0)?;
        push_month(net, &period, r.get(1)?, r.get(2)?);
    }
    Ok(())
}

fn push_month(net: &mut Network, period: &str, demanded: f64, filled: f64) {
    let Some(period) = date(Some(format!("{period}-01"))) else {
        return;
    };
    net.demand.push(DemandRow {
        period,
        part_id: String::new(),
        location_id: String::new(),
        qty_demanded: demanded,
        qty_filled: Some(filled),
    });
}

/// Demand per month from every row of `demand_history`, stored in
/// `demand_month` for the next start (inside the caller's transaction).
fn scan_demand(conn: &Connection, net: &mut Network) -> Result<(), ApiError> {
    // Summed here rather than with `GROUP BY period`: the table's key starts
    // with the part, so SQLite would sort millions of rows by period first;
    // summing into a handful of months here is cheaper than that sort.
    let mut months: Vec<(String, Sum, Sum)> = Vec::new();
    let mut stmt = conn.prepare("SELECT period, qty_demanded, qty_filled FROM demand_history")?;
    let mut rows = stmt.query([])?;
    // Rows come part by part, each part's months in order: the next row's
    // month is usually the one after the last row's.
    let mut last = 0;
    while let Some(r) = rows.next()? {
        let period = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        let demanded: f64 = r.get(1)?;
        let filled: Option<f64> = r.get(2)?;
        let at = |i: usize| months.get(i).is_some_and(|m| m.0 == period);
        last = if at(last + 1) {
            last + 1
        } else if at(last) {
            last
        } else {
            match months.iter().position(|m| m.0 == period) {
                Some(i) => i,
                None => {
                    months.push((period.to_string(), Sum::default(), Sum::default()));
                    months.len() - 1
                }
            }
        };
        let m = &mut months[last];
        m.1.add(demanded);
        m.2.add(filled.unwrap_or(demanded));
    }
    months.sort_by(|a, b| a.0.cmp(&b.0));
    conn.execute("DELETE FROM demand_month", [])?;
    let mut ins = conn.prepare(
        "INSERT INTO demand_month (period, qty_demanded, qty_filled) VALUES (?1, ?2, ?3)",
    )?;
    for (period, demanded, filled) in months {
        let (demanded, filled) = (demanded.value(), filled.value());
        ins.execute(rusqlite::params![period, demanded, filled])?;
        push_month(net, &period, demanded, filled);
    }
    Ok(())
}

fn load_overrides(conn: &Connection, net: &mut Network) -> Result<(), ApiError> {
    // The rules' tags (`causes.rs`), then planners' overrides on top.
    for table in ["root_cause_tag", "root_cause_override"] {
        let mut stmt = conn.prepare(&format!(
            "SELECT order_id, order_line, root_cause FROM {table}"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let cause: String = r.get(2)?;
            if let Ok(c) = cause.parse::<RootCause>() {
                net.root_causes.insert((r.get(0)?, r.get(1)?), c);
            }
        }
    }
    Ok(())
}

/// The as-of date of the newest committed import.
pub(crate) fn working_set_as_of(conn: &Connection) -> Result<Option<String>, ApiError> {
    Ok(conn.query_row(
        "SELECT as_of FROM import_batch WHERE status = 'committed' ORDER BY as_of DESC, batch_id DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .ok())
}

pub(crate) fn figures(k: &bodesk_kpi::Kpis) -> KpiFigures {
    KpiFigures {
        open_lines: k.open_lines,
        open_qty: k.open_qty,
        open_value: k.open_value,
        mean_age_days: k.mean_age_days,
        max_age_days: k.max_age_days,
        backorder_days: k.backorder_days,
        parts_affected: k.parts_affected,
        backorder_days_per_part: k.backorder_days_per_part,
        customer_impact_days: k.customer_impact_days,
        sla_breaches: k.sla_breaches,
        penalty_exposure: k.penalty_exposure,
        lines_over_30_days: k.lines_over_30_days,
    }
}

/// Totals and (with a dimension) one drill-down, from a prepared engine.
pub(crate) fn report(prepared: &Prepared, as_of: NaiveDate, dim: Option<Dim>) -> KpiReport {
    let t = prepared.totals();
    KpiReport {
        as_of: as_of.format("%Y-%m-%d").to_string(),
        by: dim.map(|d| d.name().to_string()),
        total: KpiTotal {
            figures: figures(&t.kpis),
            fill_rate: t.fill_rate,
            supplier_on_time_pct: t.supplier_on_time_pct,
        },
        groups: dim
            .map(|d| kpi_groups(prepared.drill_down(d)))
            .unwrap_or_default(),
    }
}

/// The engine's groups as wire groups.
pub(crate) fn kpi_groups(groups: Vec<bodesk_kpi::Group>) -> Vec<KpiGroup> {
    groups
        .into_iter()
        .map(|g| KpiGroup {
            key: g.key,
            figures: figures(&g.kpis),
        })
        .collect()
}

pub(crate) fn resolve_as_of(conn: &Connection, as_of: Option<&str>) -> Result<NaiveDate, ApiError> {
    let s = match as_of {
        Some(s) => s.to_string(),
        None => working_set_as_of(conn)?.ok_or_else(|| {
            ApiError::new(
                crate::ErrorCode::NotFound,
                "the working set is empty: import an ERP export or `bodesk demo` first",
            )
        })?,
    };
    parse_as_of(&s)
}

impl Workspace {
    /// The KPI totals as of `as_of` (default: the working set's as-of date),
    /// and the groups of one drill-down dimension when `by` is given.
    pub fn kpis(&self, as_of: Option<&str>, by: Option<&str>) -> Result<KpiReport, ApiError> {
        let dim = by.map(parse_dim).transpose()?;
        if self.snapshot_answers && !self.engine_ready(as_of)? {
            if let Some(r) = crate::snapshot_answers::kpis(self.store().conn(), as_of, dim)? {
                return Ok(r);
            }
        }
        self.with_prepared(as_of, |prepared, as_of| report(prepared, as_of, dim))
    }

    /// Runs `f` on the KPI engine prepared for the working set as it is now.
    /// Preparing reads every line (about a second for a million); it is done
    /// once per working-set version and as-of date, so a dashboard's clicks
    /// only aggregate.
    pub(crate) fn with_prepared<T>(
        &self,
        as_of: Option<&str>,
        f: impl FnOnce(&Prepared, NaiveDate) -> T,
    ) -> Result<T, ApiError> {
        self.with_network(as_of, |loaded, prepared| f(prepared, loaded.as_of))
    }

    /// Runs `f` on the working set's rows that count as of `as_of` and the
    /// engine prepared for them (both kept until the working set changes).
    pub(crate) fn with_network<T>(
        &self,
        as_of: Option<&str>,
        f: impl FnOnce(&Loaded, &Prepared) -> T,
    ) -> Result<T, ApiError> {
        let conn = self.store().conn();
        let as_of = resolve_as_of(conn, as_of)?;
        let version = data_version(conn)?;
        let mut cache = self.kpi_cache.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = matches!(&*cache, Some(c) if c.version == version && c.loaded.as_of == as_of);
        if !fresh {
            // The old rows go before the new ones are read.
            *cache = None;
            let (loaded, prepared) = load(conn, as_of)?;
            *cache = Some(KpiCache {
                version,
                loaded,
                prepared,
            });
        }
        let c = cache.as_ref().expect("cache filled above");
        Ok(f(&c.loaded, &c.prepared))
    }
}

impl Workspace {
    /// The same working set on a connection of its own, sharing this one's
    /// prepared KPI engine: what one prepares, the other uses, and a request
    /// that needs the engine while the other prepares it waits for it.
    pub(crate) fn sharing_engine(&self) -> Result<Workspace, ApiError> {
        let mut other = Workspace::open(self.path())?;
        other.kpi_cache = self.kpi_cache.clone();
        Ok(other)
    }

    /// From now on, the totals and the stored breakdowns of the whole network
    /// are read from the newest import's KPI snapshot while the engine is
    /// not prepared for the working set as it is, if that snapshot is
    /// current (see `snapshot_answers.rs`). For the app, whose first
    /// dashboard would otherwise wait for the engine.
    pub(crate) fn answer_from_snapshot_while_preparing(&mut self) {
        self.snapshot_answers = true;
    }

    /// Whether the engine is prepared for the working set as it is now at
    /// `as_of` (and not being prepared by another thread).
    pub(crate) fn engine_ready(&self, as_of: Option<&str>) -> Result<bool, ApiError> {
        let conn = self.store().conn();
        let as_of = resolve_as_of(conn, as_of)?;
        let version = data_version(conn)?;
        Ok(match self.kpi_cache.try_lock() {
            Ok(cache) => {
                matches!(&*cache, Some(c) if c.version == version && c.loaded.as_of == as_of)
            }
            Err(_) => false,
        })
    }

    /// Prepares the KPI engine for the working set as it is now (if it is
    /// not prepared already).
    pub(crate) fn prepare_engine(&self) -> Result<(), ApiError> {
        self.with_prepared(None, |_, _| ())
    }
}

/// The breakdowns kept with each snapshot.
pub const SNAPSHOT_DIMS: [Dim; 5] = [
    Dim::Region,
    Dim::RootCause,
    Dim::Criticality,
    Dim::Tier,
    Dim::Supplier,
];

/// Stores the KPI totals and main breakdowns as of `as_of` (inside the
/// import's transaction), replacing an earlier snapshot of the same date;
/// the network it was computed from.
pub(crate) fn record_snapshot(
    conn: &Connection,
    batch_id: i64,
    as_of: &str,
) -> Result<Loaded, ApiError> {
    record_snapshot_from(conn, batch_id, as_of, NetworkLoader::for_import(as_of)?)
}

/// [`record_snapshot`] with the network partly loaded already.
pub(crate) fn record_snapshot_from(
    conn: &Connection,
    batch_id: i64,
    as_of: &str,
    loader: NetworkLoader,
) -> Result<Loaded, ApiError> {
    let as_of_date = resolve_as_of(conn, Some(as_of))?;
    debug_assert_eq!(as_of_date, loader.cfg.as_of);
    let (loaded, prepared) = loader.finish(conn, Demand::ScanAndStore)?;
    conn.execute("DELETE FROM kpi_snapshot WHERE as_of = ?1", [as_of])?;
    let mut ins = conn.prepare(
        "INSERT INTO kpi_snapshot (as_of, dim, key, figures, batch_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let total = report(&prepared, as_of_date, None).total;
    ins.execute(rusqlite::params![
        as_of,
        "total",
        "",
        serde_json::to_string(&total).unwrap_or_default(),
        batch_id
    ])?;
    for dim in SNAPSHOT_DIMS {
        for g in prepared.drill_down(dim) {
            ins.execute(rusqlite::params![
                as_of,
                dim.name(),
                g.key,
                serde_json::to_string(&figures(&g.kpis)).unwrap_or_default(),
                batch_id
            ])?;
        }
    }
    drop(ins);
    Ok(loaded)
}

impl Workspace {
    /// The lines behind a figure: every line that counts in the window (open,
    /// or with backorder days in it), filtered by `DIM=VALUE` pairs, with the
    /// same per-line figures the aggregates add up. `open_only` keeps open lines.
    pub fn lines(
        &self,
        filters: &[(String, String)],
        as_of: Option<&str>,
        open_only: bool,
    ) -> Result<Vec<LineRow>, ApiError> {
        let dims = parse_filters(filters)?;
        self.with_network(as_of, |loaded, _| {
            let (net, cfg) = (
                &loaded.net,
                KpiConfig {
                    as_of: loaded.as_of,
                },
            );
            loaded
                .lines
                .iter()
                .filter(|&line| {
                    dims.iter()
                        .all(|(d, v)| bodesk_kpi::group_key(net, line, *d) == *v)
                })
                .filter_map(|line| line_row(net, &cfg, line))
                .filter(|row| row.open || !open_only)
                .collect()
        })
    }
}

/// `(dimension name, key)` pairs as engine filters.
pub(crate) fn parse_filters(filters: &[(String, String)]) -> Result<Vec<(Dim, String)>, ApiError> {
    filters
        .iter()
        .map(|(d, v)| Ok((parse_dim(d)?, v.clone())))
        .collect()
}

/// A line with its figures, or `None` when it does not count in the window
/// (neither open nor with a backorder day in it).
pub(crate) fn line_row(net: &Network, cfg: &KpiConfig, line: LineView<'_>) -> Option<LineRow> {
    let f = bodesk_kpi::line_figures(net, cfg, line);
    if !(f.open || f.backorder_days > 0) {
        return None;
    }
    let part = net.parts.get(line.part_id);
    let tier = net.customers.get(line.customer_id).map(|c| c.tier.clone());
    let sla_limit_days = match (&tier, part) {
        (Some(t), Some(p)) => net
            .sla
            .get(&(t.clone(), p.criticality))
            .map(|s| s.max_backorder_days),
        _ => None,
    };
    Some(LineRow {
        order_id: line.order_id.to_string(),
        order_line: line.order_line.to_string(),
        customer_id: line.customer_id.to_string(),
        part_id: line.part_id.to_string(),
        location_id: line.location_id.to_string(),
        region: bodesk_kpi::group_key(net, line, Dim::Region),
        status: line.status.as_str().to_string(),
        qty_open: line.qty_open,
        created_date: line.created_date.format("%Y-%m-%d").to_string(),
        closed_date: line.closed_date.map(|d| d.format("%Y-%m-%d").to_string()),
        open: f.open,
        age_days: f.age_days,
        backorder_days: f.backorder_days,
        value: f.value,
        sla_breach: f.sla_breach,
        penalty_exposure: f.penalty_exposure,
        root_cause: f.root_cause.as_str().to_string(),
        criticality: part.map(|p| p.criticality.as_str().to_string()),
        tier,
        sla_limit_days,
    })
}

/// The rows and the prepared engine of one working-set version and as-of
/// date.
pub(crate) struct KpiCache {
    version: (i64, i64),
    loaded: Loaded,
    prepared: Prepared,
}

impl std::fmt::Debug for KpiCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KpiCache({:?}, {})", self.version, self.loaded.as_of)
    }
}

/// What the KPIs depend on: the newest committed batch and the overrides.
/// Every write to the working set goes through a batch or an audited change.
pub(crate) fn data_version(conn: &Connection) -> Result<(i64, i64), ApiError> {
    Ok(conn.query_row(
        "SELECT (SELECT coalesce(max(batch_id), 0) FROM import_batch WHERE status = 'committed'),
                (SELECT coalesce(max(audit_id), 0) FROM audit_log)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

impl Workspace {
    /// The stored snapshots' totals, oldest first (for trend charts).
    pub fn kpi_history(&self) -> Result<Vec<KpiSnapshot>, ApiError> {
        let conn = self.store().conn();
        let mut stmt = conn.prepare(
            "SELECT as_of, figures FROM kpi_snapshot WHERE dim = 'total' ORDER BY as_of",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (as_of, figures) = row?;
            let total: KpiTotal = serde_json::from_str(&figures).map_err(|e| {
                ApiError::new(
                    crate::ErrorCode::Internal,
                    format!("snapshot of {as_of}: {e}"),
                )
            })?;
            out.push(KpiSnapshot { as_of, total });
        }
        Ok(out)
    }
}
