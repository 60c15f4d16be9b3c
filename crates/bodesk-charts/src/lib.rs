//! Chart images for meeting-mode exports: the numbers of the current view as
//! an SVG or a PNG that reads at once on a projector.
//!
//! Pure: data in, bytes out. No SQLite, no clock, no files, no system fonts:
//! text is drawn with DejaVu Sans, embedded with `include_bytes!` and
//! registered with plotters' `ab_glyph` text backend, so a PNG looks the same
//! on every machine. (An SVG names `sans-serif`; its layout was measured with
//! DejaVu Sans.)
//!
//! ```text
//! BarChart    ─► render_bar(chart, Format::Svg | Format::Png, width, height)    ─► bytes
//! TrendChart  ─► render_trend(..)   one panel per series (small multiples),
//!                                   each on its own scale, dates on x
//! ParetoChart ─► render_pareto(..)  top-N bars + cumulative share line
//! ```
//!
//! The look: white background, the app's brand blue `#1f4e79`, one accent
//! (orange) for a highlighted bar and the cumulative line, large type scaled
//! to the image size (tuned for 1600×900), values printed on the marks, long
//! labels cut with `…`. Empty data draws the title and "No data", never an
//! error.

mod bar;
mod pareto;
mod theme;
mod trend;

use plotters::backend::{BitMapBackend, SVGBackend};
use plotters::drawing::IntoDrawingArea;

pub use theme::format_value;

/// The app's brand blue, `#1f4e79`, as RGB.
pub const BRAND_BLUE: (u8, u8, u8) = (0x1f, 0x4e, 0x79);
/// The accent for a highlighted bar and the cumulative line, `#c55a11`.
pub const ACCENT: (u8, u8, u8) = (0xc5, 0x5a, 0x11);

/// The smallest and largest image side accepted, in pixels.
pub const MIN_SIDE: u32 = 200;
pub const MAX_SIDE: u32 = 8000;

/// The image format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `image/svg+xml`, UTF-8 text.
    Svg,
    /// `image/png`, 8-bit RGB.
    Png,
}

impl Format {
    pub fn mime(self) -> &'static str {
        match self {
            Format::Svg => "image/svg+xml",
            Format::Png => "image/png",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    #[error("a chart must be {MIN_SIDE} to {MAX_SIDE} pixels on each side, not {width}×{height}")]
    Size { width: u32, height: u32 },
    #[error("the embedded font could not be loaded")]
    Font,
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the PNG failed: {0}")]
    Encode(String),
}

/// Bars of one figure per group (horizontal, largest first as given), the
/// value printed on each bar.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BarChart {
    pub title: String,
    /// A second line under the title (as-of date, the drill-down path).
    pub subtitle: String,
    /// What the bars measure ("Open lines").
    pub value_label: String,
    /// `(label, value)` in the order to draw, top to bottom.
    pub bars: Vec<(String, f64)>,
    /// The index of a bar drawn in the accent colour.
    pub highlight: Option<usize>,
}

/// Lines over dates, one panel per series, each on its own scale.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrendChart {
    pub title: String,
    pub subtitle: String,
    pub series: Vec<Series>,
}

/// One line of a [`TrendChart`]: points in date order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    pub name: String,
    /// `(date label, value)`, oldest first.
    pub points: Vec<(String, f64)>,
}

/// The largest contributors as bars with their cumulative share as a line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParetoChart {
    pub title: String,
    pub subtitle: String,
    /// What the bars measure ("Backorder days").
    pub value_label: String,
    /// `(label, value)`, largest first.
    pub bars: Vec<(String, f64)>,
    /// The whole the cumulative share is a share of (all contributors, not
    /// only those drawn); `None` or less than the bars' sum means their sum.
    pub total: Option<f64>,
}

/// Renders bars.
pub fn render_bar(
    chart: &BarChart,
    format: Format,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, ChartError> {
    render(format, width, height, |area, t| bar::draw(area, t, chart))
}

/// Renders a trend as small multiples.
pub fn render_trend(
    chart: &TrendChart,
    format: Format,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, ChartError> {
    render(format, width, height, |area, t| trend::draw(area, t, chart))
}

/// Renders a Pareto chart.
pub fn render_pareto(
    chart: &ParetoChart,
    format: Format,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, ChartError> {
    render(format, width, height, |area, t| {
        pareto::draw(area, t, chart)
    })
}

pub(crate) use theme::Canvas;

fn render<F>(format: Format, width: u32, height: u32, draw: F) -> Result<Vec<u8>, ChartError>
where
    F: Fn(&dyn Canvas, &theme::Theme) -> Result<(), String>,
{
    if !(MIN_SIDE..=MAX_SIDE).contains(&width) || !(MIN_SIDE..=MAX_SIDE).contains(&height) {
        return Err(ChartError::Size { width, height });
    }
    theme::register_font()?;
    let theme = theme::Theme::new(width, height);
    match format {
        Format::Svg => {
            let mut text = String::new();
            {
                let area = SVGBackend::with_string(&mut text, (width, height)).into_drawing_area();
                draw(&theme::Area(&area), &theme).map_err(ChartError::Draw)?;
                area.present()
                    .map_err(|e| ChartError::Draw(e.to_string()))?;
            }
            Ok(text.into_bytes())
        }
        Format::Png => {
            let mut rgb = vec![0u8; width as usize * height as usize * 3];
            {
                let area =
                    BitMapBackend::with_buffer(&mut rgb, (width, height)).into_drawing_area();
                draw(&theme::Bitmap(&area), &theme).map_err(ChartError::Draw)?;
                area.present()
                    .map_err(|e| ChartError::Draw(e.to_string()))?;
            }
            encode_png(&rgb, width, height)
        }
    }
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Default);
    let mut writer = encoder
        .write_header()
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .write_image_data(rgb)
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    Ok(out)
}
