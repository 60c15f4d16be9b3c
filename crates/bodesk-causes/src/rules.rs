//! The rule set: an ordered list of rules with thresholds, written as TOML
//! (`[[rule]]` tables), validated with errors that name line and column.

use std::collections::BTreeMap;
use std::fmt;

use bodesk_kpi::RootCause;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The built-in rule set: used when the working set has none of its own.
pub const DEFAULT_RULES_TOML: &str = r#"# Root-cause rules. For each open backorder line the rules are tried in
# order; the first that matches decides the line's cause and its evidence.
# A line no rule matches is `unknown`.
#
# Each [[rule]] has a `kind` (eol_transition, internal_transfer,
# supplier_delay, campaign, demand_spike, forecast_error), an optional
# `name` (default: the kind; names are unique) and the kind's thresholds
# (left out: the default shown here).

# The part is end-of-life (lifecycle eol or obsolete) and its EOL date has
# passed by the as-of date, or is at most `days_before_eol` days ahead.
[[rule]]
kind = "eol_transition"
days_before_eol = 0

# A transfer of the part to the line's location is blocked, or not received
# `min_days_late` days or more after its expected date.
[[rule]]
kind = "internal_transfer"
min_days_late = 1

# A PO line of the part is `min_days_late` days or more past its committed
# date: still not received, or received only after the line was created.
[[rule]]
kind = "supplier_delay"
min_days_late = 7

# A campaign for the part at the line's location runs when the line is
# created (from `days_before_start` days before its start to
# `days_after_end` days after its end). Cause: demand_spike.
[[rule]]
kind = "campaign"
days_before_start = 30
days_after_end = 30

# Demand of the part at the line's location in the `window_days` before the
# line (the months that start in that window, the line's month included)
# is at least `min_ratio` times the monthly mean of the `baseline_months`
# before, and at least `min_units`.
[[rule]]
kind = "demand_spike"
window_days = 60
min_ratio = 3.0
min_units = 4
baseline_months = 12

# Supply was on time (no PO line of the part `max_supplier_days_late` days
# or more late since a lead time before the line) and yet demand at the
# line's location over the part's lead time before the line was above the
# level the stock is planned for (reorder point, else safety stock) by more
# than `margin_pct` percent.
[[rule]]
kind = "forecast_error"
margin_pct = 0
max_supplier_days_late = 7
"#;

/// What a rule looks at; each kind decides one cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    EolTransition,
    InternalTransfer,
    SupplierDelay,
    Campaign,
    DemandSpike,
    ForecastError,
}

/// One threshold of a rule kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParamSpec {
    pub name: &'static str,
    pub default: f64,
    pub min: f64,
    pub max: f64,
    /// Whole numbers only (days, months, units).
    pub integer: bool,
    pub doc: &'static str,
}

const fn days(name: &'static str, default: f64, doc: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        default,
        min: 0.0,
        max: 3650.0,
        integer: true,
        doc,
    }
}

impl RuleKind {
    pub const ALL: [RuleKind; 6] = [
        RuleKind::EolTransition,
        RuleKind::InternalTransfer,
        RuleKind::SupplierDelay,
        RuleKind::Campaign,
        RuleKind::DemandSpike,
        RuleKind::ForecastError,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::EolTransition => "eol_transition",
            RuleKind::InternalTransfer => "internal_transfer",
            RuleKind::SupplierDelay => "supplier_delay",
            RuleKind::Campaign => "campaign",
            RuleKind::DemandSpike => "demand_spike",
            RuleKind::ForecastError => "forecast_error",
        }
    }

    /// The cause a match of this kind gives.
    pub fn cause(self) -> RootCause {
        match self {
            RuleKind::EolTransition => RootCause::EolTransition,
            RuleKind::InternalTransfer => RootCause::InternalTransfer,
            RuleKind::SupplierDelay => RootCause::SupplierDelay,
            RuleKind::Campaign | RuleKind::DemandSpike => RootCause::DemandSpike,
            RuleKind::ForecastError => RootCause::ForecastError,
        }
    }

    /// The thresholds of this kind, in the order they are shown.
    pub fn params(self) -> &'static [ParamSpec] {
        const EOL: &[ParamSpec] = &[days(
            "days_before_eol",
            0.0,
            "the rule applies from this many days before the EOL date",
        )];
        const TRANSFER: &[ParamSpec] = &[days(
            "min_days_late",
            1.0,
            "days past the expected date (a blocked transfer counts at once)",
        )];
        const SUPPLIER: &[ParamSpec] =
            &[days("min_days_late", 7.0, "days past the committed date")];
        const CAMPAIGN: &[ParamSpec] = &[
            days(
                "days_before_start",
                30.0,
                "lines created this many days before the start count",
            ),
            days(
                "days_after_end",
                30.0,
                "lines created this many days after the end count",
            ),
        ];
        const SPIKE: &[ParamSpec] = &[
            ParamSpec {
                name: "window_days",
                default: 60.0,
                min: 1.0,
                max: 366.0,
                integer: true,
                doc: "days before the line whose demand is compared",
            },
            ParamSpec {
                name: "min_ratio",
                default: 3.0,
                min: 1.0,
                max: 1000.0,
                integer: false,
                doc: "window demand over the baseline mean for the same number of months",
            },
            ParamSpec {
                name: "min_units",
                default: 4.0,
                min: 0.0,
                max: 1e9,
                integer: false,
                doc: "the least window demand that can be a spike",
            },
            ParamSpec {
                name: "baseline_months",
                default: 12.0,
                min: 1.0,
                max: 60.0,
                integer: true,
                doc: "months before the window whose mean is the baseline",
            },
        ];
        const FORECAST: &[ParamSpec] = &[
            ParamSpec {
                name: "margin_pct",
                default: 0.0,
                min: 0.0,
                max: 10_000.0,
                integer: false,
                doc: "percent above the planned level the lead-time demand must be",
            },
            days(
                "max_supplier_days_late",
                7.0,
                "a PO line this late or later means supply was not on time",
            ),
        ];
        match self {
            RuleKind::EolTransition => EOL,
            RuleKind::InternalTransfer => TRANSFER,
            RuleKind::SupplierDelay => SUPPLIER,
            RuleKind::Campaign => CAMPAIGN,
            RuleKind::DemandSpike => SPIKE,
            RuleKind::ForecastError => FORECAST,
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule: a kind with its thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// Unique in its rule set; the kind's name unless the TOML names it.
    pub name: String,
    pub kind: RuleKind,
    /// Every threshold of the kind, in [`RuleKind::params`] order.
    pub params: Vec<(String, f64)>,
}

impl Rule {
    /// A rule of `kind` with the default thresholds.
    pub fn new(kind: RuleKind) -> Rule {
        Rule {
            name: kind.as_str().to_string(),
            kind,
            params: kind
                .params()
                .iter()
                .map(|p| (p.name.to_string(), p.default))
                .collect(),
        }
    }

    /// A threshold by name (the kind's default when not set).
    pub fn param(&self, name: &str) -> f64 {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
            .or_else(|| {
                self.kind
                    .params()
                    .iter()
                    .find(|p| p.name == name)
                    .map(|p| p.default)
            })
            .unwrap_or(0.0)
    }

    /// A threshold of a whole number of days, months or units.
    pub(crate) fn days(&self, name: &str) -> i64 {
        self.param(name) as i64
    }

    /// `self` with one threshold changed (tests, callers building rules).
    pub fn with(mut self, name: &str, value: f64) -> Rule {
        if let Some(p) = self.params.iter_mut().find(|(n, _)| n == name) {
            p.1 = value;
        }
        self
    }
}

/// The ordered rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::parse(DEFAULT_RULES_TOML).expect("the built-in rules are valid")
    }
}

/// Why a rule set was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesError {
    /// 1-based; 0 when the place is not known.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for RulesError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    #[serde(default)]
    rule: Vec<Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>>,
}

/// 1-based line and column of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl RuleSet {
    /// Parses and validates a rule set. Errors name the line and column of
    /// the offending key or value.
    pub fn parse(text: &str) -> Result<RuleSet, RulesError> {
        let at = |offset: usize, message: String| {
            let (line, column) = line_col(text, offset);
            RulesError {
                line,
                column,
                message,
            }
        };
        let doc: Doc = toml::from_str(text).map_err(|e| {
            let message = e
                .message()
                .trim()
                .replace("`rule`", "`rule` ([[rule]] tables)");
            match e.span() {
                Some(span) => at(span.start, message),
                None => RulesError {
                    line: 0,
                    column: 0,
                    message,
                },
            }
        })?;
        // A table's span may start after its `[[rule]]` header: point at the header.
        let header = |start: usize| {
            let upto = &text[..(start + 2).min(text.len())];
            upto.rfind("[[").unwrap_or(start)
        };
        let mut rules: Vec<Rule> = Vec::new();
        for table in &doc.rule {
            let entries = table.get_ref();
            let kind_value = entries
                .iter()
                .find(|(k, _)| k.get_ref() == "kind")
                .map(|(_, v)| v);
            let Some(kind_value) = kind_value else {
                return Err(at(
                    header(table.span().start),
                    format!(
                        "a [[rule]] without `kind`: one of {}",
                        kind_names().join(", ")
                    ),
                ));
            };
            let kind = match kind_value.get_ref() {
                toml::Value::String(s) => RuleKind::ALL
                    .into_iter()
                    .find(|k| k.as_str() == s)
                    .ok_or_else(|| {
                        at(
                            kind_value.span().start,
                            format!(
                                "unknown rule kind {s:?}: one of {}",
                                kind_names().join(", ")
                            ),
                        )
                    })?,
                _ => {
                    return Err(at(
                        kind_value.span().start,
                        "`kind` must be a string".to_string(),
                    ))
                }
            };
            let mut rule = Rule::new(kind);
            for (key, value) in entries {
                let name = key.get_ref().as_str();
                match name {
                    "kind" => {}
                    "name" => match value.get_ref() {
                        toml::Value::String(s) if !s.trim().is_empty() => {
                            rule.name = s.trim().to_string();
                        }
                        _ => {
                            return Err(at(
                                value.span().start,
                                "`name` must be a non-empty string".to_string(),
                            ))
                        }
                    },
                    _ => {
                        let Some(spec) = kind.params().iter().find(|p| p.name == name) else {
                            let known: Vec<&str> = kind.params().iter().map(|p| p.name).collect();
                            return Err(at(
                                key.span().start,
                                format!(
                                    "a {kind} rule has no threshold `{name}` (its thresholds: {})",
                                    known.join(", ")
                                ),
                            ));
                        };
                        let v = threshold(spec, value.get_ref())
                            .map_err(|m| at(value.span().start, format!("`{name}`: {m}")))?;
                        if let Some(p) = rule.params.iter_mut().find(|(n, _)| n == name) {
                            p.1 = v;
                        }
                    }
                }
            }
            if rules.iter().any(|r| r.name == rule.name) {
                let named = entries
                    .iter()
                    .find(|(k, _)| k.get_ref() == "name")
                    .map_or(kind_value.span().start, |(_, v)| v.span().start);
                return Err(at(
                    named,
                    format!(
                        "duplicate rule `{}`: give one of them a distinct `name`",
                        rule.name
                    ),
                ));
            }
            rules.push(rule);
        }
        if rules.is_empty() {
            return Err(RulesError {
                line: 1,
                column: 1,
                message: "no [[rule]] tables: every line would be `unknown`".to_string(),
            });
        }
        Ok(RuleSet { rules })
    }
}

fn kind_names() -> Vec<&'static str> {
    RuleKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// A threshold's value, checked against its spec.
fn threshold(spec: &ParamSpec, value: &toml::Value) -> Result<f64, String> {
    let v = match value {
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Float(f) if !spec.integer => *f,
        toml::Value::Float(f) => {
            return Err(format!("expected a whole number, found {f}"));
        }
        other => {
            return Err(format!("expected a number, found {}", other.type_str()));
        }
    };
    if !v.is_finite() || v < spec.min || v > spec.max {
        return Err(format!("{v} is out of range {} to {}", spec.min, spec.max));
    }
    Ok(v)
}
