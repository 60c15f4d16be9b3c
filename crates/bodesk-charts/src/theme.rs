//! The meeting-room look (colours, type sizes scaled to the image), the
//! drawing surface every chart paints on, and the helpers they share:
//! number formatting, axis ticks, text measuring and cutting.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont as _};
use plotters::backend::BitMapBackend;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, PathElement, Rectangle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

use crate::ChartError;

static FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

/// The embedded font for the bitmap path's own text drawing.
fn font() -> Result<&'static FontRef<'static>, String> {
    static PARSED: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    PARSED
        .get_or_init(|| FontRef::try_from_slice(FONT).ok())
        .as_ref()
        .ok_or_else(|| "the embedded font could not be loaded".to_string())
}

/// Registers the embedded font for plotters' `sans-serif` (once).
pub(crate) fn register_font() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE
        .get_or_init(|| plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    if ok {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

pub(crate) const BLUE: RGBColor = RGBColor(
    crate::BRAND_BLUE.0,
    crate::BRAND_BLUE.1,
    crate::BRAND_BLUE.2,
);
pub(crate) const ACCENT: RGBColor = RGBColor(crate::ACCENT.0, crate::ACCENT.1, crate::ACCENT.2);
pub(crate) const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
pub(crate) const MUTED: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);
pub(crate) const GRID: RGBColor = RGBColor(0xd9, 0xd9, 0xd9);
pub(crate) const WHITE: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// Sizes in pixels for one image: everything scales with the image, tuned
/// for a 1600×900 slide.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Theme {
    pub width: i32,
    pub height: i32,
    /// 1.0 at 1600×900.
    pub unit: f64,
    pub pad: i32,
    pub title: f64,
    pub subtitle: f64,
    pub label: f64,
    pub small: f64,
}

impl Theme {
    pub fn new(width: u32, height: u32) -> Theme {
        let unit = (width as f64 / 1600.0).min(height as f64 / 900.0);
        Theme {
            width: width as i32,
            height: height as i32,
            unit,
            pad: px(40.0 * unit).max(8),
            title: (60.0 * unit).max(14.0),
            subtitle: (34.0 * unit).max(11.0),
            label: (32.0 * unit).max(10.0),
            small: (26.0 * unit).max(9.0),
        }
    }

    /// A length in pixels at this image's scale.
    pub fn u(&self, pixels_at_1600: f64) -> i32 {
        px(pixels_at_1600 * self.unit).max(1)
    }

    /// Horizontal grid lines at the value ticks from `left` to `right`, each
    /// labelled `gap` left of the plot (in the unit of the top tick).
    pub fn value_grid(
        &self,
        c: &dyn Canvas,
        ticks: &[f64],
        max: f64,
        (left, right): (i32, i32),
        gap: i32,
        y: impl Fn(f64) -> i32,
    ) -> Result<(), String> {
        for &v in ticks {
            let yy = y(v);
            c.line(&[(left, yy), (right, yy)], GRID, self.u(2.0) as u32)?;
            c.text(
                &tick_label(v, max),
                (left - gap, yy),
                self.small,
                MUTED,
                (HPos::Right, VPos::Center),
            )?;
        }
        Ok(())
    }

    /// Draws the title and subtitle; returns the y where the chart starts.
    pub fn header(&self, c: &dyn Canvas, title: &str, subtitle: &str) -> Result<i32, String> {
        let max = self.width - 2 * self.pad;
        let mut y = self.pad;
        c.text(
            &fit(title, self.title, max),
            (self.pad, y),
            self.title,
            INK,
            (HPos::Left, VPos::Top),
        )?;
        y += line_height(self.title);
        if !subtitle.is_empty() {
            c.text(
                &fit(subtitle, self.subtitle, max),
                (self.pad, y),
                self.subtitle,
                MUTED,
                (HPos::Left, VPos::Top),
            )?;
            y += line_height(self.subtitle);
        }
        Ok(y + self.u(24.0))
    }

    /// "No data" in the middle of what is left under the header.
    pub fn no_data(&self, c: &dyn Canvas, top: i32) -> Result<(), String> {
        let y = (top + self.height) / 2;
        c.text(
            "No data",
            (self.width / 2, y),
            self.title,
            MUTED,
            (HPos::Center, VPos::Center),
        )?;
        c.text(
            "Nothing matches this view.",
            (self.width / 2, y + line_height(self.title)),
            self.subtitle,
            MUTED,
            (HPos::Center, VPos::Center),
        )
    }
}

pub(crate) fn px(v: f64) -> i32 {
    v.round() as i32
}

/// The vertical room a line of text at `size` takes.
pub(crate) fn line_height(size: f64) -> i32 {
    px(size * 1.15)
}

/// The width in pixels of `text` at `size` in the embedded font.
pub(crate) fn text_width(text: &str, size: f64) -> i32 {
    FontDesc::new(FontFamily::Name(FAMILY), size, FontStyle::Normal)
        .box_size(text)
        .map(|(w, _)| w as i32)
        // Before the font is registered (never in practice): a wide guess.
        .unwrap_or_else(|_| px(size * 0.65 * text.chars().count() as f64))
}

/// `text` cut with `…` so that it is at most `max` pixels wide.
pub(crate) fn fit(text: &str, size: f64, max: i32) -> String {
    if text_width(text, size) <= max {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0usize, chars.len());
    // The longest prefix that fits with the ellipsis.
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if text_width(&candidate, size) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let prefix: String = chars[..lo].iter().collect();
    format!("{}…", prefix.trim_end())
}

/// A number as a person reads it on a slide: `1,234`, `45.3`, `0.25`,
/// `12.3M`; `–` for a value that is not a number.
pub fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let a = v.abs();
    let sign = if v < 0.0 { "-" } else { "" };
    if a >= 1e9 {
        return format!("{sign}{}B", trim_zeros(&format!("{:.1}", a / 1e9)));
    }
    if a >= 1e6 {
        return format!("{sign}{}M", trim_zeros(&format!("{:.1}", a / 1e6)));
    }
    if a >= 1000.0 || a.fract() == 0.0 {
        return format!("{sign}{}", thousands(a.round() as u64));
    }
    let s = if a < 10.0 {
        format!("{a:.2}")
    } else {
        format!("{a:.1}")
    };
    format!("{sign}{}", trim_zeros(&s))
}

/// An axis tick: in millions (or billions) throughout when the axis reaches
/// them, so `0.5M` sits under `1M` rather than `500,000`.
pub(crate) fn tick_label(v: f64, top: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else if top >= 1e9 {
        format!("{}B", trim_zeros(&format!("{:.2}", v / 1e9)))
    } else if top >= 1e6 {
        format!("{}M", trim_zeros(&format!("{:.2}", v / 1e6)))
    } else {
        format_value(v)
    }
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Round axis ticks from 0 to at least `max`: about `count` steps of 1, 2,
/// 2.5 or 5 times a power of ten. The last tick is the axis top.
pub(crate) fn ticks(max: f64, count: usize) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / count.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let n = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// Values as drawn: anything not a finite number counts as 0.
pub(crate) fn clean(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}

/// What a chart paints on: a plotters drawing area of either backend.
pub(crate) trait Canvas {
    fn rect(&self, from: (i32, i32), to: (i32, i32), color: RGBColor) -> Result<(), String>;
    fn text(
        &self,
        text: &str,
        at: (i32, i32),
        size: f64,
        color: RGBColor,
        anchor: (HPos, VPos),
    ) -> Result<(), String>;
    fn line(&self, points: &[(i32, i32)], color: RGBColor, width: u32) -> Result<(), String>;
    fn dot(&self, at: (i32, i32), radius: i32, color: RGBColor) -> Result<(), String>;
}

pub(crate) struct Area<'a, DB: DrawingBackend>(pub &'a DrawingArea<DB, Shift>);

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

impl<DB: DrawingBackend> Canvas for Area<'_, DB> {
    fn rect(&self, from: (i32, i32), to: (i32, i32), color: RGBColor) -> Result<(), String> {
        self.0
            .draw(&Rectangle::new([from, to], color.filled()))
            .map_err(err)
    }

    fn text(
        &self,
        text: &str,
        at: (i32, i32),
        size: f64,
        color: RGBColor,
        anchor: (HPos, VPos),
    ) -> Result<(), String> {
        let style = TextStyle::from((FAMILY, size))
            .color(&color)
            .pos(Pos::new(anchor.0, anchor.1));
        self.0
            .draw(&Text::new(text.to_string(), at, style))
            .map_err(err)
    }

    fn line(&self, points: &[(i32, i32)], color: RGBColor, width: u32) -> Result<(), String> {
        self.0
            .draw(&PathElement::new(
                points.to_vec(),
                color.stroke_width(width),
            ))
            .map_err(err)
    }

    fn dot(&self, at: (i32, i32), radius: i32, color: RGBColor) -> Result<(), String> {
        self.0
            .draw(&Circle::new(at, radius, color.filled()))
            .map_err(err)
    }
}

/// The PNG's surface: shapes through plotters, text drawn here with the
/// same font, metrics and anchoring as plotters' ab_glyph text but with
/// each glyph at its true position (plotters 0.3.7 drops the left side
/// bearing, which opens gaps after a narrow glyph such as `1`).
pub(crate) struct Bitmap<'a, 'b>(pub &'a DrawingArea<BitMapBackend<'b>, Shift>);

impl Canvas for Bitmap<'_, '_> {
    fn rect(&self, from: (i32, i32), to: (i32, i32), color: RGBColor) -> Result<(), String> {
        Area(self.0).rect(from, to, color)
    }

    fn text(
        &self,
        text: &str,
        at: (i32, i32),
        size: f64,
        color: RGBColor,
        anchor: (HPos, VPos),
    ) -> Result<(), String> {
        let font = font()?;
        let scaled = font.as_scaled(PxScale::from(size as f32));
        let width = text_width(text, size) as f32;
        let height = (size / 1.24) as i32 as f32;
        let dx = match anchor.0 {
            HPos::Left => 0.0,
            HPos::Center => -width / 2.0,
            HPos::Right => -width,
        };
        let dy = match anchor.1 {
            VPos::Top => 0.0,
            VPos::Center => -height / 2.0,
            VPos::Bottom => -height,
        };
        let baseline = at.1 as f32 + dy + size as f32 / 2.0;
        let mut caret = at.0 as f32 + dx;
        let mut previous = None;
        let mut result = Ok(());
        for ch in text.chars() {
            let id = scaled.glyph_id(ch);
            if let Some(p) = previous {
                caret += scaled.kern(p, id);
            }
            previous = Some(id);
            let glyph = id.with_scale_and_position(
                PxScale::from(size as f32),
                ab_glyph::point(caret, baseline),
            );
            caret += scaled.h_advance(id);
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|x, y, coverage| {
                    if result.is_err() || coverage <= 0.0 {
                        return;
                    }
                    let point = (
                        bounds.min.x as i32 + x as i32,
                        bounds.min.y as i32 + y as i32,
                    );
                    result = self
                        .0
                        .draw_pixel(point, &color.mix(coverage.min(1.0) as f64))
                        .map_err(err);
                });
            }
        }
        result
    }

    fn line(&self, points: &[(i32, i32)], color: RGBColor, width: u32) -> Result<(), String> {
        Area(self.0).line(points, color, width)
    }

    fn dot(&self, at: (i32, i32), radius: i32, color: RGBColor) -> Result<(), String> {
        Area(self.0).dot(at, radius, color)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_a_slide() {
        let cases = [
            (0.0, "0"),
            (7.0, "7"),
            (1234.0, "1,234"),
            (1234567.0, "1.2M"),
            (2_000_000.0, "2M"),
            (3.5e9, "3.5B"),
            (45.34, "45.3"),
            (0.25, "0.25"),
            (12345.67, "12,346"),
            (-1500.0, "-1,500"),
            (f64::NAN, "–"),
        ];
        for (v, want) in cases {
            assert_eq!(format_value(v), want, "{v}");
        }
    }

    #[test]
    fn tick_labels_share_a_unit() {
        let top = 1_000_000.0;
        let labels: Vec<String> = [0.0, 500_000.0, 1_000_000.0, 10_000_000.0]
            .iter()
            .map(|v| tick_label(*v, top))
            .collect();
        assert_eq!(labels, ["0", "0.5M", "1M", "10M"]);
        assert_eq!(tick_label(2500.0, 3000.0), "2,500");
    }

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        let cases: [(f64, usize, &[f64]); 4] = [
            (95.0, 4, &[0.0, 25.0, 50.0, 75.0, 100.0]),
            (7.0, 4, &[0.0, 2.0, 4.0, 6.0, 8.0]),
            (0.0, 4, &[0.0, 0.25, 0.5, 0.75, 1.0]),
            (1_234_567.0, 3, &[0.0, 500_000.0, 1_000_000.0, 1_500_000.0]),
        ];
        for (max, count, want) in cases {
            assert_eq!(ticks(max, count), want, "{max}");
        }
    }

    #[test]
    fn long_text_is_cut_to_fit() {
        register_font().unwrap();
        let long = "A very long location name that cannot fit";
        let cut = fit(long, 20.0, 150);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut, 20.0) <= 150);
        assert_eq!(fit("short", 20.0, 150), "short");
    }
}
