//! `bodesk forecast --input` end to end through the real binary: a small long
//! file (JSON lines, every method, `auto`'s reason), malformed input (file,
//! line and column), no working set touched; and, when
//! `../shared/data/carparts.csv` is present, the carparts protocol of its
//! README (the first 39 of 51 months in, 12 held out) reproduces the README's
//! statsforecast MASE for every method. (serde_json's `float_roundtrip` makes
//! the parsed numbers exactly the printed ones, whatever else is built.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect;
use serde_json::Value;

fn bodesk(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bodesk"))
        .arg("--db")
        .arg(dir.join("never-created.db"))
        .args(args)
        .output()
        .expect("run bodesk")
}

fn forecast_json(dir: &Path, input: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["forecast", "--input", input.to_str().unwrap(), "--json"];
    args.extend_from_slice(extra);
    let out = bodesk(dir, &args);
    assert!(
        out.status.success(),
        "bodesk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !dir.join("never-created.db").exists(),
        "a working set was created"
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const SMALL: &str = "\
period,part_id,qty
2024-02,A,3
2024-01,A,0
2024-04,A,2
2024-02,B,5
2024-03,B,4
2024-04,B,6
2024-06,B,5
2024-03,C,0
2024-05,C,0
";

#[test]
fn small_file_every_method() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("demand.csv");
    std::fs::write(&input, SMALL).unwrap();
    let mut out = String::new();
    for m in [
        "ses",
        "croston",
        "sba",
        "croston_opt",
        "tsb",
        "adida",
        "imapa",
        "auto",
    ] {
        for v in forecast_json(dir.path(), &input, &["--method", m, "--horizon", "2"]) {
            out.push_str(&format!("{m:<12} {v}\n"));
        }
    }
    let tuned = forecast_json(
        dir.path(),
        &input,
        &[
            "--method",
            "tsb",
            "--alpha-d",
            "0.3",
            "--alpha-p",
            "0.2",
            "--horizon",
            "1",
        ],
    );
    out.push_str(&format!("tsb 0.3/0.2  {}\n", tuned[0]));
    let ses = forecast_json(dir.path(), &input, &["--method", "ses", "--alpha", "0.5"]);
    out.push_str(&format!("ses 0.5      {}\n", ses[1]));
    expect![[r#"
        ses          {"forecast":[0.35883000000000004,0.35883000000000004],"method":"ses","params":{"alpha":0.1},"part_id":"A"}
        ses          {"forecast":[4.5581000000000005,4.5581000000000005],"method":"ses","params":{"alpha":0.1},"part_id":"B"}
        ses          {"forecast":[0.0,0.0],"method":"ses","params":{"alpha":0.1},"part_id":"C"}
        croston      {"forecast":[1.4500000000000002,1.4500000000000002],"method":"croston","params":{"alpha_interval":0.1,"alpha_size":0.1},"part_id":"A"}
        croston      {"forecast":[4.553636363636364,4.553636363636364],"method":"croston","params":{"alpha_interval":0.1,"alpha_size":0.1},"part_id":"B"}
        croston      {"forecast":[0.0,0.0],"method":"croston","params":{},"part_id":"C"}
        sba          {"forecast":[1.3775000000000002,1.3775000000000002],"method":"sba","params":{"alpha_interval":0.1,"alpha_size":0.1,"factor":0.95},"part_id":"A"}
        sba          {"forecast":[4.325954545454545,4.325954545454545],"method":"sba","params":{"alpha_interval":0.1,"alpha_size":0.1,"factor":0.95},"part_id":"B"}
        sba          {"forecast":[0.0,0.0],"method":"sba","params":{"factor":0.95},"part_id":"C"}
        croston_opt  {"forecast":[1.4000000000000001,1.4000000000000001],"method":"croston_opt","params":{"alpha_interval":0.2,"alpha_size":0.2},"part_id":"A"}
        croston_opt  {"forecast":[4.174166666666712,4.174166666666712],"method":"croston_opt","params":{"alpha_interval":0.2,"alpha_size":0.10000000000032039},"part_id":"B"}
        croston_opt  {"forecast":[0.0,0.0],"method":"croston_opt","params":{},"part_id":"C"}
        tsb          {"forecast":[0.42516900000000013,0.42516900000000013],"method":"tsb","params":{"alpha_d":0.1,"alpha_p":0.1},"part_id":"A"}
        tsb          {"forecast":[4.558190000000001,4.558190000000001],"method":"tsb","params":{"alpha_d":0.1,"alpha_p":0.1},"part_id":"B"}
        tsb          {"forecast":[0.0,0.0],"method":"tsb","params":{"alpha_d":0.1,"alpha_p":0.1},"part_id":"C"}
        adida        {"forecast":[0.9450000000005446,0.9450000000005446],"method":"adida","params":{"aggregation_level":2,"alpha":0.29999999999967963},"part_id":"A"}
        adida        {"forecast":[4.558099999998765,4.558099999998765],"method":"adida","params":{"aggregation_level":1,"alpha":0.10000000000032039},"part_id":"B"}
        adida        {"forecast":[0.0,0.0],"method":"adida","params":{},"part_id":"C"}
        imapa        {"forecast":[0.6613512292209751,0.6613512292209751],"method":"imapa","params":{"max_aggregation_level":2},"part_id":"A"}
        imapa        {"forecast":[4.558099999998765,4.558099999998765],"method":"imapa","params":{"max_aggregation_level":1},"part_id":"B"}
        imapa        {"forecast":[0.0,0.0],"method":"imapa","params":{},"part_id":"C"}
        auto         {"forecast":[0.35883000000000004,0.35883000000000004],"method":"ses","params":{"adi":2.0,"alpha":0.1,"class":"intermittent","cv2":0.04,"reason":"lowest mean absolute error over the last 2 of 6 periods, fitted on the 4 before: ses 0.443 (next tsb 0.525); intermittent demand (ADI 2.00, CV² 0.04)"},"part_id":"A"}
        auto         {"forecast":[4.553636363636364,4.553636363636364],"method":"croston","params":{"adi":1.25,"alpha_interval":0.1,"alpha_size":0.1,"class":"smooth","cv2":0.02,"reason":"lowest mean absolute error over the last 1 of 5 periods, fitted on the 4 before: croston 0.010 (next croston_opt 0.010); smooth demand (ADI 1.25, CV² 0.02)"},"part_id":"B"}
        auto         {"forecast":[0.0,0.0],"method":"adida","params":{"adi":0.0,"class":"no_demand","cv2":0.0,"reason":"no demand in the history: every method forecasts 0"},"part_id":"C"}
        tsb 0.3/0.2  {"forecast":[0.5667840000000002],"method":"tsb","params":{"alpha_d":0.3,"alpha_p":0.2},"part_id":"A"}
        ses 0.5      {"forecast":[3.8125,3.8125,3.8125,3.8125,3.8125,3.8125,3.8125,3.8125,3.8125,3.8125,3.8125,3.8125],"method":"ses","params":{"alpha":0.5},"part_id":"B"}
    "#]].assert_eq(&out);
}

#[test]
fn malformed_input_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut out = String::new();
    for (name, text, args) in [
        (
            "bad_qty.csv",
            "period,part_id,qty\n2024-01,A,1\n2024-02,A,1,5\n",
            "croston",
        ),
        (
            "bad_qty2.csv",
            "period,part_id,qty\n2024-01,A,1\n2024-02,A,lots\n",
            "croston",
        ),
        (
            "bad_period.csv",
            "period,part_id,qty\n2024-01,A,1\nMarch,A,1\n",
            "croston",
        ),
        (
            "negative.csv",
            "part_id,qty,period\nA,-3,2024-01\n",
            "croston",
        ),
        ("ok.csv", "period,part_id,qty\n2024-01,A,1\n", "holt"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let o = bodesk(
            dir.path(),
            &[
                "forecast",
                "--input",
                path.to_str().unwrap(),
                "--method",
                args,
            ],
        );
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8(o.stderr).unwrap();
        out.push_str(&err.replace(dir.path().to_str().unwrap(), "DIR"));
    }
    let o = bodesk(
        dir.path(),
        &["forecast", "--input", "/nonexistent.csv", "--method", "ses"],
    );
    out.push_str(&String::from_utf8(o.stderr).unwrap());
    expect![[r#"
        bodesk: DIR/bad_qty.csv:3: 4 fields where the header has 3 [invalid_input]
        bodesk: DIR/bad_qty2.csv:3:3: qty "lots" is not a number [invalid_input]
        bodesk: DIR/bad_period.csv:3:1: period "March" is not YYYY-MM, YYYY-MM-DD or a whole number [invalid_input]
        bodesk: DIR/negative.csv:2:2: qty -3 is negative (demand must be 0 or more) [invalid_input]
        bodesk: unknown method "holt"; one of ses, croston, sba, croston_opt, tsb, adida, imapa, auto [invalid_input]
        bodesk: /nonexistent.csv: No such file or directory (os error 2) [not_found]
    "#]].assert_eq(&out);
}

fn carparts() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/carparts.csv");
    if p.exists() {
        Some(p)
    } else {
        eprintln!(
            "SKIPPED: {} is absent; the carparts check did not run",
            p.display()
        );
        None
    }
}

/// The README's protocol: complete 51-month series; train on the first 39;
/// keep those with at least 2 non-zero training months; MASE over the last
/// 12 scaled by the in-sample one-step naive MAE.
#[test]
fn carparts_protocol_reproduces_statsforecast_accuracy() {
    let Some(path) = carparts() else { return };
    let text = std::fs::read_to_string(path).unwrap();
    let mut parts: Vec<(String, Vec<(String, f64)>)> = Vec::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if parts.last().map(|p| p.0.as_str()) != Some(f[1]) {
            parts.push((f[1].to_string(), Vec::new()));
        }
        parts
            .last_mut()
            .unwrap()
            .1
            .push((f[0].to_string(), f[2].parse().unwrap()));
    }
    let mut train_csv = String::from("period,part_id,qty\n");
    let mut test: std::collections::HashMap<String, (Vec<f64>, f64)> = Default::default();
    for (part, mut rows) in parts {
        if rows.len() != 51 {
            continue;
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        let y: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let train = &y[..39];
        if train.iter().filter(|&&v| v != 0.0).count() < 2 {
            continue;
        }
        for (period, qty) in &rows[..39] {
            train_csv.push_str(&format!("{period},{part},{qty}\n"));
        }
        let scale = train.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / 38.0;
        test.insert(part, (y[39..].to_vec(), scale));
    }
    assert_eq!(test.len(), 2404);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("carparts_train.csv");
    std::fs::write(&input, train_csv).unwrap();
    let mut table = String::new();
    for m in [
        "ses",
        "croston",
        "sba",
        "croston_opt",
        "tsb",
        "adida",
        "imapa",
        "auto",
    ] {
        let rows = forecast_json(dir.path(), &input, &["--method", m]);
        assert_eq!(rows.len(), 2404);
        let mut mase = 0.0;
        for r in &rows {
            let (actual, scale) = &test[r["part_id"].as_str().unwrap()];
            let f: Vec<f64> = r["forecast"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            assert_eq!(f.len(), 12);
            mase += actual
                .iter()
                .zip(&f)
                .map(|(a, b)| (a - b).abs())
                .sum::<f64>()
                / 12.0
                / scale;
        }
        table.push_str(&format!("{m:<12} {:.3}\n", mase / rows.len() as f64));
    }
    // The README's statsforecast figures: ses 1.098, croston 1.263, sba 1.236,
    // croston_opt 1.204, tsb 1.119, adida 1.050, imapa 1.058.
    expect![[r#"
        ses          1.098
        croston      1.263
        sba          1.236
        croston_opt  1.204
        tsb          1.119
        adida        1.050
        imapa        1.058
        auto         1.020
    "#]]
    .assert_eq(&table);
}

/// The worked example of issue 6 as a file: 15, 14 and 16 filled short
/// (normal model, mean above 10), and a low-volume part with a stockout month
/// recorded as 0 (Poisson). The forecast is of the reconstructed series.
const CENSORED: &str = "\
period,part_id,qty,qty_filled,stockout_days
2024-01,W,12,12,0
2024-02,W,15,11,0
2024-03,W,9,9,0
2024-04,W,14,10,
2024-05,W,11,11,0
2024-06,W,10,10,0
2024-07,W,13,13,0
2024-08,W,16,12,0
2024-09,W,8,8,0
2024-10,W,12,12,0
2024-05,L,1,1,0
2024-06,L,0,,9
2024-07,L,2,2,0
2024-09,L,1,1,0
";

#[test]
fn censored_demand_is_reconstructed_before_forecasting() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("censored.csv");
    std::fs::write(&input, CENSORED).unwrap();
    let out = forecast_json(dir.path(), &input, &["--method", "ses", "--horizon", "1"]);
    let w = &out[0]["history"];
    assert_eq!(w["model"], "normal");
    let (mu, sigma) = (w["mu"].as_f64().unwrap(), w["sigma"].as_f64().unwrap());
    assert_eq!(format!("{mu:.4} {sigma:.4}"), "12.5857 3.3188");
    // The forecast is SES(0.1) of the reconstructed series, not the recorded one.
    let ses = |y: &[Value]| {
        let y: Vec<f64> = y.iter().map(|v| v.as_f64().unwrap()).collect();
        y[1..]
            .iter()
            .fold(y[0], |level, v| level + 0.1 * (v - level))
    };
    let reconstructed = ses(w["reconstructed"].as_array().unwrap());
    let forecast = out[0]["forecast"][0].as_f64().unwrap();
    assert!(
        (forecast - reconstructed).abs() < 1e-12,
        "{forecast} vs {reconstructed}"
    );
    assert!(reconstructed > ses(w["recorded"].as_array().unwrap()));
    let mut text = String::new();
    for v in &out {
        text.push_str(&format!("{}\n", v["history"]));
    }
    expect![[r#"
        {"censored":[false,true,false,true,false,false,false,true,false,false],"fit":"converged","iterations":33,"model":"normal","mu":12.585708263456203,"reconstructed":[12.0,16.93822928727448,9.0,16.19489829068847,11.0,10.0,13.0,17.723955056607444,8.0,12.0],"recorded":[12.0,15.0,9.0,14.0,11.0,10.0,13.0,16.0,8.0,12.0],"sigma":3.3187843012923586}
        {"censored":[false,true,false,false,false,false],"fit":"converged","iterations":15,"model":"poisson","mu":0.7999999999997165,"reconstructed":[1.0,0.7999999999997165,2.0,0.0,1.0,0.0],"recorded":[1.0,0.0,2.0,0.0,1.0,0.0],"sigma":0.8944271909997574}
    "#]]
    .assert_eq(&text);

    // Forcing a model; a plain file with --censored gets the history block
    // with nothing censored; an unknown model is refused.
    let normal = forecast_json(
        dir.path(),
        &input,
        &["--method", "ses", "--censored-model", "normal"],
    );
    assert_eq!(normal[1]["history"]["model"], "normal");
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, SMALL).unwrap();
    let without = forecast_json(dir.path(), &plain, &["--method", "ses"]);
    assert!(without[0].get("history").is_none());
    let with = forecast_json(dir.path(), &plain, &["--method", "ses", "--censored"]);
    assert_eq!(with[0]["history"]["fit"], "uncensored");
    assert_eq!(with[0]["forecast"], without[0]["forecast"]);
    let bad = bodesk(
        dir.path(),
        &[
            "forecast",
            "--input",
            input.to_str().unwrap(),
            "--method",
            "ses",
            "--censored-model",
            "gamma",
        ],
    );
    assert!(!bad.status.success());
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr).trim(),
        "bodesk: unknown censored-demand model \"gamma\"; one of auto, normal, poisson [invalid_input]"
    );
}
