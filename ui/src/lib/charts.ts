/**
 * On-screen charts: bar lists (HTML, keyboard-focusable, click to drill) and
 * SVG line and column charts with values on hover. Exported images (PNG/SVG
 * for meeting packs) are rendered in Rust by plotters (`chart` command).
 */
import { h, s } from './dom';

export interface Bar {
  key: string;
  value: number;
  /** Shown on hover and to screen readers. */
  title: string;
  /** The number printed at the bar's end. */
  text: string;
}

/** Horizontal bars; each is a button when `onPick` is given. */
export function barList(bars: Bar[], onPick?: (key: string) => void, opts: { testid?: string; limit?: number } = {}): HTMLElement {
  const shown = opts.limit ? bars.slice(0, opts.limit) : bars;
  const max = Math.max(1e-9, ...shown.map((b) => Math.abs(b.value)));
  if (shown.length === 0) return h('p', { class: 'empty' }, 'Nothing here.');
  return h(
    'ol',
    { class: 'bars', 'data-testid': opts.testid ?? null },
    shown.map((b) => {
      const width = `${Math.max(0.5, (Math.abs(b.value) / max) * 100)}%`;
      const bar = h('span', { class: 'bar-fill' });
      bar.style.width = width;
      const content = [h('span', { class: 'bar-key' }, b.key), h('span', { class: 'bar-track' }, bar), h('span', { class: 'bar-value' }, b.text)];
      return h(
        'li',
        {},
        onPick
          ? h('button', { type: 'button', class: 'bar-row', title: b.title, 'aria-label': b.title, 'data-key': b.key, onclick: () => onPick(b.key) }, content)
          : h('div', { class: 'bar-row', title: b.title }, content),
      );
    }),
  );
}

export interface Series {
  name: string;
  color: string;
  values: number[];
  format: (n: number) => string;
}

/** Small multiples: one line per series, each on its own scale, over shared x labels. */
export function trendChart(labels: string[], series: Series[]): HTMLElement {
  const wrap = h('div', { class: 'trend' });
  if (labels.length === 0) {
    wrap.append(h('p', { class: 'empty' }, 'No snapshots yet: each import adds one.'));
    return wrap;
  }
  for (const se of series) {
    const W = 320, H = 90, padL = 8, padR = 8, padT = 18, padB = 18;
    const max = Math.max(...se.values), min = Math.min(...se.values);
    const span = max - min || Math.max(1, Math.abs(max));
    const x = (i: number) => padL + (labels.length === 1 ? (W - padL - padR) / 2 : (i * (W - padL - padR)) / (labels.length - 1));
    const y = (v: number) => padT + (H - padT - padB) * (1 - (v - min) / span);
    const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${se.name} over ${labels.length} snapshots` });
    const d = se.values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    svg.append(s('path', { d, fill: 'none', stroke: se.color, 'stroke-width': 2.5 }));
    se.values.forEach((v, i) => {
      const dot = s('circle', { cx: x(i), cy: y(v), r: 4, fill: se.color, tabindex: 0 }, s('title', {}, `${labels[i]}: ${se.format(v)}`));
      svg.append(dot);
    });
    svg.append(s('text', { x: padL, y: H - 3, class: 'axis' }, labels[0]));
    svg.append(s('text', { x: W - padR, y: H - 3, class: 'axis', 'text-anchor': 'end' }, labels[labels.length - 1]));
    const last = se.values[se.values.length - 1];
    wrap.append(
      h('figure', { class: 'trend-item' }, h('figcaption', {}, h('span', {}, se.name), h('strong', {}, se.format(last))), svg),
    );
  }
  return wrap;
}

/** Grouped columns (e.g. demanded vs filled per month), values on hover. */
export function columnChart(labels: string[], series: { name: string; color: string; values: number[] }[], format: (n: number) => string): SVGElement {
  const W = 640, H = 180, padL = 36, padB = 24, padT = 10;
  const max = Math.max(1e-9, ...series.flatMap((x) => x.values));
  const groupW = (W - padL) / Math.max(1, labels.length);
  const barW = Math.max(2, (groupW * 0.8) / series.length);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'columns', role: 'img', 'aria-label': series.map((x) => x.name).join(' and ') });
  svg.append(s('text', { x: 2, y: padT + 8, class: 'axis' }, format(max)));
  svg.append(s('line', { x1: padL, x2: W, y1: H - padB, y2: H - padB, class: 'baseline' }));
  labels.forEach((label, i) => {
    series.forEach((se, j) => {
      const v = se.values[i] ?? 0;
      const bh = ((H - padB - padT) * v) / max;
      svg.append(
        s('rect', { x: padL + i * groupW + j * barW + groupW * 0.1, y: H - padB - bh, width: barW - 1, height: Math.max(0, bh), fill: se.color },
          s('title', {}, `${label} ${se.name}: ${format(v)}`)),
      );
    });
    if (labels.length <= 12 || i % Math.ceil(labels.length / 12) === 0) {
      svg.append(s('text', { x: padL + i * groupW + groupW / 2, y: H - 6, class: 'axis', 'text-anchor': 'middle' }, label.slice(2)));
    }
  });
  return svg;
}
