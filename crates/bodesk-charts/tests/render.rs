//! Every chart in both formats: the SVG carries the title, every label and a
//! mark per value; the PNG is a real PNG of the requested size with the
//! brand colour on it; empty data draws "No data"; bad sizes are refused.

use bodesk_charts::{
    render_bar, render_pareto, render_trend, BarChart, ChartError, Format, ParetoChart, Series,
    TrendChart, ACCENT, BRAND_BLUE,
};
use expect_test::expect;

const BLUE_HEX: &str = "fill=\"#1F4E79\"";
const ACCENT_HEX: &str = "fill=\"#C55A11\"";

fn svg(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).expect("an SVG is UTF-8")
}

fn bars() -> BarChart {
    BarChart {
        title: "Open lines by region".into(),
        subtitle: "as of 2026-10-31".into(),
        value_label: "Open lines".into(),
        bars: vec![
            ("North".into(), 1234.0),
            ("South".into(), 567.0),
            ("East & Islands".into(), 89.5),
            ("West".into(), 0.0),
        ],
        highlight: Some(1),
    }
}

fn trend() -> TrendChart {
    let dates = ["2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31"];
    let series = |name: &str, values: [f64; 4]| Series {
        name: name.into(),
        points: dates
            .iter()
            .zip(values)
            .map(|(d, v)| (d.to_string(), v))
            .collect(),
    };
    TrendChart {
        title: "Backorders over time".into(),
        subtitle: "month-end exports".into(),
        series: vec![
            series("Open lines", [120.0, 150.0, 140.0, 171.0]),
            series("Open value", [1.2e6, 1.5e6, 1.1e6, 2.3e6]),
            series("SLA breaches", [3.0, 5.0, 4.0, 9.0]),
        ],
    }
}

fn pareto() -> ParetoChart {
    ParetoChart {
        title: "Top parts by backorder days".into(),
        subtitle: String::new(),
        value_label: "Backorder days".into(),
        bars: vec![
            ("P-1001".into(), 500.0),
            ("P-1002".into(), 300.0),
            ("P-1003".into(), 150.0),
            ("P-1004".into(), 50.0),
        ],
        total: Some(2000.0),
    }
}

/// Width and height from the IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "the PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

/// How many pixels have exactly this colour.
fn pixels_of(bytes: &[u8], rgb: (u8, u8, u8)) -> usize {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf[..info.buffer_size()]
        .chunks_exact(3)
        .filter(|p| (p[0], p[1], p[2]) == rgb)
        .count()
}

#[test]
fn bar_svg_has_the_title_every_label_and_a_rect_per_bar() {
    let chart = bars();
    let text = svg(render_bar(&chart, Format::Svg, 1600, 900).unwrap());
    assert!(text.starts_with("<svg"), "{}", &text[..80]);
    for needle in [
        "Open lines by region",
        "as of 2026-10-31",
        "Open lines",
        "North",
        "South",
        "East &amp; Islands",
        "West",
        "1,234",
        "567",
        "89.5",
    ] {
        assert!(text.contains(needle), "{needle} missing");
    }
    // Three bars in blue, the highlighted one in the accent.
    assert_eq!(text.matches(BLUE_HEX).count(), 3);
    assert_eq!(text.matches(ACCENT_HEX).count(), 1);
}

#[test]
fn long_labels_are_cut_and_many_bars_still_render() {
    let mut chart = bars();
    chart.bars = (0..40)
        .map(|i| {
            (
                format!(
                    "Distribution centre {i} {}",
                    "with a needlessly long official name ".repeat(4)
                ),
                (i * 37 % 101) as f64,
            )
        })
        .collect();
    chart.highlight = None;
    let text = svg(render_bar(&chart, Format::Svg, 1600, 900).unwrap());
    for (label, _) in &chart.bars {
        assert!(!text.contains(label.as_str()), "{label} was not cut");
    }
    assert_eq!(text.matches('…').count(), 40);
    assert_eq!(text.matches(BLUE_HEX).count(), 40);
}

#[test]
fn bar_png_is_a_png_of_the_requested_size_with_blue_bars() {
    let png = render_bar(&bars(), Format::Png, 1200, 700).unwrap();
    assert_eq!(png_size(&png), (1200, 700));
    assert!(pixels_of(&png, BRAND_BLUE) > 10_000, "the bars are drawn");
    assert!(pixels_of(&png, ACCENT) > 1_000, "the highlight is drawn");
    assert!(
        pixels_of(&png, (255, 255, 255)) > 200_000,
        "white background"
    );
}

#[test]
fn trend_shows_every_series_and_date() {
    let chart = trend();
    let text = svg(render_trend(&chart, Format::Svg, 1600, 900).unwrap());
    for needle in [
        "Backorders over time",
        "Open lines",
        "Open value",
        "SLA breaches",
        "2026-05-31",
        "2026-08-31",
        "171 on 2026-08-31",
        "2.3M",
    ] {
        assert!(text.contains(needle), "{needle} missing");
    }
    // A marker per point.
    assert_eq!(text.matches("<circle").count(), 12);
    let png = render_trend(&chart, Format::Png, 1600, 900).unwrap();
    assert_eq!(png_size(&png), (1600, 900));
    assert!(pixels_of(&png, BRAND_BLUE) > 5_000);
}

#[test]
fn pareto_shows_bars_and_the_cumulative_share_of_the_total() {
    let chart = pareto();
    let text = svg(render_pareto(&chart, Format::Svg, 1600, 900).unwrap());
    for needle in [
        "Top parts by backorder days",
        "P-1001",
        "P-1004",
        "Backorder days",
        // 500/2000, then 800, 950, 1000 of 2000.
        ">\n25%",
        ">\n40%",
        ">\n48%",
        ">\n50%",
    ] {
        assert!(text.contains(needle), "{needle:?} missing");
    }
    // Four bars plus the legend swatch.
    assert_eq!(text.matches(BLUE_HEX).count(), 5);
    let png = render_pareto(&chart, Format::Png, 1600, 900).unwrap();
    assert_eq!(png_size(&png), (1600, 900));
    assert!(pixels_of(&png, BRAND_BLUE) > 10_000);
    assert!(pixels_of(&png, ACCENT) > 500);
}

#[test]
fn empty_data_draws_no_data_in_both_formats() {
    let bar = BarChart {
        title: "Nothing here".into(),
        ..Default::default()
    };
    let trend = TrendChart {
        title: "Nothing here".into(),
        subtitle: String::new(),
        series: vec![Series {
            name: "Open lines".into(),
            points: vec![],
        }],
    };
    let pareto = ParetoChart {
        title: "Nothing here".into(),
        ..Default::default()
    };
    let svgs = [
        render_bar(&bar, Format::Svg, 800, 450).unwrap(),
        render_trend(&trend, Format::Svg, 800, 450).unwrap(),
        render_trend(&TrendChart::default(), Format::Svg, 800, 450).unwrap(),
        render_pareto(&pareto, Format::Svg, 800, 450).unwrap(),
    ];
    for s in svgs {
        let s = svg(s);
        assert!(s.contains("No data"), "{s}");
    }
    for png in [
        render_bar(&bar, Format::Png, 800, 450).unwrap(),
        render_trend(&trend, Format::Png, 800, 450).unwrap(),
        render_pareto(&pareto, Format::Png, 800, 450).unwrap(),
    ] {
        assert_eq!(png_size(&png), (800, 450));
    }
}

#[test]
fn odd_values_and_one_point_do_not_panic() {
    let mut chart = bars();
    chart.bars = vec![
        ("nan".into(), f64::NAN),
        ("inf".into(), f64::INFINITY),
        ("negative".into(), -5.0),
        ("zero".into(), 0.0),
    ];
    chart.highlight = Some(99);
    for format in [Format::Svg, Format::Png] {
        render_bar(&chart, format, 400, 300).unwrap();
        let one = TrendChart {
            title: "One".into(),
            subtitle: String::new(),
            series: vec![Series {
                name: "x".into(),
                points: vec![("2026-10-31".into(), 3.0)],
            }],
        };
        render_trend(&one, format, 400, 300).unwrap();
        let zeros = ParetoChart {
            bars: vec![("a".into(), 0.0), ("b".into(), 0.0)],
            ..Default::default()
        };
        render_pareto(&zeros, format, 400, 300).unwrap();
    }
}

#[test]
fn sizes_out_of_range_are_refused() {
    assert_eq!(
        render_bar(&bars(), Format::Png, 10, 900),
        Err(ChartError::Size {
            width: 10,
            height: 900
        })
    );
    assert!(render_trend(&trend(), Format::Svg, 1600, 100_000).is_err());
}

#[test]
fn small_bar_svg_structure() {
    let chart = BarChart {
        title: "T".into(),
        subtitle: String::new(),
        value_label: "V".into(),
        bars: vec![("a".into(), 2.0), ("b".into(), 1.0)],
        highlight: None,
    };
    let text = svg(render_bar(&chart, Format::Svg, 400, 225).unwrap());
    expect![[r##"
        <svg width="400" height="225" viewBox="0 0 400 225" xmlns="http://www.w3.org/2000/svg">
        <rect x="0" y="0" width="400" height="225" opacity="1" fill="#FFFFFF" stroke="none"/>
        <text x="10" y="10" dy="0.76em" text-anchor="start" font-family="sans-serif" font-size="12.096774193548388" opacity="1" fill="#1A1A1A">
        T
        </text>
        <text x="19" y="33" dy="0.76em" text-anchor="start" font-family="sans-serif" font-size="7.258064516129032" opacity="1" fill="#4D4D4D">
        V
        </text>
        <rect x="19" y="55" width="362" height="62" opacity="1" fill="#1F4E79" stroke="none"/>
        <text x="15" y="86" dy="0.5ex" text-anchor="end" font-family="sans-serif" font-size="8.064516129032258" opacity="1" fill="#1A1A1A">
        a
        </text>
        <text x="377" y="86" dy="0.5ex" text-anchor="end" font-family="sans-serif" font-size="8.064516129032258" opacity="1" fill="#FFFFFF">
        2
        </text>
        <rect x="19" y="141" width="181" height="62" opacity="1" fill="#1F4E79" stroke="none"/>
        <text x="15" y="172" dy="0.5ex" text-anchor="end" font-family="sans-serif" font-size="8.064516129032258" opacity="1" fill="#1A1A1A">
        b
        </text>
        <text x="196" y="172" dy="0.5ex" text-anchor="end" font-family="sans-serif" font-size="8.064516129032258" opacity="1" fill="#FFFFFF">
        1
        </text>
        <polyline fill="none" opacity="1" stroke="#1A1A1A" stroke-width="1" points="19,43 19,215 "/>
        </svg>
    "##]].assert_eq(&text);
}
