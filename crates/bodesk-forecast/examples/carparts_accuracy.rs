//! Accuracy on the carparts benchmark with the protocol of
//! `../shared/data/README.md`: hold out the last 12 of 51 months; keep the
//! complete series with at least 2 non-zero months in the first 39; forecast
//! a flat level from the first 39 months; MASE scaled by the in-sample
//! one-step naive MAE, averaged over the series. Prints MASE and MAE per
//! method, `auto`, and the per-class picture behind `auto`.
//!
//! ```text
//! cargo run --release -p bodesk-forecast --example carparts_accuracy [-- PATH/carparts.csv]
//! ```

use std::collections::{BTreeMap, HashMap};

use bodesk_forecast::{classify, forecast, ForecastConfig, Method};

const MONTHS: usize = 51;
const TEST: usize = 12;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/data/carparts.csv".to_string());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e} (the carparts data set lives in ../shared/data/)");
            std::process::exit(2);
        }
    };
    let mut by_part: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
    let mut order = Vec::new();
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
    let mut series = Vec::new();
    for part in order {
        let mut rows = by_part.remove(part).unwrap();
        if rows.len() != MONTHS {
            continue; // incomplete: no test months
        }
        rows.sort_by(|a, b| a.0.cmp(b.0));
        let y: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let train = &y[..MONTHS - TEST];
        if train.iter().filter(|&&v| v != 0.0).count() >= 2 {
            series.push(y);
        }
    }
    println!("{} series qualify", series.len());

    let methods = [
        Method::Ses,
        Method::Croston,
        Method::Sba,
        Method::CrostonOpt,
        Method::Tsb,
        Method::Adida,
        Method::Imapa,
        Method::Auto,
    ];
    let mut mase: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut mae: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    // class -> method -> MASE values
    let mut by_class: BTreeMap<String, BTreeMap<&str, Vec<f64>>> = BTreeMap::new();
    let mut chosen: BTreeMap<String, usize> = BTreeMap::new();
    for y in &series {
        let (train, test) = y.split_at(MONTHS - TEST);
        let scale =
            train.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (train.len() - 1) as f64;
        let class = format!("{:?}", classify(train).class);
        for m in methods {
            let f = forecast(train, &ForecastConfig::with_method(m)).unwrap();
            if m == Method::Auto {
                *chosen.entry(format!("{class} → {}", f.method)).or_default() += 1;
            }
            let abs_err = test
                .iter()
                .zip(&f.mean)
                .map(|(a, b)| (a - b).abs())
                .sum::<f64>()
                / TEST as f64;
            mase.entry(m.name()).or_default().push(abs_err / scale);
            mae.entry(m.name()).or_default().push(abs_err);
            by_class
                .entry(class.clone())
                .or_default()
                .entry(m.name())
                .or_default()
                .push(abs_err / scale);
        }
    }
    let mean = |v: &Vec<f64>| v.iter().sum::<f64>() / v.len() as f64;
    println!("\n| method | MASE | MAE |\n|---|---|---|");
    for m in methods {
        println!(
            "| {} | {:.3} | {:.3} |",
            m.name(),
            mean(&mase[m.name()]),
            mean(&mae[m.name()])
        );
    }
    println!("\nMASE by demand class (first 39 months):\n");
    let header: Vec<&str> = methods.iter().map(|m| m.name()).collect();
    println!("| class | series | {} |", header.join(" | "));
    println!("|---|---|{}", "---|".repeat(methods.len()));
    for (class, per) in &by_class {
        let row: Vec<String> = methods
            .iter()
            .map(|m| format!("{:.3}", mean(&per[m.name()])))
            .collect();
        println!(
            "| {class} | {} | {} |",
            per[Method::Ses.name()].len(),
            row.join(" | ")
        );
    }
    println!("\nauto's choices: {chosen:?}");
    println!("\nauto with other holdout lengths (MASE):");
    for holdout in [3, 6, 9, 12] {
        let mut sum = 0.0;
        for y in &series {
            let (train, test) = y.split_at(MONTHS - TEST);
            let scale = train.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>()
                / (train.len() - 1) as f64;
            let config = ForecastConfig::with_method(Method::Auto);
            let choice = bodesk_forecast::select::choose_with_holdout(train, &config, holdout);
            let f = forecast(train, &ForecastConfig::with_method(choice.method)).unwrap();
            sum += test
                .iter()
                .zip(&f.mean)
                .map(|(a, b)| (a - b).abs())
                .sum::<f64>()
                / TEST as f64
                / scale;
        }
        println!("  holdout {holdout:>2}: {:.3}", sum / series.len() as f64);
    }
}
