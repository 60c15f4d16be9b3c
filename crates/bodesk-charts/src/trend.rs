//! Small multiples: one panel per series, stacked, sharing the date axis at
//! the bottom. Each panel has its own scale from zero, its name and latest
//! value with the change since the previous date, a line with markers and
//! (up to 12 dates) the value at every point.

use plotters::style::text_anchor::{HPos, VPos};

use crate::theme::{
    clean, fit, format_value, line_height, px, text_width, tick_label, ticks, Theme,
};
use crate::theme::{BLUE, INK, MUTED, WHITE};
use crate::{Canvas, TrendChart};

/// Up to this many dates every point carries its value.
const LABEL_EVERY_POINT: usize = 12;

pub(crate) fn draw(c: &dyn Canvas, t: &Theme, chart: &TrendChart) -> Result<(), String> {
    c.rect((0, 0), (t.width, t.height), WHITE)?;
    let top = t.header(c, &chart.title, &chart.subtitle)?;
    let mut dates: Vec<&str> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|(d, _)| d.as_str()))
        .collect();
    dates.sort_unstable();
    dates.dedup();
    if dates.is_empty() {
        return t.no_data(c, top);
    }
    let n = dates.len();
    let k = chart.series.len();

    let gap = t.u(16.0);
    let axis_height = line_height(t.small) + gap;
    let bottom = t.height - t.pad - axis_height;
    let panel_gap = t.u(44.0);
    let panel = ((bottom - top) - panel_gap * (k as i32 - 1)) / k as i32;

    // One left edge for every panel: room for the widest tick label.
    let tick_sets: Vec<Vec<f64>> = chart
        .series
        .iter()
        .map(|s| {
            let max = s.points.iter().map(|(_, v)| clean(*v)).fold(0.0, f64::max);
            ticks(max, 2)
        })
        .collect();
    let tick_width = tick_sets
        .iter()
        .flat_map(|set| {
            let top = set.last().copied().unwrap_or(0.0);
            set.iter()
                .map(move |v| text_width(&tick_label(*v, top), t.small))
        })
        .max()
        .unwrap_or(0);
    let left = t.pad + tick_width + gap;
    let right = t.width - t.pad;
    let date_width = dates
        .iter()
        .map(|d| text_width(d, t.small))
        .max()
        .unwrap_or(0);
    let inset = date_width / 2 + gap;
    let x = |i: usize| {
        if n == 1 {
            (left + right) / 2
        } else {
            left + inset + px(i as f64 * (right - left - 2 * inset) as f64 / (n - 1) as f64)
        }
    };

    for (p, (series, tick)) in chart.series.iter().zip(&tick_sets).enumerate() {
        let y_top = top + p as i32 * (panel + panel_gap);
        draw_panel(
            c,
            t,
            series,
            tick,
            &dates,
            y_top,
            y_top + panel,
            left,
            right,
            &x,
        )?;
    }

    // The shared date axis.
    let step = ((date_width + 2 * gap) as f64 * n as f64 / (right - left).max(1) as f64)
        .ceil()
        .max(1.0) as usize;
    let y = bottom + gap;
    for (i, d) in dates.iter().enumerate() {
        // Always label the newest date; thin out the others from it.
        if (n - 1 - i).is_multiple_of(step) {
            c.text(d, (x(i), y), t.small, INK, (HPos::Center, VPos::Top))?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn draw_panel(
    c: &dyn Canvas,
    t: &Theme,
    series: &crate::Series,
    tick: &[f64],
    dates: &[&str],
    y_top: i32,
    y_bottom: i32,
    left: i32,
    right: i32,
    x: &dyn Fn(usize) -> i32,
) -> Result<(), String> {
    let gap = t.u(16.0);
    // Caption: the name on the left, the latest value and change on the right.
    let mut points: Vec<(usize, f64)> = series
        .points
        .iter()
        .filter_map(|(d, v)| dates.iter().position(|x| x == d).map(|i| (i, clean(*v))))
        .collect();
    points.sort_by_key(|(i, _)| *i);
    let caption_y = y_top;
    let mut latest = String::new();
    if let Some((i, v)) = points.last() {
        latest = format!("{} on {}", format_value(*v), dates[*i]);
        if points.len() >= 2 {
            let prev = points[points.len() - 2].1;
            let delta = v - prev;
            let arrow = if delta > 0.0 {
                "▲ +"
            } else if delta < 0.0 {
                "▼ "
            } else {
                "= "
            };
            latest = format!("{latest}   {arrow}{}", format_value(delta));
        }
    }
    let latest_width = text_width(&latest, t.label);
    c.text(
        &fit(
            &series.name,
            t.label,
            right - t.pad - latest_width - 2 * gap,
        ),
        (t.pad, caption_y),
        t.label,
        INK,
        (HPos::Left, VPos::Top),
    )?;
    c.text(
        &latest,
        (right, caption_y),
        t.label,
        BLUE,
        (HPos::Right, VPos::Top),
    )?;

    // Plot: headroom for the point labels over the top gridline.
    let plot_top = caption_y + line_height(t.label) + line_height(t.small) + gap / 2;
    let plot_bottom = y_bottom;
    if plot_bottom <= plot_top {
        return Ok(());
    }
    let max = *tick.last().unwrap_or(&1.0);
    let y = |v: f64| plot_bottom - px(v / max * (plot_bottom - plot_top) as f64);
    t.value_grid(c, tick, max, (left, right), gap, y)?;
    if points.is_empty() {
        return c.text(
            "No data",
            ((left + right) / 2, (plot_top + plot_bottom) / 2),
            t.label,
            MUTED,
            (HPos::Center, VPos::Center),
        );
    }
    let path: Vec<(i32, i32)> = points.iter().map(|(i, v)| (x(*i), y(*v))).collect();
    if path.len() >= 2 {
        c.line(&path, BLUE, t.u(5.0) as u32)?;
    }
    let radius = t.u(8.0);
    let label_all = dates.len() <= LABEL_EVERY_POINT;
    for (n, ((_, v), at)) in points.iter().zip(&path).enumerate() {
        c.dot(*at, radius, BLUE)?;
        if label_all || n + 1 == points.len() {
            c.text(
                &format_value(*v),
                (at.0, at.1 - radius - gap / 2),
                t.small,
                INK,
                (HPos::Center, VPos::Bottom),
            )?;
        }
    }
    Ok(())
}
