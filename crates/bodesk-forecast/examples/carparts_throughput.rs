//! Rough throughput of the engine on carparts: every series (51 months, a
//! missing month is 0) × the seven methods, horizon 12, one thread. Compare
//! with `bench/forecast_statsforecast_time.py` (StatsForecast, n_jobs=1) run on
//! the same machine. Not the issue's full benchmark (no 100k synthetic series).
//!
//! ```text
//! cargo run --release -p bodesk-forecast --example carparts_throughput [-- PATH/carparts.csv]
//! ```

use std::collections::HashMap;
use std::time::Instant;

use bodesk_forecast::{forecast, ForecastConfig, Method};

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/carparts.csv".to_string());
    let text = std::fs::read_to_string(&path).expect("carparts.csv");
    let mut order = Vec::new();
    let mut by_part: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
    for line in text.lines().skip(1) {
        let mut f = line.split(',');
        let (period, part, qty) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        by_part
            .entry(part)
            .or_insert_with(|| {
                order.push(part);
                Vec::new()
            })
            .push((period, qty.parse().unwrap()));
    }
    let series: Vec<Vec<f64>> = order
        .iter()
        .map(|p| {
            let mut rows = by_part[p].clone();
            rows.sort_by(|a, b| a.0.cmp(b.0));
            rows.iter().map(|r| r.1).collect()
        })
        .collect();
    let methods = [
        Method::Ses,
        Method::Croston,
        Method::Sba,
        Method::CrostonOpt,
        Method::Tsb,
        Method::Adida,
        Method::Imapa,
    ];
    let mut best = f64::INFINITY;
    let mut checksum = 0.0;
    for _ in 0..5 {
        let t = Instant::now();
        for y in &series {
            for m in methods {
                checksum += forecast(y, &ForecastConfig::with_method(m)).unwrap().mean[0];
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "bodesk-forecast: {} series x {} methods, h=12: {:.4} s (best of 5; checksum {checksum:.6})",
        series.len(),
        methods.len(),
        best
    );
}
