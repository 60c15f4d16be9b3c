//! Pareto: the largest contributors as vertical bars (value axis on the
//! left, each value printed on its bar) and their cumulative share of the
//! whole as a line with markers (percent axis on the right, in the accent
//! colour, every point labelled).

use plotters::style::text_anchor::{HPos, VPos};

use crate::theme::{
    clean, fit, format_value, line_height, px, text_width, tick_label, ticks, Theme,
};
use crate::theme::{ACCENT, BLUE, INK, WHITE};
use crate::{Canvas, ParetoChart};

pub(crate) fn draw(c: &dyn Canvas, t: &Theme, chart: &ParetoChart) -> Result<(), String> {
    c.rect((0, 0), (t.width, t.height), WHITE)?;
    let top = t.header(c, &chart.title, &chart.subtitle)?;
    if chart.bars.is_empty() {
        return t.no_data(c, top);
    }
    let values: Vec<f64> = chart.bars.iter().map(|(_, v)| clean(*v).max(0.0)).collect();
    let sum: f64 = values.iter().sum();
    let total = chart.total.map(clean).unwrap_or(0.0).max(sum);
    let mut running = 0.0;
    let shares: Vec<f64> = values
        .iter()
        .map(|v| {
            running += v;
            if total > 0.0 {
                running / total
            } else {
                0.0
            }
        })
        .collect();

    let gap = t.u(16.0);
    // Legend.
    let swatch = t.u(26.0);
    let mut lx = t.pad;
    let ly = top;
    let lmid = ly + line_height(t.small) / 2;
    c.rect(
        (lx, lmid - swatch / 2),
        (lx + swatch, lmid + swatch / 2),
        BLUE,
    )?;
    lx += swatch + gap / 2;
    let bars_name = if chart.value_label.is_empty() {
        "Value"
    } else {
        &chart.value_label
    };
    c.text(
        bars_name,
        (lx, lmid),
        t.small,
        INK,
        (HPos::Left, VPos::Center),
    )?;
    lx += text_width(bars_name, t.small) + 3 * gap;
    c.line(
        &[(lx, lmid), (lx + 2 * swatch, lmid)],
        ACCENT,
        t.u(5.0) as u32,
    )?;
    c.dot((lx + swatch, lmid), t.u(8.0), ACCENT)?;
    lx += 2 * swatch + gap / 2;
    c.text(
        "Cumulative share of the total (right axis)",
        (lx, lmid),
        t.small,
        INK,
        (HPos::Left, VPos::Center),
    )?;

    // Plot frame.
    let value_ticks = ticks(values.iter().copied().fold(0.0, f64::max), 4);
    let max = *value_ticks.last().unwrap_or(&1.0);
    let tick_width = value_ticks
        .iter()
        .map(|v| text_width(&tick_label(*v, max), t.small))
        .max()
        .unwrap_or(0);
    let left = t.pad + tick_width + gap;
    let right = t.width - t.pad - text_width("100%", t.small) - gap;
    let plot_top = ly + line_height(t.small) + line_height(t.small) + gap;
    let plot_bottom = t.height - t.pad - line_height(t.label) - gap;
    let y = |v: f64| plot_bottom - px(v / max * (plot_bottom - plot_top) as f64);
    let y_share = |s: f64| plot_bottom - px(s * (plot_bottom - plot_top) as f64);

    t.value_grid(c, &value_ticks, max, (left, right), gap, y)?;
    for pct in [0, 20, 40, 60, 80, 100] {
        c.text(
            &format!("{pct}%"),
            (right + gap, y_share(pct as f64 / 100.0)),
            t.small,
            ACCENT,
            (HPos::Left, VPos::Center),
        )?;
    }

    let n = values.len();
    let slot = (right - left) as f64 / n as f64;
    let size = t.label.min(slot * 0.3).max(7.0);
    let value_size = t.small.min(slot * 0.28).max(7.0);
    let centers: Vec<i32> = (0..n).map(|i| left + px(slot * (i as f64 + 0.5))).collect();
    let radius = t.u(8.0);
    let lh = line_height(value_size);
    let path: Vec<(i32, i32)> = centers
        .iter()
        .zip(&shares)
        .map(|(x, s)| (*x, y_share(*s)))
        .collect();
    let overlap = |a: (i32, i32), b: (i32, i32)| (a.1.min(b.1) - a.0.max(b.0)).max(0);
    // Where each bar's value is printed (top, bottom), so a share label can
    // keep clear of it.
    let mut value_boxes = Vec::with_capacity(n);
    for (i, ((label, _), v)) in chart.bars.iter().zip(&values).enumerate() {
        let half = px(slot * 0.36);
        let (x0, x1) = (centers[i] - half, centers[i] + half);
        let top = y(*v).min(plot_bottom - 2);
        c.rect((x0, top), (x1, plot_bottom), BLUE)?;
        // The value goes inside the bar's top, else inside its foot, else
        // over it: the first place clear of the share marker and its label.
        let marker = (path[i].1 - radius - gap / 3 - lh, path[i].1 + radius);
        let tall = plot_bottom - top >= lh + gap;
        let mut places = Vec::new();
        if tall {
            places.push(((top + gap / 2, top + gap / 2 + lh), WHITE));
            places.push(((plot_bottom - gap / 2 - lh, plot_bottom - gap / 2), WHITE));
        }
        places.push(((top - gap / 2 - lh, top - gap / 2), INK));
        let (place, colour) = places
            .iter()
            .copied()
            .min_by_key(|(b, _)| overlap(*b, marker))
            .unwrap_or(((top - gap / 2 - lh, top - gap / 2), INK));
        value_boxes.push(place);
        c.text(
            &format_value(*v),
            (centers[i], (place.0 + place.1) / 2),
            value_size,
            colour,
            (HPos::Center, VPos::Center),
        )?;
        c.text(
            &fit(label, size, px(slot) - gap / 2),
            (centers[i], plot_bottom + gap),
            size,
            INK,
            (HPos::Center, VPos::Top),
        )?;
    }
    c.line(
        &[(left, plot_bottom), (right, plot_bottom)],
        INK,
        t.u(2.0) as u32,
    )?;

    if path.len() >= 2 {
        c.line(&path, ACCENT, t.u(5.0) as u32)?;
    }
    for ((at, s), value_box) in path.iter().zip(&shares).zip(&value_boxes) {
        c.dot(*at, radius, ACCENT)?;
        // On a white tab, so the share stays legible where it crosses a bar;
        // above the marker, or below it when that hides less of the bar's value.
        let text = format!("{:.0}%", s * 100.0);
        let w = text_width(&text, value_size);
        let h = line_height(value_size);
        let above = at.1 - radius - gap / 3;
        let below = at.1 + radius + gap / 3 + h;
        let bottom =
            if overlap((above - h, above), *value_box) > overlap((below - h, below), *value_box) {
                below
            } else {
                above
            };
        c.rect(
            (at.0 - w / 2 - gap / 3, bottom - h),
            (at.0 + w / 2 + gap / 3, bottom),
            WHITE,
        )?;
        c.text(
            &text,
            (at.0, bottom - h / 2),
            value_size,
            ACCENT,
            (HPos::Center, VPos::Center),
        )?;
    }
    Ok(())
}
