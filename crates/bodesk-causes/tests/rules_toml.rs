//! The rule set's TOML: defaults, and errors that name line and column.

use bodesk_causes::{Rule, RuleKind, RuleSet, DEFAULT_RULES_TOML};

#[test]
fn the_defaults_parse_to_every_kind_in_order_with_default_thresholds() {
    let rules = RuleSet::parse(DEFAULT_RULES_TOML).unwrap();
    let kinds: Vec<RuleKind> = rules.rules.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, RuleKind::ALL);
    for r in &rules.rules {
        assert_eq!(
            *r,
            Rule::new(r.kind),
            "the TOML states {}'s defaults",
            r.kind
        );
    }
    assert_eq!(RuleSet::default(), rules);
}

#[test]
fn a_rule_set_may_rename_reorder_and_leave_thresholds_out() {
    let text = r#"
[[rule]]
kind = "supplier_delay"
name = "very late PO"
min_days_late = 30

[[rule]]
kind = "supplier_delay"
name = "late PO"

[[rule]]
kind = "demand_spike"
min_ratio = 2.5
"#;
    let rules = RuleSet::parse(text).unwrap();
    let got: Vec<(&str, RuleKind, f64)> = rules
        .rules
        .iter()
        .map(|r| (r.name.as_str(), r.kind, r.params[0].1))
        .collect();
    assert_eq!(
        got,
        [
            ("very late PO", RuleKind::SupplierDelay, 30.0),
            ("late PO", RuleKind::SupplierDelay, 7.0),
            ("demand_spike", RuleKind::DemandSpike, 60.0),
        ]
    );
    assert_eq!(rules.rules[2].param("min_ratio"), 2.5);
}

#[test]
fn errors_name_line_column_and_what_is_wrong() {
    let cases: &[(&str, &str)] = &[
        (
            "[[rule]]\nkind = \"supplier\"\n",
            "line 2, column 8: unknown rule kind \"supplier\": one of eol_transition, internal_transfer, supplier_delay, campaign, demand_spike, forecast_error",
        ),
        (
            "[[rule]]\nkind = \"supplier_delay\"\nmin_days_late = -3\n",
            "line 3, column 17: `min_days_late`: -3 is out of range 0 to 3650",
        ),
        (
            "[[rule]]\nkind = \"supplier_delay\"\nmin_days_late = 2.5\n",
            "line 3, column 17: `min_days_late`: expected a whole number, found 2.5",
        ),
        (
            "[[rule]]\nkind = \"demand_spike\"\nmin_ratio = \"high\"\n",
            "line 3, column 13: `min_ratio`: expected a number, found string",
        ),
        (
            "[[rule]]\nkind = \"demand_spike\"\n  min_ratio = 0.5\n",
            "line 3, column 15: `min_ratio`: 0.5 is out of range 1 to 1000",
        ),
        (
            "[[rule]]\nkind = \"campaign\"\nwindow_days = 10\n",
            "line 3, column 1: a campaign rule has no threshold `window_days` (its thresholds: days_before_start, days_after_end)",
        ),
        (
            "[[rule]]\nkind = \"eol_transition\"\n\n[[rule]]\nkind = \"eol_transition\"\n",
            "line 5, column 8: duplicate rule `eol_transition`: give one of them a distinct `name`",
        ),
        (
            "[[rule]]\nname = \"x\"\n",
            "line 1, column 1: a [[rule]] without `kind`: one of eol_transition, internal_transfer, supplier_delay, campaign, demand_spike, forecast_error",
        ),
        (
            "[[rule]]\nkind = \"campaign\"\n[[rule]]\nkind = \"campaign\"\nname = \"campaign\"\n",
            "line 5, column 8: duplicate rule `campaign`: give one of them a distinct `name`",
        ),
        (
            "[[rule]]\nkind = \"campaign\"\n\n[[rule]]\nname = \"x\"\n",
            "line 4, column 1: a [[rule]] without `kind`: one of eol_transition, internal_transfer, supplier_delay, campaign, demand_spike, forecast_error",
        ),
        ("", "line 1, column 1: no [[rule]] tables: every line would be `unknown`"),
    ];
    for (text, want) in cases {
        let got = RuleSet::parse(text).unwrap_err().to_string();
        assert_eq!(got, *want, "for {text:?}");
    }
}

#[test]
fn toml_syntax_errors_and_stray_keys_have_a_place_too() {
    let e = RuleSet::parse("[[rule]]\nkind = \"campaign\n").unwrap_err();
    assert_eq!((e.line, e.column > 0), (2, true), "{e}");
    let e = RuleSet::parse("rules = 1\n").unwrap_err();
    assert_eq!(e.line, 1, "{e}");
    assert!(e.message.contains("rules"), "{e}");
}
