//! Writes one sample of each chart, as PNG and SVG, into a folder, for a
//! look by eye: `cargo run -p bodesk-charts --example samples -- /tmp/charts`.

use bodesk_charts::{
    render_bar, render_pareto, render_trend, BarChart, Format, ParetoChart, Series, TrendChart,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir)?;
    let bar = BarChart {
        title: "Open lines by region".into(),
        subtitle: "As of 2026-10-31 · all backorders".into(),
        value_label: "Open lines".into(),
        bars: vec![
            ("North America".into(), 1234.0),
            ("Europe, Middle East & Africa".into(), 987.0),
            ("Asia Pacific".into(), 456.0),
            (
                "Latin America and the Caribbean (distributors)".into(),
                45.0,
            ),
            ("Oceania".into(), 0.0),
        ],
        highlight: Some(1),
    };
    let dates = [
        "2026-05-31",
        "2026-06-30",
        "2026-07-31",
        "2026-08-31",
        "2026-09-30",
        "2026-10-31",
    ];
    let series = |name: &str, values: [f64; 6]| Series {
        name: name.into(),
        points: dates
            .iter()
            .zip(values)
            .map(|(d, v)| (d.to_string(), v))
            .collect(),
    };
    let trend = TrendChart {
        title: "Backorders over time".into(),
        subtitle: "Month-end exports".into(),
        series: vec![
            series("Open lines", [120.0, 150.0, 140.0, 171.0, 165.0, 190.0]),
            series("Open value", [1.2e6, 1.5e6, 1.1e6, 2.3e6, 2.1e6, 2.6e6]),
            series("SLA breaches", [3.0, 5.0, 4.0, 9.0, 7.0, 12.0]),
        ],
    };
    let pareto = ParetoChart {
        title: "Top 10 parts by backorder days".into(),
        subtitle: "These 10 parts hold 62% of all backorder days".into(),
        value_label: "Backorder days".into(),
        bars: (0..10)
            .map(|i| {
                (
                    format!("P-{:05}", 10_000 + i * 37),
                    900.0 / (i as f64 + 1.0),
                )
            })
            .collect(),
        total: Some(4600.0),
    };
    for format in [Format::Png, Format::Svg] {
        let ext = format.extension();
        std::fs::write(
            dir.join(format!("bar.{ext}")),
            render_bar(&bar, format, 1600, 900)?,
        )?;
        std::fs::write(
            dir.join(format!("trend.{ext}")),
            render_trend(&trend, format, 1600, 900)?,
        )?;
        std::fs::write(
            dir.join(format!("pareto.{ext}")),
            render_pareto(&pareto, format, 1600, 900)?,
        )?;
    }
    Ok(())
}
