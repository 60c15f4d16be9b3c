use super::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const AS_OF: &str = "2026-11-29";

fn cfg() -> Config {
    Config::new(date(AS_OF))
}

/// A part with a lead time of one month (protection period: 1 month lead
/// time + 1 month review = 2 months) and a demand of 1 per month.
fn item(history: &[f64]) -> Item {
    Item {
        part_id: "P1".into(),
        location_id: "W1".into(),
        supplier_id: Some("S1".into()),
        criticality: "B".into(),
        unit_cost: 10.0,
        lead_time_days: DAYS_PER_MONTH,
        history: history.to_vec(),
        forecast_per_month: Some(1.0),
        ..Item::default()
    }
}

/// Mean 1, variance 0.833 (dispersion within 1 ± 0.25): Poisson.
const POISSON_LIKE: [f64; 12] = [0., 1., 2., 1., 0., 3., 1., 0., 1., 2., 0., 1.];
/// Mean 1, variance 3 (dispersion 3): negative binomial.
const OVERDISPERSED: [f64; 12] = [0., 0., 6., 0., 0., 2., 0., 0., 2., 0., 2., 0.];

#[test]
fn reorder_point_and_safety_stock_by_distribution() {
    // (history, distribution, lead-time demand mean, reorder point, safety stock)
    // Poisson(2), cycle demand 1 at 95 %: shortage ≤ 0.05; loss(4) = 0.0751,
    // loss(5) = 0.0224 → s = 5, SS = 5 − 2 = 3.
    // NB mean 2, variance 2 · 3 = 6 (geometric, loss(s) = 2 (2/3)^s):
    // loss(9) = 0.052, loss(10) = 0.0347 → s = 10, SS = 8.
    let table: [(&[f64], &str, f64, f64, f64); 2] = [
        (&POISSON_LIKE, "poisson", 2.0, 5.0, 3.0),
        (&OVERDISPERSED, "negative_binomial", 2.0, 10.0, 8.0),
    ];
    for (history, dist, mean, rop, ss) in table {
        let s = &suggest(&item(history), &cfg())[0];
        assert_eq!(s.distribution, dist);
        assert!((s.lead_time_demand_mean - mean).abs() < 1e-12);
        assert_eq!(s.reorder_point, rop, "{dist}");
        assert!((s.safety_stock - ss).abs() < 1e-12, "{dist}");
        // Nothing on hand or on order: order up to max = ROP + one month's demand.
        assert_eq!(s.max, rop + 1.0);
        assert_eq!(s.qty, rop + 1.0);
        assert_eq!(s.kind, Kind::Reorder);
        assert_eq!(s.phase, Phase::Normal);
        assert_eq!(s.delivery_date, date("2026-12-30"));
    }
}

#[test]
fn fill_rate_follows_the_criticality() {
    let mut c = cfg();
    c.fill_rate = FillRates {
        a: 0.98,
        b: 0.95,
        c: 0.90,
    };
    // Poisson(2), cycle 1: A allows 0.02 → s = 5 (0.0224 > 0.02) → 6;
    // B 0.05 → 5; C 0.1 → 4 (0.0751).
    for (criticality, rop) in [("A", 6.0), ("B", 5.0), ("C", 4.0)] {
        let mut it = item(&POISSON_LIKE);
        it.criticality = criticality.into();
        let s = &suggest(&it, &c)[0];
        assert_eq!(s.reorder_point, rop, "{criticality}");
        assert_eq!(s.target_fill_rate, c.fill_rate.of(criticality));
    }
}

#[test]
fn the_forecast_comes_from_the_history_when_not_given() {
    let mut it = item(&[2.0; 12]);
    it.forecast_per_month = None;
    let s = &suggest(&it, &cfg())[0];
    assert!((s.demand_per_month - 2.0).abs() < 1e-9);
    // A constant history is underdispersed: bootstrap of 2s, exactly 4 over 2 months.
    assert_eq!(s.distribution, "bootstrap");
    assert_eq!(s.reorder_point, 4.0);
}

#[test]
fn bootstrap_is_deterministic_and_chosen_for_short_histories() {
    let it = item(&[0.0, 3.0, 0.0, 1.0]);
    let a = suggest(&it, &cfg());
    let b = suggest(&it, &cfg());
    assert_eq!(a, b);
    assert_eq!(a[0].distribution, "bootstrap");
    // The samples are scaled to the forecast's mean.
    assert!((a[0].lead_time_demand_mean - 2.0).abs() < 1e-9);
    // Another seed, other samples (same mean, different tail here).
    let mut other = cfg();
    other.seed = 7;
    let shortages = |c: &Config| {
        let d = choose_distribution(&it.history, 1.0, 2.0, c, c.seed);
        (0..8).map(|s| d.expected_shortage(s)).collect::<Vec<_>>()
    };
    assert_eq!(shortages(&cfg()), shortages(&cfg()));
    assert_ne!(shortages(&cfg()), shortages(&other));
    // Forced for a long history too.
    let mut forced = cfg();
    forced.distribution = DistributionChoice::Bootstrap;
    assert_eq!(
        suggest(&item(&POISSON_LIKE), &forced)[0].distribution,
        "bootstrap"
    );
}

#[test]
fn no_demand_means_no_stock_and_no_order() {
    let mut it = item(&[0.0; 12]);
    it.forecast_per_month = None;
    let s = &suggest(&it, &cfg())[0];
    assert_eq!((s.reorder_point, s.max, s.qty), (0.0, 0.0, 0.0));
    assert_eq!(s.reason, "no demand forecast: nothing to stock");
}

#[test]
fn inventory_position_counts_usable_stock_inbound_and_backorders() {
    let mut it = item(&POISSON_LIKE);
    it.on_hand = 10.0;
    it.quality_inspection = 2.0;
    it.blocked = 1.0;
    it.inbound = vec![
        Inbound {
            qty: 4.0,
            due: date("2026-12-10"),
            purchase_order: true,
            label: "PO 1/10".into(),
        },
        Inbound {
            qty: 1.0,
            due: date("2026-12-01"),
            purchase_order: false,
            label: "transfer T1".into(),
        },
    ];
    it.open_lines = vec![OpenLine {
        qty: 9.0,
        created: date("2026-11-20"),
        sla_limit_days: Some(60.0),
    }];
    let s = &suggest(&it, &cfg())[0];
    // 7 usable + 5 on order − 9 backorders = 3 ≤ ROP 5.
    assert_eq!((s.on_hand, s.on_order, s.backorders), (7.0, 5.0, 9.0));
    assert_eq!(s.inventory_position, 3.0);
    // Open backorders: recovery, max = 5 + ⌈0.5 · 1⌉ = 6 → order 3.
    assert_eq!(s.phase, Phase::Recovery);
    assert_eq!((s.max, s.qty), (6.0, 3.0));
    assert_eq!(
        s.reason,
        "inventory position 3 (usable 7 + on order 5 − backorders 9) is at or below the reorder point 5: \
         order up to the max 6; demand 1/month, poisson lead-time demand mean 2 over 2 months, fill rate 95%; \
         recovery: supply unstable (open backorders or late PO lines), max capped at 50% of the cycle stock"
    );
}

#[test]
fn buffer_uplift_for_recurring_backorders_and_its_decay() {
    // (creation dates of backorder lines, uplift) with 3 of 6 months → +25 %, decaying over 6 months.
    let table: [(&[&str], f64); 6] = [
        (&[], 0.0),
        (&["2026-11-02", "2026-10-15", "2026-09-01"], 0.25),
        // Two lines in one month are one episode.
        (&["2026-11-02", "2026-11-20", "2026-09-01"], 0.0),
        (&["2026-08-31", "2026-07-01", "2026-06-30"], 0.25),
        // 6, 7 and 8 months ago: the condition last held 3 months ago → 0.25 · (1 − 3/6).
        (&["2026-05-10", "2026-04-10", "2026-03-10"], 0.125),
        // 12 months ago and more: gone.
        (&["2025-11-10", "2025-10-10", "2025-09-10"], 0.0),
    ];
    for (dates, want) in table {
        let created: Vec<NaiveDate> = dates.iter().map(|d| date(d)).collect();
        assert!(
            (buffer_uplift(&created, &cfg()) - want).abs() < 1e-12,
            "{dates:?}"
        );
    }
    // On: SS 3 · 1.25 = 3.75 → ROP ⌈2 + 3.75⌉ = 6, SS 4; off: ROP 5.
    let mut it = item(&POISSON_LIKE);
    it.backorder_created = ["2026-11-02", "2026-10-15", "2026-09-01"]
        .iter()
        .map(|d| date(d))
        .collect();
    let on = &suggest(&it, &cfg())[0];
    assert_eq!(
        (on.buffer_uplift, on.reorder_point, on.safety_stock),
        (0.25, 6.0, 4.0)
    );
    assert!(
        on.reason
            .ends_with("; safety stock +25% for recurring backorders"),
        "{}",
        on.reason
    );
    let mut off = cfg();
    off.uplift.share = 0.0;
    let off = &suggest(&it, &off)[0];
    assert_eq!(
        (off.buffer_uplift, off.reorder_point, off.safety_stock),
        (0.0, 5.0, 3.0)
    );
}

#[test]
fn recovery_caps_the_max_and_decays_back() {
    // Demand 10/month: cycle stock 10 above the reorder point.
    let base = || {
        let mut it = item(&[
            10.0, 12.0, 8.0, 9.0, 11.0, 10.0, 7.0, 13.0, 10.0, 10.0, 9.0, 11.0,
        ]);
        it.forecast_per_month = Some(10.0);
        it
    };
    let late_po = Inbound {
        qty: 5.0,
        due: date("2026-11-20"),
        purchase_order: true,
        label: "PO 7/10".into(),
    };
    let future_po = Inbound {
        due: date("2026-12-20"),
        ..late_po.clone()
    };
    // (inbound, last unstable, phase, share of the cycle stock)
    let table = [
        (vec![], None, Phase::Normal, 1.0),
        (vec![future_po.clone()], None, Phase::Normal, 1.0),
        (vec![late_po], None, Phase::Recovery, 0.5),
        // Stable for 45 days: 0.5 + 0.5 · (45 / 30.4375) / 3.
        (
            vec![future_po.clone()],
            Some("2026-10-15"),
            Phase::Decay,
            0.5 + 0.5 * (45.0 / 30.4375) / 3.0,
        ),
        // Stable for 100 days > 3 months: normal.
        (vec![], Some("2026-08-21"), Phase::Normal, 1.0),
    ];
    for (inbound, last, phase, share) in table {
        let mut it = base();
        it.inbound = inbound;
        it.last_unstable = last.map(date);
        let (p, sh) = recovery_phase(&it, &cfg());
        assert_eq!(p, phase, "{last:?}");
        assert!((sh - share).abs() < 1e-12, "{last:?}: {sh}");
        let s = &suggest(&it, &cfg())[0];
        assert_eq!(s.phase, phase);
        assert_eq!(s.max, s.reorder_point + (share * 10.0 - 1e-9).ceil());
    }
}

#[test]
fn order_quantities_round_up_to_whole_units_and_the_moq() {
    // (shortfall, moq, order)
    let table = [
        (0.0, None, 0.0),
        (0.0, Some(10.0), 0.0),
        (3.0, None, 3.0),
        (2.2, None, 3.0),
        (3.0, Some(10.0), 10.0),
        (12.0, Some(10.0), 12.0),
    ];
    for (shortfall, moq, want) in table {
        assert_eq!(order_qty(shortfall, moq), want, "{shortfall} {moq:?}");
    }
    let mut it = item(&POISSON_LIKE);
    it.moq = Some(25.0);
    let s = &suggest(&it, &cfg())[0];
    assert_eq!(s.qty, 25.0);
    assert_eq!(s.value, 250.0);
    assert!(
        s.reason.contains("; rounded up to the MOQ 25"),
        "{}",
        s.reason
    );
}

fn extended_item() -> Item {
    let mut it = item(&POISSON_LIKE);
    it.lead_time_days = 90.0;
    it.open_lines = vec![
        // 40 days old, SLA 60: extended (≥ 30), breaches 2026-12-19.
        OpenLine {
            qty: 2.0,
            created: date("2026-10-20"),
            sla_limit_days: Some(60.0),
        },
        // 10 days old: not extended.
        OpenLine {
            qty: 1.0,
            created: date("2026-11-19"),
            sla_limit_days: Some(60.0),
        },
    ];
    it
}

#[test]
fn emergency_for_extended_backorders_the_normal_logic_would_not_cover() {
    let out = suggest(&extended_item(), &cfg());
    assert_eq!(out.len(), 2);
    let (reorder, emergency) = (&out[0], &out[1]);
    assert_eq!(emergency.kind, Kind::Emergency);
    assert_eq!(emergency.qty, 2.0);
    assert_eq!(emergency.delivery_date, date("2026-12-06"));
    assert_eq!(
        emergency.reason,
        "1 line in extended backorder (oldest 40 days, SLA limit 60 days): 2 units would not arrive before \
         their SLA dates — the supply that would cover them arrives only on 2027-02-27; a normal reorder \
         placed today arrives 2027-02-27 (lead time 90 days). Order 2 now, expedited, to arrive by 2026-12-06."
    );
    // The reorder counts the emergency as on order: lead time 90 days →
    // protection 3.957 months, so IP −3 + 2 = −1 and the max is ROP + 1.
    assert_eq!(reorder.inventory_position, -3.0);
    assert_eq!(reorder.qty, reorder.max + 1.0);
    assert!(
        reorder.reason.contains("+ emergency 2)"),
        "{}",
        reorder.reason
    );
}

#[test]
fn no_emergency_when_supply_arrives_in_time_or_lines_are_young() {
    // A PO due in 10 days covers the old line before its SLA date.
    let mut covered = extended_item();
    covered.inbound = vec![Inbound {
        qty: 2.0,
        due: date("2026-12-09"),
        purchase_order: true,
        label: "PO 9/10".into(),
    }];
    assert_eq!(suggest(&covered, &cfg()).len(), 1);
    // Only young lines.
    let mut young = extended_item();
    young.open_lines.remove(0);
    assert_eq!(suggest(&young, &cfg()).len(), 1);
    // An already breached line not covered until after the expedite days:
    // a PO due in 20 days comes later than an emergency (7 days).
    let mut breached = extended_item();
    breached.open_lines[0].created = date("2026-09-01");
    breached.inbound = vec![Inbound {
        qty: 2.0,
        due: date("2026-12-19"),
        purchase_order: true,
        label: "PO 9/10".into(),
    }];
    let out = suggest(&breached, &cfg());
    assert_eq!(out.len(), 2);
    assert!(out[1]
        .reason
        .starts_with("1 line in extended backorder (oldest 89 days"));
    assert!(out[1].reason.contains("arrives only on 2026-12-19"));
}

#[test]
fn a_spike_in_a_lumpy_history_is_capped_at_the_cover_months() {
    // Mean 1.25/month, one month of 30: the negative binomial's tail asks
    // for far more than a year of demand; the cap keeps ROP and max at 12
    // months (15 units).
    let mut history = [0.0; 24];
    history[10] = 30.0;
    let mut it = item(&history);
    it.forecast_per_month = Some(1.25);
    let s = &suggest(&it, &cfg())[0];
    assert_eq!(s.distribution, "negative_binomial");
    assert_eq!((s.reorder_point, s.max), (15.0, 15.0));
    assert!((s.safety_stock - 12.5).abs() < 1e-12);
    assert!(
        s.reason.contains("; capped at 12 months of demand (15)"),
        "{}",
        s.reason
    );
    let mut uncapped = cfg();
    uncapped.max_cover_months = 0.0;
    assert!(suggest(&it, &uncapped)[0].reorder_point > 15.0);
    // Nothing on order shows as 0, not −0.
    assert!(s.on_order.is_sign_positive() && s.backorders.is_sign_positive());
}
