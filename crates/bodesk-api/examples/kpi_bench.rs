//! Times the dashboard's KPI work on a working set, warm: the totals plus one
//! drill-down, for every dimension, `RUNS` times each; prints p50 and p95.
//!
//! `cargo run --release -p bodesk-api --example kpi_bench -- WORKING_SET.sqlite [RUNS]`

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args
        .next()
        .ok_or("usage: kpi_bench WORKING_SET.sqlite [RUNS]")?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(50);
    let ws = bodesk_api::Workspace::open(std::path::Path::new(&db))?;
    let t = Instant::now();
    let total = ws.kpis(None, None)?;
    println!(
        "cold (load + prepare + totals): {:.1} ms; open lines {}",
        ms(t),
        total.total.figures.open_lines
    );
    println!("{:<14} {:>9} {:>9}", "drill-down", "p50 ms", "p95 ms");
    for by in [
        "region",
        "location",
        "part",
        "product_line",
        "criticality",
        "tier",
        "customer",
        "supplier",
        "root_cause",
    ] {
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let t = Instant::now();
            let r = ws.kpis(None, Some(by))?;
            std::hint::black_box(&r);
            times.push(ms(t));
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
        println!("{by:<14} {:>9.2} {:>9.2}", pct(0.5), pct(0.95));
    }
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}
