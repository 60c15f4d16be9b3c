//! Meeting mode's chart export through the app façade, on the demo network:
//! every kind in both formats is a valid image file named for the view, the
//! SVG shows every group it is about, and bad arguments are `invalid_input`
//! errors that name the allowed values.
//!
//! Set `BODESK_CHARTS_OUT=<dir>` to keep the images for a look.

mod common;

use base64::Engine as _;
use bodesk_api::{access_of, Access, App, ErrorCode};
use common::demo_app;
use serde_json::{json, Value};

/// Text as the SVG writer escapes it.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn keep(file: &Value, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("BODESK_CHARTS_OUT") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(file["file_name"].as_str().unwrap()), bytes).unwrap();
    }
}

/// The SVG text of an answer, after checking the file's shape.
fn svg_of(file: &Value) -> String {
    assert_eq!(file["mime"], "image/svg+xml", "{file}");
    assert!(file["data_base64"].is_null());
    let text = file["text"].as_str().expect("SVG text").to_string();
    assert!(text.starts_with("<svg"), "{}", &text[..60.min(text.len())]);
    assert!(text.trim_end().ends_with("</svg>"));
    assert!(file["file_name"].as_str().unwrap().ends_with(".svg"));
    keep(file, text.as_bytes());
    text
}

/// The PNG bytes of an answer, after checking signature, size and colour.
fn png_of(file: &Value) -> Vec<u8> {
    assert_eq!(file["mime"], "image/png", "{file}");
    assert!(file["text"].is_null());
    assert!(file["file_name"].as_str().unwrap().ends_with(".png"));
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(file["data_base64"].as_str().expect("PNG base64"))
        .unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let mut reader = png::Decoder::new(&bytes[..]).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1600, 900));
    let blue = buf[..info.buffer_size()]
        .chunks_exact(3)
        .filter(|p| *p == [0x1f, 0x4e, 0x79])
        .count();
    assert!(
        blue > 2_000,
        "the brand blue marks are drawn ({blue} pixels)"
    );
    keep(file, &bytes);
    bytes
}

#[test]
fn every_kind_and_format_is_an_image_of_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir);
    assert_eq!(access_of("chart"), Some(Access::Read));
    let as_of = app.call("app_info", Value::Null).unwrap()["as_of"]
        .as_str()
        .unwrap()
        .to_string();

    // Breakdown by region: a bar and a label per region, biggest first.
    let regions = app.call("drill", json!({ "by": "region" })).unwrap();
    let regions = regions["groups"].as_array().unwrap().clone();
    assert!(regions.len() >= 2);
    let svg = svg_of(
        &app.call(
            "chart",
            json!({ "kind": "breakdown", "format": "svg", "by": "region" }),
        )
        .unwrap(),
    );
    for g in &regions {
        let key = g["key"].as_str().unwrap();
        assert!(svg.contains(&escaped(key)), "region {key} missing");
    }
    assert!(svg.contains("Open lines by region"));
    assert_eq!(svg.matches("fill=\"#1F4E79\"").count(), regions.len());
    let png = app
        .call(
            "chart",
            json!({ "kind": "breakdown", "format": "png", "by": "region" }),
        )
        .unwrap();
    png_of(&png);
    assert_eq!(
        png["file_name"],
        format!("backorders-by-region-{as_of}.png")
    );

    // One level down, another metric: the path is in the name and subtitle.
    let region = regions[0]["key"].as_str().unwrap();
    let filters = json!([{ "dim": "region", "value": region }]);
    let locations = app
        .call("drill", json!({ "filters": filters, "by": "location" }))
        .unwrap();
    let file = app
        .call(
            "chart",
            json!({ "kind": "breakdown", "format": "svg", "filters": filters,
                    "by": "location", "metric": "backorder_days" }),
        )
        .unwrap();
    let svg = svg_of(&file);
    for g in locations["groups"].as_array().unwrap().iter().take(20) {
        let key = g["key"].as_str().unwrap();
        assert!(svg.contains(&escaped(key)), "location {key} missing");
    }
    assert!(svg.contains(&escaped(&format!("region = {region}"))));
    assert!(svg.contains("Backorder days by location"));
    assert!(file["file_name"]
        .as_str()
        .unwrap()
        .starts_with("backorders-backorder-days-by-location-region-"));

    // Pareto: the ten parts with the most backorder days, every one shown.
    let parts = app.call("drill", json!({ "by": "part" })).unwrap();
    let mut parts: Vec<(String, u64)> = parts["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap().to_string(),
                g["backorder_days"].as_u64().unwrap(),
            )
        })
        .filter(|(_, d)| *d > 0)
        .collect();
    parts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    parts.truncate(10);
    assert!(!parts.is_empty());
    let file = app
        .call("chart", json!({ "kind": "pareto", "format": "svg" }))
        .unwrap();
    let svg = svg_of(&file);
    for (key, _) in &parts {
        assert!(svg.contains(&escaped(key)), "part {key} missing");
    }
    assert!(svg.contains("Top 10 parts by backorder days"));
    assert!(svg.contains("Cumulative share"));
    png_of(
        &app.call("chart", json!({ "kind": "pareto", "format": "png" }))
            .unwrap(),
    );

    // Trend: every snapshot date, the three series.
    let history = app.call("kpi_history", json!({})).unwrap();
    let history = history.as_array().unwrap();
    assert!(history.len() >= 2);
    let file = app
        .call("chart", json!({ "kind": "trend", "format": "svg" }))
        .unwrap();
    let svg = svg_of(&file);
    for snap in history {
        let date = snap["as_of"].as_str().unwrap();
        assert!(svg.contains(date), "date {date} missing");
    }
    for name in ["Open lines", "Open value", "SLA breaches"] {
        assert!(svg.contains(name), "{name} missing");
    }
    assert_eq!(file["file_name"], format!("backorders-trend-{as_of}.svg"));
    png_of(
        &app.call("chart", json!({ "kind": "trend", "format": "png" }))
            .unwrap(),
    );
}

#[test]
fn bad_arguments_name_what_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    // Checked before the (empty) working set is read.
    let app = App::open(&dir.path().join("ws.sqlite")).unwrap();
    let cases = [
        (
            json!({ "kind": "pie", "format": "svg" }),
            "breakdown, trend, pareto",
        ),
        (
            json!({ "kind": "trend", "format": "jpeg" }),
            "one of svg, png",
        ),
        (
            json!({ "kind": "breakdown", "format": "svg", "by": "region", "metric": "profit" }),
            "open_lines, open_qty, open_value",
        ),
        (
            json!({ "kind": "pareto", "format": "png", "metric": "mean_age_days" }),
            "adds up over parts",
        ),
        (
            json!({ "kind": "breakdown", "format": "svg", "colour": "red" }),
            "unknown field",
        ),
        (
            json!({ "kind": "breakdown", "format": "svg", "by": "region", "width": 5 }),
            "pixels",
        ),
    ];
    for (args, needle) in cases {
        let err = app.call("chart", args.clone()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{args}: {}", err.message);
        assert!(err.message.contains(needle), "{args}: {}", err.message);
    }

    drop(app);
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir);
    let cases = [
        (
            json!({ "kind": "breakdown", "format": "svg" }),
            "needs a dimension",
        ),
        (
            json!({ "kind": "breakdown", "format": "svg", "by": "colour" }),
            "unknown drill-down",
        ),
        (
            json!({ "kind": "trend", "format": "svg",
                    "filters": [{ "dim": "region", "value": "x" }] }),
            "whole network only",
        ),
    ];
    for (args, needle) in cases {
        let err = app.call("chart", args.clone()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{args}: {}", err.message);
        assert!(err.message.contains(needle), "{args}: {}", err.message);
    }
}

#[test]
fn a_path_with_no_lines_draws_no_data() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(&dir);
    let filters = json!([{ "dim": "region", "value": "nowhere" }]);
    for kind in ["breakdown", "pareto"] {
        let file = app
            .call(
                "chart",
                json!({ "kind": kind, "format": "svg", "filters": filters, "by": "location" }),
            )
            .unwrap();
        assert!(svg_of(&file).contains("No data"), "{kind}");
    }
}
