//! Table tests: every method on small series, with the parameters it used and,
//! for `auto`, the class and the reason. `UPDATE_EXPECT=1` rewrites the tables.

use bodesk_forecast::{forecast, ForecastConfig, ForecastError, Method};
use expect_test::{expect, Expect};

fn check(y: &[f64], expect: Expect) {
    let mut out = String::new();
    for method in Method::ALL {
        let config = ForecastConfig {
            horizon: 2,
            ..ForecastConfig::with_method(method)
        };
        let f = forecast(y, &config).unwrap();
        let params = serde_json::to_string(&f.params).unwrap();
        let name = if method == Method::Auto {
            format!("auto→{}", f.method)
        } else {
            method.to_string()
        };
        out.push_str(&format!("{name:<16} {:.6} {params}\n", f.mean[0]));
    }
    expect.assert_eq(&out);
}

#[test]
fn intermittent() {
    check(
        &[
            0., 0., 3., 0., 0., 0., 5., 0., 1., 0., 0., 2., 0., 0., 0., 0., 4., 0.,
        ],
        expect![[r#"
            ses              0.723703 {"alpha":0.1}
            croston          0.937937 {"alpha_size":0.1,"alpha_interval":0.1}
            sba              0.891040 {"alpha_size":0.1,"alpha_interval":0.1,"factor":0.95}
            croston_opt      0.937937 {"alpha_size":0.10000000000032039,"alpha_interval":0.10000000000032039}
            tsb              0.700119 {"alpha_d":0.1,"alpha_p":0.1}
            adida            0.923623 {"alpha":0.10000000000032039,"aggregation_level":3}
            imapa            0.805613 {"max_aggregation_level":3}
            auto→ses         0.723703 {"alpha":0.1,"class":"intermittent","adi":3.4,"cv2":0.2222222222222222,"reason":"lowest mean absolute error over the last 6 of 18 periods, fitted on the 12 before: ses 1.123 (next tsb 1.187); intermittent demand (ADI 3.40, CV² 0.22)"}
        "#]],
    );
}

#[test]
fn smooth() {
    check(
        &[10., 12., 9., 11., 13., 10., 8., 12., 11., 14., 9., 10.],
        expect![[r#"
            ses              10.537551 {"alpha":0.1}
            croston          10.537551 {"alpha_size":0.1,"alpha_interval":0.1}
            sba              10.010674 {"alpha_size":0.1,"alpha_interval":0.1,"factor":0.95}
            croston_opt      10.537551 {"alpha_size":0.10000000000032039,"alpha_interval":0.2}
            tsb              10.537551 {"alpha_d":0.1,"alpha_p":0.1}
            adida            10.537551 {"alpha":0.10000000000032039,"aggregation_level":1}
            imapa            10.537551 {"max_aggregation_level":1}
            auto→adida       10.537551 {"alpha":0.10000000000032039,"aggregation_level":1,"class":"smooth","adi":1.0,"cv2":0.024698034973859744,"reason":"lowest mean absolute error over the last 4 of 12 periods, fitted on the 8 before: adida 1.500 (next imapa 1.500); smooth demand (ADI 1.00, CV² 0.02)"}
        "#]],
    );
}

#[test]
fn lumpy() {
    check(
        &[0., 1., 0., 0., 30., 0., 0., 2., 0., 0., 0., 45., 0., 1.],
        expect![[r#"
            ses              5.041793 {"alpha":0.1}
            croston          3.065727 {"alpha_size":0.1,"alpha_interval":0.1}
            sba              2.912441 {"alpha_size":0.1,"alpha_interval":0.1,"factor":0.95}
            croston_opt      3.947454 {"alpha_size":0.18135012698888636,"alpha_interval":0.29999999999967963}
            tsb              2.154609 {"alpha_d":0.1,"alpha_p":0.1}
            adida            8.877333 {"alpha":0.10000000000032039,"aggregation_level":3}
            imapa            5.956595 {"max_aggregation_level":3}
            auto→tsb         2.154609 {"alpha_d":0.1,"alpha_p":0.1,"class":"lumpy","adi":2.8,"cv2":1.348181381188912,"reason":"lowest mean absolute error over the last 4 of 14 periods, fitted on the 10 before: tsb 11.500 (next adida 11.618); lumpy demand (ADI 2.80, CV² 1.35)"}
        "#]],
    );
}

#[test]
fn all_zeros() {
    check(
        &[0.; 6],
        expect![[r#"
        ses              0.000000 {"alpha":0.1}
        croston          0.000000 {}
        sba              0.000000 {"factor":0.95}
        croston_opt      0.000000 {}
        tsb              0.000000 {"alpha_d":0.1,"alpha_p":0.1}
        adida            0.000000 {}
        imapa            0.000000 {}
        auto→adida       0.000000 {"class":"no_demand","adi":0.0,"cv2":0.0,"reason":"no demand in the history: every method forecasts 0"}
    "#]],
    );
}

#[test]
fn single_demand() {
    check(
        &[0., 0., 0., 4., 0.],
        expect![[r#"
            ses              0.360000 {"alpha":0.1}
            croston          1.000000 {"alpha_size":0.1,"alpha_interval":0.1}
            sba              0.950000 {"alpha_size":0.1,"alpha_interval":0.1,"factor":0.95}
            croston_opt      1.000000 {"alpha_size":0.2,"alpha_interval":0.2}
            tsb              0.360000 {"alpha_d":0.1,"alpha_p":0.1}
            adida            1.000000 {"aggregation_level":4}
            imapa            0.773333 {"max_aggregation_level":4}
            auto→ses         0.360000 {"alpha":0.1,"class":"intermittent","adi":4.0,"cv2":0.0,"reason":"lowest mean absolute error over the last 1 of 5 periods, fitted on the 4 before: ses 0.400 (next tsb 0.400); intermittent demand (ADI 4.00, CV² 0.00)"}
        "#]],
    );
}

#[test]
fn single_period() {
    check(
        &[3.],
        expect![[r#"
            ses              3.000000 {"alpha":0.1}
            croston          3.000000 {"alpha_size":0.1,"alpha_interval":0.1}
            sba              2.850000 {"alpha_size":0.1,"alpha_interval":0.1,"factor":0.95}
            croston_opt      3.000000 {"alpha_size":0.2,"alpha_interval":0.2}
            tsb              3.000000 {"alpha_d":0.1,"alpha_p":0.1}
            adida            3.000000 {"aggregation_level":1}
            imapa            3.000000 {"max_aggregation_level":1}
            auto→adida       3.000000 {"aggregation_level":1,"class":"smooth","adi":1.0,"cv2":0.0,"reason":"too short to compare methods on held-out periods (n = 1): adida"}
        "#]],
    );
}

#[test]
fn refusals() {
    let c = ForecastConfig::default();
    let errors = [
        forecast(&[], &c).unwrap_err(),
        forecast(&[1., -2.], &c).unwrap_err(),
        forecast(&[1., f64::NAN], &c).unwrap_err(),
        forecast(&[1.], &ForecastConfig { alpha: 0.0, ..c }).unwrap_err(),
        forecast(&[1.], &ForecastConfig { alpha_p: 1.5, ..c }).unwrap_err(),
    ];
    let text: Vec<String> = errors.iter().map(ForecastError::to_string).collect();
    expect![[r#"
        [
            "the series is empty",
            "period 1 has a negative quantity (-2)",
            "period 1 is not a finite number",
            "alpha must be in (0, 1], got 0",
            "alpha_p must be in (0, 1], got 1.5",
        ]
    "#]]
    .assert_debug_eq(&text);
}

#[test]
fn horizon_repeats_the_level() {
    let f = forecast(
        &[0., 2., 0., 1.],
        &ForecastConfig {
            horizon: 5,
            ..ForecastConfig::default()
        },
    )
    .unwrap();
    assert_eq!(f.mean.len(), 5);
    assert!(f.mean.iter().all(|&v| v == f.mean[0]));
    let none = forecast(
        &[0., 2.],
        &ForecastConfig {
            horizon: 0,
            ..ForecastConfig::default()
        },
    );
    assert_eq!(none.unwrap().mean, Vec::<f64>::new());
}
