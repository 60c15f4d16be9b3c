//! Our side of `bench/forecast.sh`: every method (SES 0.1, Croston, SBA,
//! Croston optimised, TSB (0.1, 0.1), ADIDA, IMAPA) over every series of a
//! long CSV `period,part_id,qty` (rows of a part in any order, every period
//! present), one thread, through [`forecast_all_methods_batch`], the
//! forecasts expanded to the horizon.
//!
//! ```text
//! cargo run --release -p bodesk-forecast --example forecast_bench -- \
//!     --input FILE.csv [--runs 5] [--horizon 12] [--out DIR]
//! ```
//!
//! The file is read and grouped before the clock starts (statsforecast is
//! timed on its in-memory data frame too). One warm-up run, then `--runs`
//! timed runs; prints the median. With `--out`, writes `DIR/ids.txt` (one
//! part a line, in order of first appearance), `DIR/forecasts.f64` (little
//! endian: per series, per method in that order, `horizon` values) and
//! `DIR/timings.json` (`{"seconds": [...]}`) for the comparison script.

use std::collections::HashMap;
use std::time::Instant;

use bodesk_forecast::batch::METHODS;
use bodesk_forecast::{forecast_all_methods_batch, ForecastConfig};

struct Args {
    input: String,
    runs: usize,
    horizon: usize,
    out: Option<String>,
}

fn args() -> Args {
    let mut args = Args {
        input: String::new(),
        runs: 5,
        horizon: 12,
        out: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--input" => args.input = value,
            "--runs" => args.runs = value.parse().expect("--runs N"),
            "--horizon" => args.horizon = value.parse().expect("--horizon H"),
            "--out" => args.out = Some(value),
            _ => panic!("unknown argument {flag}"),
        }
    }
    assert!(!args.input.is_empty(), "--input FILE.csv is needed");
    assert!(args.runs >= 1, "--runs must be at least 1");
    args
}

/// The parts in order of first appearance and their values, oldest first.
fn read_series(path: &str) -> (Vec<String>, Vec<Vec<f64>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (c_period, c_part, c_qty) = (column("period"), column("part_id"), column("qty"));
    let mut ids: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<(&str, f64)>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        let part = fields[c_part];
        let i = *index.entry(part).or_insert_with(|| {
            ids.push(part.to_string());
            rows.push(Vec::new());
            rows.len() - 1
        });
        let qty = fields[c_qty]
            .parse()
            .unwrap_or_else(|_| panic!("qty in {line}"));
        rows[i].push((fields[c_period], qty));
    }
    let series = rows
        .into_iter()
        .map(|mut r| {
            r.sort_by(|a, b| a.0.cmp(b.0));
            r.into_iter().map(|(_, q)| q).collect()
        })
        .collect();
    (ids, series)
}

fn main() {
    let args = args();
    let (ids, series) = read_series(&args.input);
    let slices: Vec<&[f64]> = series.iter().map(Vec::as_slice).collect();
    let config = ForecastConfig {
        horizon: args.horizon,
        ..ForecastConfig::default()
    };
    let h = args.horizon;
    let width = METHODS.len() * h;
    let mut forecasts = vec![0.0; slices.len() * width];
    let mut run = || {
        let t = Instant::now();
        let all = forecast_all_methods_batch(&slices, &config).expect("valid series");
        for (levels, out) in all.iter().zip(forecasts.chunks_exact_mut(width)) {
            for (level, steps) in levels.level.iter().zip(out.chunks_exact_mut(h)) {
                steps.fill(*level);
            }
        }
        t.elapsed().as_secs_f64()
    };
    run(); // warm-up
    let seconds: Vec<f64> = (0..args.runs).map(|_| run()).collect();
    let mut sorted = seconds.clone();
    sorted.sort_by(f64::total_cmp);
    let median = if sorted.len() % 2 == 1 {
        sorted[sorted.len() / 2]
    } else {
        (sorted[sorted.len() / 2 - 1] + sorted[sorted.len() / 2]) / 2.0
    };
    println!(
        "bodesk-forecast: {} series x {} methods, h={h}: median {median:.4} s of {} runs \
         ({:.0} series/s; runs {})",
        slices.len(),
        METHODS.len(),
        seconds.len(),
        slices.len() as f64 / median,
        seconds
            .iter()
            .map(|s| format!("{s:.4}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(dir) = args.out {
        std::fs::create_dir_all(&dir).expect("--out folder");
        let mut id_text = String::new();
        for id in &ids {
            id_text.push_str(id);
            id_text.push('\n');
        }
        std::fs::write(format!("{dir}/ids.txt"), id_text).expect("ids.txt");
        let bytes: Vec<u8> = forecasts.iter().flat_map(|v| v.to_le_bytes()).collect();
        std::fs::write(format!("{dir}/forecasts.f64"), bytes).expect("forecasts.f64");
        let list: Vec<String> = seconds.iter().map(|s| format!("{s:?}")).collect();
        std::fs::write(
            format!("{dir}/timings.json"),
            format!("{{\"seconds\": [{}]}}\n", list.join(", ")),
        )
        .expect("timings.json");
    }
}
