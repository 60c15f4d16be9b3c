//! Meeting mode's "export as image": the current view's numbers drawn by
//! `bodesk-charts` as an SVG or a PNG, in an [`ExportFile`] like the CSV
//! exports. Every number comes from the same `drill` and `kpi_history` as the
//! screens.
//!
//! - `breakdown`: one bar per group of `drill(filters, by)`, the `metric`
//!   (default `open_lines`), largest first, at most [`MAX_BARS`].
//! - `pareto`: the [`PARETO_TOP`] parts with the most `backorder_days` (or
//!   another additive `metric`) on the path, with their cumulative share of
//!   the path's total.
//! - `trend`: open lines, open value and SLA breaches at each import's as-of
//!   date (the stored totals), one panel each on its own scale.

use base64::Engine as _;
use bodesk_charts::{BarChart, Format, ParetoChart, Series, TrendChart};

use crate::app::ChartArgs;
use crate::dto::{ExportFile, FilterDto, KpiFigures};
use crate::explore::figure_value as metric_value;
use crate::{ApiError, ErrorCode, Workspace};

/// The most bars a breakdown draws (the largest ones).
pub const MAX_BARS: usize = 20;
/// How many parts a Pareto chart draws.
pub const PARETO_TOP: usize = 10;
/// The image size when none is asked for: a 16:9 slide.
pub const DEFAULT_SIZE: (u32, u32) = (1600, 900);

pub const KINDS: &[&str] = &["breakdown", "trend", "pareto"];
pub const FORMATS: &[&str] = &["svg", "png"];

/// Every `KpiFigures` field a chart can draw, its label, and whether it adds
/// up over groups (only those make a cumulative share).
pub const METRICS: &[(&str, &str, bool)] = &[
    ("open_lines", "Open lines", true),
    ("open_qty", "Open quantity", true),
    ("open_value", "Open value", true),
    ("mean_age_days", "Mean age (days)", false),
    ("max_age_days", "Max age (days)", false),
    ("backorder_days", "Backorder days", true),
    ("parts_affected", "Parts affected", false),
    ("backorder_days_per_part", "Backorder days per part", false),
    ("customer_impact_days", "Customer impact days", true),
    ("sla_breaches", "SLA breaches", true),
    ("penalty_exposure", "Penalty exposure", true),
    ("lines_over_30_days", "Lines over 30 days", true),
];

fn one_of(what: &str, value: &str, allowed: &[&str]) -> ApiError {
    ApiError::invalid(format!(
        "chart: unknown {what} {value:?}: one of {}",
        allowed.join(", ")
    ))
}

fn metric_of(name: &str) -> Result<(&'static str, &'static str, bool), ApiError> {
    METRICS
        .iter()
        .copied()
        .find(|m| m.0 == name)
        .ok_or_else(|| {
            let names: Vec<&str> = METRICS.iter().map(|m| m.0).collect();
            one_of("metric", name, &names)
        })
}

/// "region = North · location = DC-7", or "" for the whole network.
fn path_text(filters: &[FilterDto]) -> String {
    filters
        .iter()
        .map(|f| format!("{} = {}", f.dim, f.value))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A file name safe everywhere: `backorders-by-region-…-2026-10-31.png`.
fn file_name(stem: &str, filters: &[FilterDto], as_of: &str, format: Format) -> String {
    export_file_name(stem, filters, as_of, format.extension())
}

/// The name of an exported view (chart or CSV): the stem, the drill-down
/// path and the as-of date, with anything but ASCII letters, digits, `-` and
/// `_` replaced, so it is safe on every file system.
pub(crate) fn export_file_name(
    stem: &str,
    filters: &[FilterDto],
    as_of: &str,
    extension: &str,
) -> String {
    let mut name = stem.to_string();
    for f in filters {
        name.push_str(&format!("-{}-{}", f.dim, f.value));
    }
    format!("{}-{as_of}.{extension}", safe_file_name(&name))
}

/// `text` with every character but ASCII letters, digits, `-` and `_`
/// replaced by `_`: safe in a file name on every system.
pub(crate) fn safe_file_name(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn chart_error(e: bodesk_charts::ChartError) -> ApiError {
    match e {
        bodesk_charts::ChartError::Size { .. } => ApiError::invalid(format!("chart: {e}")),
        other => ApiError::new(ErrorCode::Internal, format!("chart: {other}")),
    }
}

impl Workspace {
    /// A chart of the current view as an image file (see the module docs).
    pub fn chart(&self, x: &ChartArgs) -> Result<ExportFile, ApiError> {
        // Check every argument before reading anything.
        let format = match x.format.as_str() {
            "svg" => Format::Svg,
            "png" => Format::Png,
            other => return Err(one_of("format", other, FORMATS)),
        };
        if !KINDS.contains(&x.kind.as_str()) {
            return Err(one_of("kind", &x.kind, KINDS));
        }
        let default_metric = if x.kind == "pareto" {
            "backorder_days"
        } else {
            "open_lines"
        };
        let metric = metric_of(x.metric.as_deref().unwrap_or(default_metric))?;
        let (width, height) = (
            x.width.unwrap_or(DEFAULT_SIZE.0),
            x.height.unwrap_or(DEFAULT_SIZE.1),
        );
        let sides = bodesk_charts::MIN_SIDE..=bodesk_charts::MAX_SIDE;
        if !sides.contains(&width) || !sides.contains(&height) {
            return Err(chart_error(bodesk_charts::ChartError::Size {
                width,
                height,
            }));
        }

        let (stem, as_of, bytes) = match x.kind.as_str() {
            "breakdown" => {
                let by = x.by.as_deref().ok_or_else(|| {
                    ApiError::invalid("chart: a breakdown needs a dimension (`by`)")
                })?;
                let report = self.drill(&x.filters, Some(by), None)?;
                let by = report.by.clone().unwrap_or_else(|| by.to_string());
                let mut bars: Vec<(String, f64)> = report
                    .groups
                    .iter()
                    .map(|g| {
                        (
                            g.key.clone(),
                            metric_value(&g.figures, metric.0).unwrap_or(0.0),
                        )
                    })
                    .collect();
                bars.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let groups = bars.len();
                bars.truncate(MAX_BARS);
                let mut subtitle = vec![format!("As of {}", report.as_of)];
                let path = path_text(&x.filters);
                if !path.is_empty() {
                    subtitle.push(path);
                }
                if groups > MAX_BARS {
                    subtitle.push(format!("the largest {MAX_BARS} of {groups}"));
                }
                let chart = BarChart {
                    title: format!("{} by {}", metric.1, by.replace('_', " ")),
                    subtitle: subtitle.join(" · "),
                    value_label: metric.1.to_string(),
                    bars,
                    highlight: None,
                };
                let mut stem = format!("backorders-by-{by}");
                if metric.0 != "open_lines" {
                    stem = format!("backorders-{}-by-{by}", metric.0.replace('_', "-"));
                }
                let bytes = bodesk_charts::render_bar(&chart, format, width, height);
                (stem, report.as_of, bytes)
            }
            "pareto" => {
                if !metric.2 {
                    let additive: Vec<&str> = METRICS.iter().filter(|m| m.2).map(|m| m.0).collect();
                    return Err(ApiError::invalid(format!(
                        "chart: a Pareto chart needs a metric that adds up over parts, not {:?}: one of {}",
                        metric.0,
                        additive.join(", ")
                    )));
                }
                let report = self.drill(&x.filters, Some("part"), None)?;
                let mut bars: Vec<(String, f64)> = report
                    .groups
                    .iter()
                    .map(|g| {
                        (
                            g.key.clone(),
                            metric_value(&g.figures, metric.0).unwrap_or(0.0),
                        )
                    })
                    .filter(|(_, v)| *v > 0.0)
                    .collect();
                bars.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                bars.truncate(PARETO_TOP);
                let total = metric_value(&report.figures, metric.0).unwrap_or(0.0);
                let top: f64 = bars.iter().map(|b| b.1).sum();
                let mut subtitle = vec![format!("As of {}", report.as_of)];
                let path = path_text(&x.filters);
                if !path.is_empty() {
                    subtitle.push(path);
                }
                if total > 0.0 {
                    subtitle.push(format!(
                        "these {} parts hold {:.0}% of all {}",
                        bars.len(),
                        100.0 * top / total.max(top),
                        metric.1.to_lowercase()
                    ));
                }
                let chart = ParetoChart {
                    title: format!("Top {PARETO_TOP} parts by {}", metric.1.to_lowercase()),
                    subtitle: subtitle.join(" · "),
                    value_label: metric.1.to_string(),
                    bars,
                    total: Some(total),
                };
                let stem = format!("backorders-pareto-{}", metric.0.replace('_', "-"));
                let bytes = bodesk_charts::render_pareto(&chart, format, width, height);
                (stem, report.as_of, bytes)
            }
            _ => {
                if !x.filters.is_empty() {
                    return Err(ApiError::invalid(
                        "chart: the trend is kept for the whole network only; export it without filters",
                    ));
                }
                let history = self.kpi_history()?;
                let series = |name: &str, f: fn(&KpiFigures) -> f64| Series {
                    name: name.to_string(),
                    points: history
                        .iter()
                        .map(|s| (s.as_of.clone(), f(&s.total.figures)))
                        .collect(),
                };
                let as_of = history
                    .last()
                    .map(|s| s.as_of.clone())
                    .unwrap_or_else(|| "empty".to_string());
                let subtitle = match (history.first(), history.last()) {
                    (Some(a), Some(b)) => format!(
                        "Whole network · at each import's as-of date, {} to {}",
                        a.as_of, b.as_of
                    ),
                    _ => "Whole network".to_string(),
                };
                let chart = TrendChart {
                    title: "Backorders over time".to_string(),
                    subtitle,
                    series: vec![
                        series("Open lines", |f| f.open_lines as f64),
                        series("Open value", |f| f.open_value),
                        series("SLA breaches", |f| f.sla_breaches as f64),
                    ],
                };
                let bytes = bodesk_charts::render_trend(&chart, format, width, height);
                ("backorders-trend".to_string(), as_of, bytes)
            }
        };
        let bytes = bytes.map_err(chart_error)?;
        let (text, data_base64) = match format {
            Format::Svg => (
                Some(String::from_utf8(bytes).map_err(|e| {
                    ApiError::new(ErrorCode::Internal, format!("chart: SVG not UTF-8: {e}"))
                })?),
                None,
            ),
            Format::Png => (
                None,
                Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
            ),
        };
        Ok(ExportFile {
            file_name: file_name(&stem, &x.filters, &as_of, format),
            mime: format.mime().to_string(),
            text,
            data_base64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kpi_figure_is_a_metric() {
        let f = KpiFigures {
            open_lines: 1,
            open_qty: 2.0,
            open_value: 3.0,
            mean_age_days: 4.0,
            max_age_days: 5,
            backorder_days: 6,
            parts_affected: 7,
            backorder_days_per_part: 8.0,
            customer_impact_days: 9,
            sla_breaches: 10,
            penalty_exposure: 11.0,
            lines_over_30_days: 12,
        };
        let json = serde_json::to_value(&f).unwrap();
        let fields: Vec<&String> = json.as_object().unwrap().keys().collect();
        assert_eq!(fields.len(), METRICS.len());
        for field in fields {
            let want = json[field].as_f64().unwrap();
            assert_eq!(metric_value(&f, field), Some(want), "{field}");
        }
    }

    #[test]
    fn file_names_carry_the_path_safely() {
        let filters = vec![FilterDto {
            dim: "region".into(),
            value: "North/East".into(),
        }];
        assert_eq!(
            file_name(
                "backorders-by-location",
                &filters,
                "2026-10-31",
                Format::Png
            ),
            "backorders-by-location-region-North_East-2026-10-31.png"
        );
    }
}
