//! Forecasts from a long demand file, without a working set
//! (`bodesk forecast --input FILE.csv`): read `period,part_id,qty`, build one
//! series per part, run the forecasting engine on each.
//!
//! The file:
//!
//! - a header naming the columns `period`, `part_id` and `qty` (any order,
//!   case-insensitive; other columns are ignored), comma-separated;
//! - `period` in one style for the whole file: `YYYY-MM` (months), `YYYY-MM-DD`
//!   (days; weeks when every date falls on the same weekday) or a whole number;
//! - `qty` a non-negative number (`.` decimal mark);
//! - rows in any order; one row per part and period.
//!
//! A part's series runs from its first period to the last period of the whole
//! file; **a period without a row is zero demand** (ERP exports leave out
//! zero months). Anything else is refused with `file:line:column` and what is
//! wrong.
//!
//! Censored demand: optional columns `qty_filled` (a period is censored when
//! less than `qty` was filled), `stockout_days` (censored when above 0) and
//! `censored` (`1`/`0`, `true`/`false`, `yes`/`no`, `x` or empty: for
//! shipment-based histories that flag stockouts themselves); an empty cell
//! says nothing. When any of them is in the header (or
//! [`ForecastFileArgs::censored`] is set), each series is reconstructed with
//! `bodesk_forecast::censored` first, the forecast is of the reconstructed
//! series, and the result carries recorded and reconstructed side by side.

use std::collections::HashMap;
use std::path::Path;

use bodesk_forecast::censored::{reconstruct, CensoredConfig, ModelChoice};
use bodesk_forecast::{forecast, ForecastConfig, Method};
use chrono::{Datelike, NaiveDate};

use crate::dto::{CensoredHistory, ForecastFileArgs, ForecastParamsDto, SeriesForecast};
use crate::{ApiError, ErrorCode};

/// The most periods one series may span (a typo in a year must not allocate
/// gigabytes).
const MAX_PERIODS: i64 = 100_000;

/// Reads `path` and forecasts every part in it, in the order of first appearance.
pub fn forecast_file(
    path: &Path,
    args: &ForecastFileArgs,
) -> Result<Vec<SeriesForecast>, ApiError> {
    let config = config_of(args)?;
    let censored_config = censored_config_of(args)?;
    let text = std::fs::read(path).map_err(|e| {
        let code = if e.kind() == std::io::ErrorKind::NotFound {
            ErrorCode::NotFound
        } else {
            ErrorCode::InvalidInput
        };
        ApiError::new(code, format!("{}: {e}", path.display()))
    })?;
    let history = read_history(&path.display().to_string(), &text)?;
    let reconstruct_first = args.censored || history.has_censoring_columns;
    history
        .series
        .iter()
        .zip(&history.censored)
        .map(|((part_id, y), flags)| {
            let fail =
                |e: &dyn std::fmt::Display| ApiError::invalid(format!("part {part_id}: {e}"));
            let censored_history = if reconstruct_first {
                let r = reconstruct(y, flags, &censored_config).map_err(|e| fail(&e))?;
                Some(CensoredHistory {
                    recorded: y.clone(),
                    reconstructed: r.reconstructed,
                    censored: flags.clone(),
                    model: r.model.name().to_string(),
                    fit: r.fit.name().to_string(),
                    iterations: r.iterations as u32,
                    mu: r.mu,
                    sigma: r.sigma,
                })
            } else {
                None
            };
            let series = censored_history.as_ref().map_or(y, |h| &h.reconstructed);
            let f = forecast(series, &config).map_err(|e| fail(&e))?;
            Ok(SeriesForecast {
                part_id: part_id.clone(),
                method: f.method.name().to_string(),
                forecast: f.mean,
                params: params_dto(f.params),
                history: censored_history,
            })
        })
        .collect()
}

/// The censored-demand settings from the wire arguments.
pub fn censored_config_of(args: &ForecastFileArgs) -> Result<CensoredConfig, ApiError> {
    let name = args.censored_model.as_deref().unwrap_or("auto");
    let model = ModelChoice::from_name(name).ok_or_else(|| {
        ApiError::invalid(format!(
            "unknown censored-demand model {name:?}; one of auto, normal, poisson"
        ))
    })?;
    Ok(CensoredConfig {
        model,
        ..CensoredConfig::default()
    })
}

/// The engine's settings from the wire arguments.
pub fn config_of(args: &ForecastFileArgs) -> Result<ForecastConfig, ApiError> {
    let method = Method::from_name(&args.method).ok_or_else(|| {
        let names: Vec<&str> = Method::ALL.iter().map(|m| m.name()).collect();
        ApiError::invalid(format!(
            "unknown method {:?}; one of {}",
            args.method,
            names.join(", ")
        ))
    })?;
    for (name, value) in [
        ("alpha", args.alpha),
        ("alpha-d", args.alpha_d),
        ("alpha-p", args.alpha_p),
    ] {
        if !(value > 0.0 && value <= 1.0) {
            return Err(ApiError::invalid(format!(
                "--{name} must be in (0, 1], got {value}"
            )));
        }
    }
    Ok(ForecastConfig {
        method,
        horizon: args.horizon as usize,
        alpha: args.alpha,
        alpha_d: args.alpha_d,
        alpha_p: args.alpha_p,
    })
}

pub(crate) fn params_dto(p: bodesk_forecast::Params) -> ForecastParamsDto {
    ForecastParamsDto {
        alpha: p.alpha,
        alpha_size: p.alpha_size,
        alpha_interval: p.alpha_interval,
        factor: p.factor,
        alpha_d: p.alpha_d,
        alpha_p: p.alpha_p,
        aggregation_level: p.aggregation_level.map(|k| k as u32),
        max_aggregation_level: p.max_aggregation_level.map(|k| k as u32),
        class: p.class.map(|c| {
            serde_json::to_value(c)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        }),
        adi: p.adi,
        cv2: p.cv2,
        reason: p.reason,
    }
}

/// Demand series read from a long file: part id and its values, oldest first;
/// per series which periods are censored (all false without censoring
/// columns).
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    pub series: Vec<(String, Vec<f64>)>,
    pub censored: Vec<Vec<bool>>,
    /// The header has `qty_filled`, `stockout_days` or `censored`.
    pub has_censoring_columns: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeriodStyle {
    Month,
    Day,
    Index,
}

impl PeriodStyle {
    fn describe(self) -> &'static str {
        match self {
            PeriodStyle::Month => "a month YYYY-MM",
            PeriodStyle::Day => "a date YYYY-MM-DD",
            PeriodStyle::Index => "a whole number",
        }
    }
}

fn parse_period(s: &str) -> Option<(PeriodStyle, i64)> {
    if let Ok(i) = s.parse::<i64>() {
        return Some((PeriodStyle::Index, i));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some((PeriodStyle::Day, i64::from(d.num_days_from_ce())));
    }
    let (y, m) = s.split_once('-')?;
    if y.len() == 4 && (1..=2).contains(&m.len()) {
        let (y, m) = (y.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
        if (1..=12).contains(&m) && y >= 0 {
            return Some((PeriodStyle::Month, y * 12 + m - 1));
        }
    }
    None
}

/// Parses a long `period,part_id,qty` file. `name` is how errors name it.
pub fn read_history(name: &str, bytes: &[u8]) -> Result<History, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let err = |line: u64, col: Option<usize>, msg: String| {
        let at = match col {
            Some(c) => format!("{name}:{line}:{c}"),
            None => format!("{name}:{line}"),
        };
        ApiError::invalid(format!("{at}: {msg}"))
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| err(1, None, format!("cannot read the header: {e}")))?
        .clone();
    let find = |want: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(want))
            .ok_or_else(|| {
                err(
                    1,
                    None,
                    format!("no column {want:?} in the header (need period, part_id, qty)"),
                )
            })
    };
    let (c_period, c_part, c_qty) = (find("period")?, find("part_id")?, find("qty")?);
    let optional = |want: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(want))
    };
    let (c_filled, c_stockout, c_censored) = (
        optional("qty_filled"),
        optional("stockout_days"),
        optional("censored"),
    );
    let has_censoring_columns = c_filled.is_some() || c_stockout.is_some() || c_censored.is_some();

    let mut style: Option<(PeriodStyle, u64)> = None;
    let mut parts: Vec<String> = Vec::new();
    let mut part_index: HashMap<String, usize> = HashMap::new();
    // per part: (period, qty, line, censored)
    let mut rows: Vec<Vec<(i64, f64, u64, bool)>> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => err(
                    line,
                    None,
                    format!("{len} fields where the header has {expected_len}"),
                ),
                csv::ErrorKind::Utf8 { err: u, .. } => {
                    err(line, Some(u.field() + 1), "not UTF-8 text".into())
                }
                _ => err(line, None, format!("{e}")),
            }
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |c: usize| record.get(c).unwrap_or("").trim();
        let period_text = field(c_period);
        let (this_style, period) = parse_period(period_text).ok_or_else(|| {
            err(
                line,
                Some(c_period + 1),
                format!("period {period_text:?} is not YYYY-MM, YYYY-MM-DD or a whole number"),
            )
        })?;
        match style {
            None => style = Some((this_style, line)),
            Some((s, first)) if s != this_style => {
                return Err(err(
                    line,
                    Some(c_period + 1),
                    format!(
                        "period {period_text:?} is not {} like the period on line {first}",
                        s.describe()
                    ),
                ))
            }
            Some(_) => {}
        }
        let part = field(c_part);
        if part.is_empty() {
            return Err(err(line, Some(c_part + 1), "part_id is empty".into()));
        }
        let qty_text = field(c_qty);
        let qty = qty_text
            .parse::<f64>()
            .ok()
            .filter(|q| q.is_finite())
            .ok_or_else(|| {
                err(
                    line,
                    Some(c_qty + 1),
                    format!("qty {qty_text:?} is not a number"),
                )
            })?;
        if qty < 0.0 {
            return Err(err(
                line,
                Some(c_qty + 1),
                format!("qty {qty_text} is negative (demand must be 0 or more)"),
            ));
        }
        let mut censored = false;
        let number = |c: usize, what: &str| -> Result<Option<f64>, ApiError> {
            let text = field(c);
            if text.is_empty() {
                return Ok(None);
            }
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
                _ => Err(err(
                    line,
                    Some(c + 1),
                    format!("{what} {text:?} is not a number of 0 or more"),
                )),
            }
        };
        if let Some(c) = c_filled {
            if let Some(filled) = number(c, "qty_filled")? {
                if filled > qty {
                    return Err(err(
                        line,
                        Some(c + 1),
                        format!("qty_filled {filled} is more than qty {qty_text}"),
                    ));
                }
                censored |= filled < qty;
            }
        }
        if let Some(c) = c_stockout {
            censored |= number(c, "stockout_days")?.is_some_and(|d| d > 0.0);
        }
        if let Some(c) = c_censored {
            let text = field(c);
            censored |= match text.to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "x" => true,
                "" | "0" | "false" | "no" => false,
                _ => {
                    return Err(err(
                        line,
                        Some(c + 1),
                        format!("censored {text:?} is not 1/0, true/false, yes/no or x"),
                    ))
                }
            };
        }
        let i = *part_index.entry(part.to_string()).or_insert_with(|| {
            parts.push(part.to_string());
            rows.push(Vec::new());
            parts.len() - 1
        });
        rows[i].push((period, qty, line, censored));
    }
    let Some((style, _)) = style else {
        return Ok(History {
            series: Vec::new(),
            censored: Vec::new(),
            has_censoring_columns,
        });
    };
    let step = match style {
        // weeks when every date falls on the same weekday
        PeriodStyle::Day => {
            let first = rows[0][0].0;
            if rows.iter().flatten().all(|r| (r.0 - first) % 7 == 0) {
                7
            } else {
                1
            }
        }
        _ => 1,
    };
    let end = rows.iter().flatten().map(|r| r.0).max().unwrap_or(0);
    let mut series = Vec::with_capacity(parts.len());
    let mut censored = Vec::with_capacity(parts.len());
    for (part, mut rows) in parts.into_iter().zip(rows) {
        rows.sort_by_key(|r| r.0);
        for w in rows.windows(2) {
            if w[0].0 == w[1].0 {
                let (a, b) = (w[0].2.min(w[1].2), w[0].2.max(w[1].2));
                return Err(err(
                    b,
                    Some(c_period + 1),
                    format!("part {part} has this period already on line {a}"),
                ));
            }
        }
        let start = rows[0].0;
        let len = (end - start) / step + 1;
        if len > MAX_PERIODS {
            return Err(err(
                rows[0].2,
                Some(c_period + 1),
                format!("part {part} would span {len} periods to the file's last one (at most {MAX_PERIODS})"),
            ));
        }
        let mut y = vec![0.0; len as usize];
        let mut flags = vec![false; len as usize];
        for (period, qty, _, is_censored) in rows {
            let i = ((period - start) / step) as usize;
            y[i] = qty;
            flags[i] = is_censored;
        }
        series.push((part, y));
        censored.push(flags);
    }
    Ok(History {
        series,
        censored,
        has_censoring_columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    fn check(text: &str, expect: Expect) {
        let out = match read_history("d.csv", text.as_bytes()) {
            Ok(h) => format!("{:?}", h.series),
            Err(e) => e.message,
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn long_files() {
        check(
            "period,part_id,qty\n2024-01,A,1\n2024-03,A,2\n2024-02,B,5\n2024-04,B,0.5\n",
            expect![[r#"[("A", [1.0, 0.0, 2.0, 0.0]), ("B", [5.0, 0.0, 0.5])]"#]],
        );
        check(
            "qty,period,part_id\r\n3,2024-01-01,X\r\n4,2024-01-15,X\r\n",
            expect![[r#"[("X", [3.0, 0.0, 4.0])]"#]],
        );
        check(
            "period,part_id,qty\n2024-01-01,X,3\n2024-01-03,X,4\n",
            expect![[r#"[("X", [3.0, 0.0, 4.0])]"#]],
        );
        check(
            "period,part_id,qty\n3,X,1\n1,X,2\n",
            expect![[r#"[("X", [2.0, 0.0, 1.0])]"#]],
        );
        check("period,part_id,qty\n", expect![[r#"[]"#]]);
    }

    fn check_censored(text: &str, expect: Expect) {
        let out = match read_history("d.csv", text.as_bytes()) {
            Ok(h) => format!(
                "{:?} {:?} columns={}",
                h.series, h.censored, h.has_censoring_columns
            ),
            Err(e) => e.message,
        };
        expect.assert_eq(&out);
    }

    #[test]
    fn censoring_columns() {
        // short fill, stockout days, an explicit flag; empty cells say nothing
        check_censored(
            "period,part_id,qty,qty_filled,stockout_days\n1,A,5,5,0\n2,A,4,3,\n3,A,2,,4\n4,A,6,,\n",
            expect![[r#"[("A", [5.0, 4.0, 2.0, 6.0])] [[false, true, true, false]] columns=true"#]],
        );
        check_censored(
            "period,part_id,qty,Censored\n1,A,5,yes\n3,A,1,0\n",
            expect![[r#"[("A", [5.0, 0.0, 1.0])] [[true, false, false]] columns=true"#]],
        );
        check_censored(
            "period,part_id,qty\n1,A,5\n",
            expect![[r#"[("A", [5.0])] [[false]] columns=false"#]],
        );
        check_censored(
            "period,part_id,qty,qty_filled\n1,A,5,6\n",
            expect![[r#"d.csv:2:4: qty_filled 6 is more than qty 5"#]],
        );
        check_censored(
            "period,part_id,qty,stockout_days\n1,A,5,-1\n",
            expect![[r#"d.csv:2:4: stockout_days "-1" is not a number of 0 or more"#]],
        );
        check_censored(
            "period,part_id,qty,censored\n1,A,5,maybe\n",
            expect![[r#"d.csv:2:4: censored "maybe" is not 1/0, true/false, yes/no or x"#]],
        );
    }

    #[test]
    fn malformed_files() {
        check(
            "period,part,qty\n",
            expect![[r#"d.csv:1: no column "part_id" in the header (need period, part_id, qty)"#]],
        );
        check(
            "period,part_id,qty\n2024-01,A,1\n2024-13,A,1\n",
            expect![[
                r#"d.csv:3:1: period "2024-13" is not YYYY-MM, YYYY-MM-DD or a whole number"#
            ]],
        );
        check(
            "period,part_id,qty\n2024-01,A,1\n2024-02,A,x\n",
            expect![[r#"d.csv:3:3: qty "x" is not a number"#]],
        );
        check(
            "period,part_id,qty\n2024-01,A,-1\n",
            expect![[r#"d.csv:2:3: qty -1 is negative (demand must be 0 or more)"#]],
        );
        check(
            "period,part_id,qty\n2024-01,A,1\n2024-01-05,A,1\n",
            expect![[
                r#"d.csv:3:1: period "2024-01-05" is not a month YYYY-MM like the period on line 2"#
            ]],
        );
        check(
            "period,part_id,qty\n2024-01,A,1\n2024-02,A,1\n2024-01,A,3\n",
            expect![[r#"d.csv:4:1: part A has this period already on line 2"#]],
        );
        check(
            "period,part_id,qty\n2024-01,,1\n",
            expect![[r#"d.csv:2:2: part_id is empty"#]],
        );
        check(
            "period,part_id,qty\n2024-01,A,1,9\n",
            expect!["d.csv:2: 4 fields where the header has 3"],
        );
        check(
            "period,part_id,qty\n1,A,1\n99999999,A,1\n",
            expect![[
                r#"d.csv:2:1: part A would span 99999999 periods to the file's last one (at most 100000)"#
            ]],
        );
    }
}
