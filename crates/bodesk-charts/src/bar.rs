//! Horizontal bars: labels on the left (cut to fit), one bar per group, the
//! value printed inside the bar's end (white) or just past it when the bar
//! is too short.

use plotters::style::text_anchor::{HPos, VPos};

use crate::theme::{clean, fit, format_value, line_height, px, text_width, Theme};
use crate::theme::{ACCENT, BLUE, INK, MUTED, WHITE};
use crate::{BarChart, Canvas};

pub(crate) fn draw(c: &dyn Canvas, t: &Theme, chart: &BarChart) -> Result<(), String> {
    c.rect((0, 0), (t.width, t.height), WHITE)?;
    let mut top = t.header(c, &chart.title, &chart.subtitle)?;
    if chart.bars.is_empty() {
        return t.no_data(c, top);
    }
    let bottom = t.height - t.pad;
    let n = chart.bars.len();
    let values: Vec<f64> = chart.bars.iter().map(|(_, v)| clean(*v)).collect();

    // Sizes: large, but smaller when many bars share the height.
    let room = (bottom - top - line_height(t.small)) as f64;
    let slot = room / n as f64;
    let size = t.label.min(slot * 0.62).max(7.0);
    let thickness = (slot * 0.72).max(1.0);
    let gap = t.u(16.0);

    let label_room = t.width * 38 / 100;
    let label_width = chart
        .bars
        .iter()
        .map(|(l, _)| text_width(l, size))
        .max()
        .unwrap_or(0)
        .min(label_room);
    let label_right = t.pad + label_width;
    let texts: Vec<String> = values.iter().map(|v| format_value(*v)).collect();
    let reserve = texts.iter().map(|s| text_width(s, size)).max().unwrap_or(0) + gap;
    let bar_left = label_right + gap;
    let bar_right = (t.width - t.pad - reserve).max(bar_left + 1);

    let lo = values.iter().copied().fold(0.0, f64::min);
    let hi = values.iter().copied().fold(0.0, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = |v: f64| bar_left + px((v - lo) / span * (bar_right - bar_left) as f64);
    let zero = x(0.0);

    if !chart.value_label.is_empty() {
        c.text(
            &fit(&chart.value_label, t.small, t.width - bar_left - t.pad),
            (bar_left, top),
            t.small,
            MUTED,
            (HPos::Left, VPos::Top),
        )?;
    }
    top += line_height(t.small);

    for (i, ((label, _), v)) in chart.bars.iter().zip(&values).enumerate() {
        let mid = top as f64 + slot * (i as f64 + 0.5);
        let y0 = px(mid - thickness / 2.0);
        let y1 = px(mid + thickness / 2.0).max(y0 + 1);
        let end = x(*v);
        // A zero still gets a sliver, so every group has its mark.
        let (x0, x1) = if end >= zero {
            (zero, end.max(zero + 2))
        } else {
            (end, zero)
        };
        let color = if chart.highlight == Some(i) {
            ACCENT
        } else {
            BLUE
        };
        c.rect((x0, y0), (x1, y1), color)?;
        let y = px(mid);
        c.text(
            &fit(label, size, label_width),
            (label_right, y),
            size,
            INK,
            (HPos::Right, VPos::Center),
        )?;
        let text = &texts[i];
        let w = text_width(text, size);
        if *v >= 0.0 && x1 - x0 >= w + 2 * gap {
            c.text(
                text,
                (x1 - gap, y),
                size,
                WHITE,
                (HPos::Right, VPos::Center),
            )?;
        } else if *v >= 0.0 {
            c.text(
                text,
                (x1 + gap / 2, y),
                size,
                INK,
                (HPos::Left, VPos::Center),
            )?;
        } else {
            // Negative: the value sits right of the zero line, clear of the labels.
            c.text(
                text,
                (zero + gap / 2, y),
                size,
                INK,
                (HPos::Left, VPos::Center),
            )?;
        }
    }
    c.line(&[(zero, top), (zero, bottom)], INK, t.u(2.0) as u32)
}
