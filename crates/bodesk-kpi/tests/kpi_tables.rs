//! KPI tables with hand-computed expectations. Every table is as of
//! T = 2024-06-30, so W = [2023-07-01, 2024-06-30). Dates without a year are
//! in 2024. The comments derive each expected figure from `kpis.md`.

mod common;

use bodesk_kpi::{
    compute, drill_down, line_figures, supplier_scorecard, Criticality, Dim, LineStatus, Network,
    Prepared, RootCause,
};
use common::*;
use expect_test::{expect, Expect};

fn check_totals(net: &Network, expect: Expect) {
    expect.assert_eq(&render_totals(&compute(net, &cfg())));
}

fn check_groups(net: &Network, dim: Dim, expect: Expect) {
    expect.assert_eq(&render_groups(&drill_down(net, &cfg(), dim)));
}

/// One customer with overlapping, touching and nested lines; one with
/// disjoint lines.
fn overlapping_network() -> Network {
    let mut net = Network::default();
    part(&mut net, "P1", 10.0, Criticality::A);
    location(&mut net, "L1", "EU");
    customer(&mut net, "C1", "gold");
    customer(&mut net, "C2", "silver");
    customer(&mut net, "C3", "gold");
    net.lines = vec![
        ln("o1", "C1", "P1", "2024-06-01").closed("2024-06-11"), // [06-01, 06-11) 10 days
        ln("o2", "C1", "P1", "2024-06-05").closed("2024-06-15"), // [06-05, 06-15) 10 days
        ln("o3", "C1", "P1", "2024-06-20").qty(2.0),             // open, age 10, [06-20, T) 10 days
        ln("o4", "C1", "P1", "2024-06-15").closed("2024-06-20"), // [06-15, 06-20) 5 days, touches both sides
        ln("o5", "C2", "P1", "2024-06-10").qty(3.0),             // open, age 20, [06-10, T) 20 days
        ln("o6", "C3", "P1", "2024-06-01").closed("2024-06-05"), // [06-01, 06-05) 4 days
        ln("o7", "C3", "P1", "2024-06-10").closed("2024-06-12"), // [06-10, 06-12) 2 days, gap before
    ];
    net
}

#[test]
fn overlapping_lines_of_one_customer() {
    let net = overlapping_network();
    // open: o3 (qty 2, age 10) and o5 (qty 3, age 20): 2 lines, qty 5,
    //   value 5 * 10 = 50, mean age 15, max 20.
    // backorder_days: 10 + 10 + 10 + 5 + 20 + 4 + 2 = 61, one part: 61 per part.
    // customer impact: C1 [06-01, 06-15) u [06-15, 06-20) u [06-20, T) = [06-01, T) = 29;
    //   C2 20; C3 4 + 2 = 6 (gap 06-05..06-10). 29 + 20 + 6 = 55.
    // no SLA rows: no breach.
    check_totals(
        &net,
        expect![[r#"
                                     total
            open_lines                   2
            open_qty                     5
            open_value                  50
            mean_age_days               15
            max_age_days                20
            backorder_days              61
            parts_affected               1
            backorder_days_per_part     61
            customer_impact_days        55
            sla_breaches                 0
            penalty_exposure             0
            lines_over_30_days           0
            fill_rate                 None
            supplier_on_time_pct      None
        "#]],
    );
    // C1: o1..o4: bd 10 + 10 + 10 + 5 = 35, impact 29, open o3.
    // C2: o5. C3: bd 6, impact 6, nothing open.
    check_groups(
        &net,
        Dim::Customer,
        expect![[r#"
                                     C1  C2  C3
            open_lines                1   1   0
            open_qty                  2   3   0
            open_value               20  30   0
            mean_age_days            10  20   0
            max_age_days             10  20   0
            backorder_days           35  20   6
            parts_affected            1   1   1
            backorder_days_per_part  35  20   6
            customer_impact_days     29  20   6
            sla_breaches              0   0   0
            penalty_exposure          0   0   0
            lines_over_30_days        0   0   0
        "#]],
    );
    // gold = C1 + C3: bd 35 + 6 = 41, impact per customer 29 + 6 = 35.
    check_groups(
        &net,
        Dim::Tier,
        expect![[r#"
                                     gold  silver
            open_lines                  1       1
            open_qty                    2       3
            open_value                 20      30
            mean_age_days              10      20
            max_age_days               10      20
            backorder_days             41      20
            parts_affected              1       1
            backorder_days_per_part    41      20
            customer_impact_days       35      20
            sla_breaches                0       0
            penalty_exposure            0       0
            lines_over_30_days          0       0
        "#]],
    );
}

#[test]
fn lines_crossing_the_window_start() {
    let mut net = Network::default();
    part(&mut net, "P1", 1.0, Criticality::A);
    part(&mut net, "P2", 1.0, Criticality::B);
    part(&mut net, "P3", 1.0, Criticality::C);
    customer(&mut net, "C1", "gold");
    net.lines = vec![
        // open since before W: age = 2023-06-21..2024-06-21 (366, leap year)
        // + 9 = 375; in W the whole year, 365 days.
        ln("o1", "C1", "P1", "2023-06-21"),
        // [2023-05-01, 2023-07-11) clipped to W: [2023-07-01, 2023-07-11) = 10.
        ln("o2", "C1", "P2", "2023-05-01").closed("2023-07-11"),
        // entirely before W: 0 days; contributes nothing, P3 has no group.
        ln("o3", "C1", "P3", "2023-01-01").closed("2023-06-01"),
        // ends exactly where W starts: [2023-06-30, 2023-07-01) has no day in W.
        ln("o4", "C1", "P3", "2023-06-30").closed("2023-07-01"),
    ];
    // bd 365 + 10 = 375 over P1 and P2: 187.5 per part. impact: o2 lies
    // inside o1's year, 365. o1 is over 30 days.
    check_totals(
        &net,
        expect![[r#"
                                     total
            open_lines                   1
            open_qty                     1
            open_value                   1
            mean_age_days              375
            max_age_days               375
            backorder_days             375
            parts_affected               2
            backorder_days_per_part  187.5
            customer_impact_days       365
            sla_breaches                 0
            penalty_exposure             0
            lines_over_30_days           1
            fill_rate                 None
            supplier_on_time_pct      None
        "#]],
    );
    check_groups(
        &net,
        Dim::Part,
        expect![[r#"
                                      P1  P2
            open_lines                 1   0
            open_qty                   1   0
            open_value                 1   0
            mean_age_days            375   0
            max_age_days             375   0
            backorder_days           365  10
            parts_affected             1   1
            backorder_days_per_part  365  10
            customer_impact_days     365  10
            sla_breaches               0   0
            penalty_exposure           0   0
            lines_over_30_days         1   0
        "#]],
    );
}

#[test]
fn lines_created_after_and_on_the_as_of_date() {
    let mut net = Network::default();
    part(&mut net, "P1", 2.0, Criticality::A);
    customer(&mut net, "C1", "gold");
    customer(&mut net, "C2", "bronze");
    // max 0 days: a line of age 0 does not exceed it.
    sla(&mut net, "gold", Criticality::A, 0.0, Some(5.0));
    net.lines = vec![
        ln("o1", "C1", "P1", "2024-07-05").qty(4.0), // after T: does not exist yet
        ln("o2", "C1", "P1", "2024-06-30"),          // on T: open, age 0, no day in W
        ln("o3", "C2", "P1", "2024-07-01").closed("2024-07-03"), // after T: nothing, no C2 group
    ];
    // open o2 only: qty 1, value 2, age 0. No backorder day, so no part
    // affected and 0 days per part (not a division by zero).
    check_totals(
        &net,
        expect![[r#"
                                     total
            open_lines                   1
            open_qty                     1
            open_value                   2
            mean_age_days                0
            max_age_days                 0
            backorder_days               0
            parts_affected               0
            backorder_days_per_part      0
            customer_impact_days         0
            sla_breaches                 0
            penalty_exposure             0
            lines_over_30_days           0
            fill_rate                 None
            supplier_on_time_pct      None
        "#]],
    );
    check_groups(
        &net,
        Dim::Customer,
        expect![[r#"
                                     C1
            open_lines                1
            open_qty                  1
            open_value                2
            mean_age_days             0
            max_age_days              0
            backorder_days            0
            parts_affected            0
            backorder_days_per_part   0
            customer_impact_days      0
            sla_breaches              0
            penalty_exposure          0
            lines_over_30_days        0
        "#]],
    );
}

#[test]
fn zero_parts_affected_on_an_empty_network() {
    check_totals(
        &Network::default(),
        expect![[r#"
                                     total
            open_lines                   0
            open_qty                     0
            open_value                   0
            mean_age_days                0
            max_age_days                 0
            backorder_days               0
            parts_affected               0
            backorder_days_per_part      0
            customer_impact_days         0
            sla_breaches                 0
            penalty_exposure             0
            lines_over_30_days           0
            fill_rate                 None
            supplier_on_time_pct      None
        "#]],
    );
    assert_eq!(drill_down(&Network::default(), &cfg(), Dim::Region), vec![]);
}

fn ended_lines_network() -> Network {
    let mut net = Network::default();
    part(&mut net, "P1", 1.0, Criticality::A);
    for c in ["C1", "C2", "C3", "C4"] {
        customer(&mut net, c, "gold");
    }
    net.lines = vec![
        ln("o1", "C1", "P1", "2024-06-20").closed("2024-06-30"), // closed on T: [06-20, T) 10 days
        ln("o2", "C1", "P1", "2024-06-25").closed("2024-07-10"), // closed after T: [06-25, T) 5 days, not open
        ln("o3", "C2", "P1", "2024-06-01").cancelled("2024-06-11"), // cancelled: 10 days
        ln("o4", "C2", "P1", "2024-05-01").status(LineStatus::Cancelled), // no closed date: 0 days
        ln("o5", "C3", "P1", "2024-01-01").status(LineStatus::Closed), // no closed date: 0 days, no C3 group
        ln("o6", "C4", "P1", "2024-06-28").qty(0.0), // status open, qty 0: not open, [06-28, T) 2 days
    ];
    net
}

#[test]
fn closed_cancelled_and_undated_lines() {
    let net = ended_lines_network();
    // Nothing open. bd 10 + 5 + 10 + 2 = 27 on P1. impact: C1 [06-20, T) = 10
    // (o2 inside), C2 10, C4 2: 22.
    check_totals(
        &net,
        expect![[r#"
                                     total
            open_lines                   0
            open_qty                     0
            open_value                   0
            mean_age_days                0
            max_age_days                 0
            backorder_days              27
            parts_affected               1
            backorder_days_per_part     27
            customer_impact_days        22
            sla_breaches                 0
            penalty_exposure             0
            lines_over_30_days           0
            fill_rate                 None
            supplier_on_time_pct      None
        "#]],
    );
    check_groups(
        &net,
        Dim::Customer,
        expect![[r#"
                                     C1  C2  C4
            open_lines                0   0   0
            open_qty                  0   0   0
            open_value                0   0   0
            mean_age_days             0   0   0
            max_age_days              0   0   0
            backorder_days           15  10   2
            parts_affected            1   1   1
            backorder_days_per_part  15  10   2
            customer_impact_days     10  10   2
            sla_breaches              0   0   0
            penalty_exposure          0   0   0
            lines_over_30_days        0   0   0
        "#]],
    );
}

#[test]
fn line_figures_follow_the_same_rules() {
    let net = ended_lines_network();
    let rendered: String = net
        .lines
        .iter()
        .map(|l| {
            let f = line_figures(&net, &cfg(), l);
            format!(
                "{} open={} age={:?} days={}\n",
                l.order_id, f.open, f.age_days, f.backorder_days
            )
        })
        .collect();
    expect![[r#"
        o1 open=false age=None days=10
        o2 open=false age=None days=5
        o3 open=false age=None days=10
        o4 open=false age=None days=0
        o5 open=false age=None days=0
        o6 open=false age=None days=2
    "#]]
    .assert_eq(&rendered);
}

fn sla_network() -> Network {
    let mut net = Network::default();
    part(&mut net, "PA", 100.0, Criticality::A);
    part(&mut net, "PB", 10.0, Criticality::B);
    part(&mut net, "PC", 1.0, Criticality::C);
    customer(&mut net, "G", "gold");
    customer(&mut net, "S", "silver");
    sla(&mut net, "gold", Criticality::A, 5.0, Some(100.0));
    sla(&mut net, "gold", Criticality::B, 10.0, None);
    sla(&mut net, "gold", Criticality::C, 7.5, Some(10.0));
    sla(&mut net, "silver", Criticality::B, 3.0, Some(1.0));
    // no (silver, A) row
    net.lines = vec![
        ln("g1", "G", "PA", "2024-06-18"), // age 12 > 5: breach, (12 - 5) * 100 = 700
        ln("g2", "G", "PA", "2024-06-25"), // age 5, not > 5: no breach
        ln("g3", "G", "PB", "2024-06-10"), // age 20 > 10: breach, no penalty: 0
        ln("g4", "G", "PC", "2024-06-20"), // age 10 > 7.5: breach, 2.5 * 10 = 25
        ln("s1", "S", "PA", "2024-05-01"), // age 31 + 29 = 60: no (silver, A) row, no breach; over 30
        ln("s2", "S", "PB", "2024-06-26"), // age 4 > 3: breach, 1 * 1 = 1
        ln("x1", "X", "PA", "2024-06-01"), // unknown customer: no tier, no breach; age 29
        ln("g5", "G", "PZ", "2024-06-01"), // unknown part: no criticality, no breach, value 0; age 29
    ];
    net
}

#[test]
fn sla_breaches_and_a_pair_without_sla_row() {
    let net = sla_network();
    // 8 open lines, qty 1 each. value 100+100+10+1+100+10+100+0 = 421.
    // ages 12+5+20+10+60+4+29+29 = 169: mean 21.125, max 60; every line
    // created in W and open, so bd = 169 too, over PA, PB, PC, PZ: 42.25.
    // impact: G [06-01, T) 29 (g5 covers the others), S [05-01, T) 60, X 29: 118.
    // breaches g1, g3, g4, s2: 4, penalty 700 + 0 + 25 + 1 = 726.
    check_totals(
        &net,
        expect![[r#"
                                      total
            open_lines                    8
            open_qty                      8
            open_value                  421
            mean_age_days            21.125
            max_age_days                 60
            backorder_days              169
            parts_affected                4
            backorder_days_per_part   42.25
            customer_impact_days        118
            sla_breaches                  4
            penalty_exposure            726
            lines_over_30_days            1
            fill_rate                  None
            supplier_on_time_pct       None
        "#]],
    );
    // (none) = X: x1. gold = g1..g5: value 211, ages 12+5+20+10+29 = 76,
    // mean 15.2, parts PA PB PC PZ: 19 per part, breaches g1 g3 g4 = 725.
    // silver = s1, s2: value 110, ages 64, mean 32, parts PA PB: 32.
    check_groups(
        &net,
        Dim::Tier,
        expect![[r#"
                                     (none)  gold  silver
            open_lines                    1     5       2
            open_qty                      1     5       2
            open_value                  100   211     110
            mean_age_days                29  15.2      32
            max_age_days                 29    29      60
            backorder_days               29    76      64
            parts_affected                1     4       2
            backorder_days_per_part      29    19      32
            customer_impact_days         29    29      60
            sla_breaches                  0     3       1
            penalty_exposure              0   725       1
            lines_over_30_days            0     0       1
        "#]],
    );
    // (none) = g5 (unknown part). A = g1 g2 s1 x1: ages 12+5+60+29 = 106,
    // mean 26.5, impact G [06-18, T) 12 + S 60 + X 29 = 101.
    // B = g3 s2: value 20, ages 24, impact G 20 + S 4. C = g4.
    check_groups(
        &net,
        Dim::Criticality,
        expect![[r#"
                                     (none)     A   B   C
            open_lines                    1     4   2   1
            open_qty                      1     4   2   1
            open_value                    0   400  20   1
            mean_age_days                29  26.5  12  10
            max_age_days                 29    60  20  10
            backorder_days               29   106  24  10
            parts_affected                1     1   1   1
            backorder_days_per_part      29   106  24  10
            customer_impact_days         29   101  24  10
            sla_breaches                  0     1   2   1
            penalty_exposure              0   700   1  25
            lines_over_30_days            0     1   0   0
        "#]],
    );
    let breaches: String = net
        .lines
        .iter()
        .map(|l| {
            let f = line_figures(&net, &cfg(), l);
            format!(
                "{} age={:?} breach={} penalty={}\n",
                l.order_id, f.age_days, f.sla_breach, f.penalty_exposure
            )
        })
        .collect();
    expect![[r#"
        g1 age=Some(12) breach=true penalty=700
        g2 age=Some(5) breach=false penalty=0
        g3 age=Some(20) breach=true penalty=0
        g4 age=Some(10) breach=true penalty=25
        s1 age=Some(60) breach=false penalty=0
        s2 age=Some(4) breach=true penalty=1
        x1 age=Some(29) breach=false penalty=0
        g5 age=Some(29) breach=false penalty=0
    "#]]
    .assert_eq(&breaches);
}

#[test]
fn missing_lookups_group_under_none() {
    let mut net = Network::default();
    location(&mut net, "L1", "EU");
    location(&mut net, "L2", "US");
    part_full(&mut net, "P1", 5.0, Criticality::A, Some("pumps"), None);
    part_full(&mut net, "P2", 3.0, Criticality::B, None, None);
    customer(&mut net, "C1", "gold");
    net.lines = vec![
        ln("o1", "C1", "P1", "2024-06-20").qty(2.0).at("L1"), // value 10, age 10
        ln("o2", "C1", "P2", "2024-06-10").at("L2"),          // value 3, age 20
        ln("o3", "C1", "PX", "2024-06-25").qty(4.0).at("LX"), // unknown part and location: value 0, age 5
    ];
    check_groups(
        &net,
        Dim::Region,
        expect![[r#"
                                     (none)  EU  US
            open_lines                    1   1   1
            open_qty                      4   2   1
            open_value                    0  10   3
            mean_age_days                 5  10  20
            max_age_days                  5  10  20
            backorder_days                5  10  20
            parts_affected                1   1   1
            backorder_days_per_part       5  10  20
            customer_impact_days          5  10  20
            sla_breaches                  0   0   0
            penalty_exposure              0   0   0
            lines_over_30_days            0   0   0
        "#]],
    );
    // (none) = o2 + o3: qty 5, value 3, mean 12.5, bd 25 over P2 and PX,
    // impact [06-10, T) u [06-25, T) = 20.
    check_groups(
        &net,
        Dim::ProductLine,
        expect![[r#"
                                     (none)  pumps
            open_lines                    2      1
            open_qty                      5      2
            open_value                    3     10
            mean_age_days              12.5     10
            max_age_days                 20     10
            backorder_days               25     10
            parts_affected                2      1
            backorder_days_per_part    12.5     10
            customer_impact_days         20     10
            sla_breaches                  0      0
            penalty_exposure              0      0
            lines_over_30_days            0      0
        "#]],
    );
    let keys: Vec<String> = drill_down(&net, &cfg(), Dim::Location)
        .into_iter()
        .map(|g| g.key)
        .collect();
    assert_eq!(keys, ["L1", "L2", "LX"]);
}

#[test]
fn fill_rate_with_missing_qty_filled() {
    let mut net = Network::default();
    let row = |period: &str, demanded: f64, filled: Option<f64>| bodesk_kpi::DemandRow {
        period: d(period),
        part_id: "P1".to_string(),
        location_id: "L1".to_string(),
        qty_demanded: demanded,
        qty_filled: filled,
    };
    // The 12 whole months before June 2024: 2023-06 .. 2024-05.
    net.demand = vec![
        row("2024-05-01", 10.0, Some(8.0)),  // in: 8 / 10
        row("2024-01-01", 5.0, None),        // in: missing filled = fully filled, 5 / 5
        row("2023-06-01", 5.0, Some(0.0)),   // in (first month): 0 / 5
        row("2024-03-15", 20.0, Some(20.0)), // in (any day of the month): 20 / 20
        row("2023-05-01", 100.0, Some(0.0)), // out: 13 months back
        row("2024-06-01", 100.0, Some(0.0)), // out: the month of T
    ];
    // (8 + 5 + 0 + 20) / (10 + 5 + 5 + 20) = 33 / 40 = 0.825
    assert_eq!(compute(&net, &cfg()).fill_rate, Some(0.825));
    net.demand.retain(|r| r.qty_demanded == 100.0);
    assert_eq!(
        compute(&net, &cfg()).fill_rate,
        None,
        "no row in the 12 months"
    );
}

fn supplier_network() -> Network {
    let mut net = Network::default();
    part_full(&mut net, "P1", 1.0, Criticality::A, None, Some("S1"));
    part_full(&mut net, "P2", 1.0, Criticality::A, None, Some("S2"));
    part_full(&mut net, "P3", 1.0, Criticality::A, None, None);
    customer(&mut net, "C1", "gold");
    net.lines = vec![
        ln("o1", "C1", "P1", "2024-06-20"), // open, age 10, supplier_delay -> S1 caused 1
        ln("o2", "C1", "P1", "2024-06-01").closed("2024-06-05"), // closed, supplier_delay: not counted; 4 days
        ln("o3", "C1", "P3", "2024-06-25"), // open, supplier_delay, P3 has no supplier
        ln("o4", "C1", "P2", "2024-06-28"), // open, demand_spike
        ln("o5", "C1", "P2", "2024-06-29"), // open, no root cause: unknown
    ];
    root_cause(&mut net, "o1", RootCause::SupplierDelay);
    root_cause(&mut net, "o2", RootCause::SupplierDelay);
    root_cause(&mut net, "o3", RootCause::SupplierDelay);
    root_cause(&mut net, "o4", RootCause::DemandSpike);
    use LineStatus::*;
    net.po_lines = vec![
        po("S1", "2024-06-15", Some("2024-06-10"), Closed), // in W, on time, delay 0
        po("S1", "2024-06-16", Some("2024-06-21"), Closed), // in W, late, delay 5
        po("S1", "2024-06-01", Some("2024-06-30"), Closed), // received on T: outside W
        po("S1", "2023-06-20", Some("2023-06-30"), Closed), // received before W
        po("S1", "2024-06-30", None, Open),                 // committed on T: not past due
        po("S2", "2024-01-10", Some("2024-01-10"), Closed), // received on the committed day: on time
        po("S2", "2024-06-29", None, Open),                 // past due
        po("S3", "2024-05-01", None, Cancelled),            // cancelled: not past due
    ];
    net
}

#[test]
fn supplier_on_time_with_a_line_received_outside_the_window() {
    let net = supplier_network();
    // Received in W: S1 two (one on time), S2 one (on time): 2 / 3 = 66.67%.
    let totals = compute(&net, &cfg());
    assert_eq!(totals.supplier_on_time_pct, Some(200.0 / 3.0));
    // S1: 1 of 2 on time, delays 0 and 5: 2.5; o1 caused.
    // S2: 1 of 1, delay 0, one past due. S3: nothing received.
    let rendered: String = supplier_scorecard(&net, &cfg())
        .iter()
        .map(|s| {
            format!(
                "{} received={} on_time={:?} delay={:?} past_due={} caused={}\n",
                s.supplier_id,
                s.received_lines,
                s.on_time_pct,
                s.avg_delay_days,
                s.past_due_lines,
                s.backorders_caused
            )
        })
        .collect();
    expect![[r#"
        S1 received=2 on_time=Some(50.0) delay=Some(2.5) past_due=0 caused=1
        S2 received=1 on_time=Some(100.0) delay=Some(0.0) past_due=1 caused=0
        S3 received=0 on_time=None delay=None past_due=0 caused=0
    "#]]
    .assert_eq(&rendered);
    assert_eq!(
        Prepared::new(&net, &cfg()).supplier_scorecard(),
        supplier_scorecard(&net, &cfg()).as_slice()
    );
}

#[test]
fn drill_down_by_root_cause_and_primary_supplier() {
    let net = supplier_network();
    // demand_spike o4: age 2. supplier_delay o1 o2 o3: open o1 (10) o3 (5),
    // bd 10 + 4 + 5 = 19 over P1 and P3, impact [06-01, 06-05) u [06-20, T) = 14.
    // unknown o5: age 1.
    check_groups(
        &net,
        Dim::RootCause,
        expect![[r#"
                                     demand_spike  supplier_delay  unknown
            open_lines                          1               2        1
            open_qty                            1               2        1
            open_value                          1               2        1
            mean_age_days                       2             7.5        1
            max_age_days                        2              10        1
            backorder_days                      2              19        1
            parts_affected                      1               2        1
            backorder_days_per_part             2             9.5        1
            customer_impact_days                2              14        1
            sla_breaches                        0               0        0
            penalty_exposure                    0               0        0
            lines_over_30_days                  0               0        0
        "#]],
    );
    // (none) = P3: o3. S1 = P1: o1 o2, bd 14. S2 = P2: o4 o5, ages 2 and 1,
    // impact [06-28, T) u [06-29, T) = 2.
    check_groups(
        &net,
        Dim::Supplier,
        expect![[r#"
                                     (none)  S1   S2
            open_lines                    1   1    2
            open_qty                      1   1    2
            open_value                    1   1    2
            mean_age_days                 5  10  1.5
            max_age_days                  5  10    2
            backorder_days                5  14    3
            parts_affected                1   1    1
            backorder_days_per_part       5  14    3
            customer_impact_days          5  14    2
            sla_breaches                  0   0    0
            penalty_exposure              0   0    0
            lines_over_30_days            0   0    0
        "#]],
    );
}

#[test]
fn json_field_names_are_those_of_kpis_md() {
    let net = overlapping_network();
    let totals = compute(&net, &cfg());
    expect![[r#"{"open_lines":2,"open_qty":5.0,"open_value":50.0,"mean_age_days":15.0,"max_age_days":20,"backorder_days":61,"parts_affected":1,"backorder_days_per_part":61.0,"customer_impact_days":55,"sla_breaches":0,"penalty_exposure":0.0,"lines_over_30_days":0,"fill_rate":null,"supplier_on_time_pct":null}"#]]
        .assert_eq(&serde_json::to_string(&totals).unwrap());
    let groups = drill_down(&net, &cfg(), Dim::Tier);
    expect![[r#"{"key":"silver","open_lines":1,"open_qty":3.0,"open_value":30.0,"mean_age_days":20.0,"max_age_days":20,"backorder_days":20,"parts_affected":1,"backorder_days_per_part":20.0,"customer_impact_days":20,"sla_breaches":0,"penalty_exposure":0.0,"lines_over_30_days":0}"#]]
        .assert_eq(&serde_json::to_string(&groups[1]).unwrap());
    let back: bodesk_kpi::Totals =
        serde_json::from_str(&serde_json::to_string(&totals).unwrap()).unwrap();
    assert_eq!(back, totals);
}

#[test]
fn dimension_names() {
    let names: Vec<String> = Dim::ALL
        .iter()
        .map(|d| {
            assert_eq!(d.name().parse::<Dim>(), Ok(*d));
            d.name().to_string()
        })
        .collect();
    expect![[r#"["region", "location", "part", "product_line", "criticality", "tier", "customer", "supplier", "root_cause"]"#]]
        .assert_eq(&format!("{names:?}"));
    assert_eq!("primary_supplier".parse::<Dim>(), Ok(Dim::Supplier));
    assert_eq!("customer_tier".parse::<Dim>(), Ok(Dim::Tier));
    expect![[r#"unknown drill-down dimension `country`"#]]
        .assert_eq(&"country".parse::<Dim>().unwrap_err().to_string());
    assert_eq!(
        "supplier_delay".parse::<RootCause>(),
        Ok(RootCause::SupplierDelay)
    );
    assert_eq!(
        serde_json::to_string(&RootCause::EolTransition).unwrap(),
        r#""eol_transition""#
    );
}
