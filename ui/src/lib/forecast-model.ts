/**
 * The forecasting and replenishment screens' rendering layer, pure: DTOs in,
 * plain data out (an SVG tree as `VNode`s, legend items, facts, filtered rows,
 * validation messages). No DOM and no backend here, so node's test runner
 * checks it with hand-written DTOs (ui/tests/forecast-model.test.mjs); the
 * screens turn `VNode`s into elements with `toSvg` (screens/forecast.ts).
 */
import type { AccuracyDto } from './bindings/AccuracyDto';
import type { ForecastAdjustmentDto } from './bindings/ForecastAdjustmentDto';
import type { NewForecastAdjustment } from './bindings/NewForecastAdjustment';
import type { PartForecastDto } from './bindings/PartForecastDto';
import type { ReplenishmentReport } from './bindings/ReplenishmentReport';
import type { ReplenishmentSuggestionDto } from './bindings/ReplenishmentSuggestionDto';

/** An element as data: tag, attributes, children (text or elements). */
export interface VNode {
  tag: string;
  attrs: Record<string, string | number>;
  children: (VNode | string)[];
}

export function v(tag: string, attrs: Record<string, string | number | undefined | null> = {}, ...children: (VNode | string | null | undefined | false)[]): VNode {
  const clean: Record<string, string | number> = {};
  for (const [k, x] of Object.entries(attrs)) if (x !== undefined && x !== null) clean[k] = x;
  return { tag, attrs: clean, children: children.filter((c): c is VNode | string => c !== null && c !== undefined && c !== false) };
}

/** Every node of a tree (depth first), for tests and lookups. */
export function walk(node: VNode): VNode[] {
  return [node, ...node.children.flatMap((c) => (typeof c === 'string' ? [] : walk(c)))];
}

/** The text of a node and its descendants. */
export function textOf(node: VNode): string {
  return node.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

// Numbers as the rest of the UI writes them (lib/dom.ts): the user's
// language, else English (node and a webview without a locale).
const LOCALES = [typeof navigator !== 'undefined' ? navigator.language : '', 'en-US'].filter((l) => /^[a-z]{2,3}(-|$)/i.test(l));
const oneDecimal = new Intl.NumberFormat(LOCALES, { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(LOCALES, { maximumFractionDigits: 2 });
const num1 = (n: number) => oneDecimal.format(n);
const num2 = (n: number) => twoDecimals.format(n);

/** `YYYY-MM` as a month count (year × 12 + month − 1); NaN when malformed. */
export function monthNumber(period: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(period.trim());
  if (!m) return Number.NaN;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? Number(m[1]) * 12 + month - 1 : Number.NaN;
}

export const KIND_LABEL: Record<string, string> = {
  campaign: 'Campaign',
  override: 'Override',
  supply_change: 'Supply change',
};

/** What an adjustment does, in a planner's words. */
export function adjustmentText(a: Pick<ForecastAdjustmentDto, 'kind' | 'qty' | 'start_period' | 'end_period' | 'location_id'>): string {
  const where = a.location_id ? ` at ${a.location_id}` : ' at all locations';
  const when = a.start_period === a.end_period ? a.start_period : `${a.start_period} – ${a.end_period}`;
  switch (a.kind) {
    case 'campaign':
      return `Campaign: +${num1(a.qty)} units over ${when}${where}`;
    case 'override':
      return `Override: ${num1(a.qty)} per month, ${when} (expires after ${a.end_period})${where}`;
    case 'supply_change':
      return `Supply change: ${a.qty >= 0 ? '+' : ''}${num1(a.qty)} per month, ${when}${where} (supply, not demand)`;
    default:
      return `${a.kind}: ${num1(a.qty)}, ${when}${where}`;
  }
}

/** The top of the y axis at or above the largest value, on a 1-2-5 step of whole units; 4 ticks. */
export function niceScale(max: number): { top: number; ticks: number[] } {
  const m = Math.max(4, max);
  const p = 10 ** Math.floor(Math.log10(m / 4));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * p).find((s) => s * 4 >= m && Number.isInteger(s)) ?? 10 * p;
  return { top: step * 4, ticks: [0, step, 2 * step, 3 * step, 4 * step] };
}

/** Greedy lanes: each span goes to the first lane where it does not overlap. */
function lanes<T extends { from: number; to: number }>(spans: T[]): (T & { lane: number })[] {
  const ends: number[] = [];
  return spans.map((sp) => {
    let lane = ends.findIndex((end) => end < sp.from);
    if (lane < 0) lane = ends.length;
    ends[lane] = sp.to;
    return { ...sp, lane };
  });
}

export interface LegendItem {
  key: string;
  label: string;
}

/** The legend: only what the chart shows. */
export function legendItems(f: PartForecastDto): LegendItem[] {
  const items: LegendItem[] = [{ key: 'recorded', label: 'Recorded demand' }];
  if (f.reconstructed.some((x, i) => Math.abs(x - (f.recorded[i] ?? 0)) > 1e-9)) {
    items.push({ key: 'reconstructed', label: 'Reconstructed demand (above recorded)' });
  }
  if (f.censored.some(Boolean)) items.push({ key: 'censored', label: 'Censored month (demand was a lower bound)' });
  if (f.forecast_periods.length) {
    items.push({ key: 'band', label: `${Math.round(f.band_level * 100)}% band` });
    items.push({ key: 'baseline', label: `Baseline (${f.method})` });
    items.push({ key: 'forecast', label: 'Adjusted forecast (used for replenishment)' });
  }
  const kinds = new Set(f.adjustments.map((a) => a.kind));
  if (kinds.has('campaign')) items.push({ key: 'campaign', label: 'Campaign (adds demand)' });
  if (kinds.has('override')) items.push({ key: 'override', label: 'Override (replaces forecast)' });
  if (kinds.has('supply_change') || f.supply_change.some((x) => x !== 0)) items.push({ key: 'supply', label: 'Supply change (supply, not demand)' });
  return items;
}

/**
 * The forecast chart: recorded demand as bars, reconstructed demand stacked
 * on them where it differs (censored months marked, the reason on hover), the
 * band, baseline and adjusted forecast over the forecast months, demand
 * adjustments as spans above the plot and supply changes in their own lane
 * below the months (supply, not demand).
 */
export function forecastChart(f: PartForecastDto): VNode {
  const W = 960, padL = 48, padR = 16;
  const hist = f.periods.length;
  const all = [...f.periods, ...f.forecast_periods];
  const n = Math.max(1, all.length);
  const first = monthNumber(all[0] ?? '');
  const slot = (W - padL - padR) / n;
  const x = (i: number) => padL + (i + 0.5) * slot;

  // Adjustments as month-index spans clipped to the chart.
  const spans = f.adjustments.flatMap((a) => {
    const from = monthNumber(a.start_period) - first, to = monthNumber(a.end_period) - first;
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < 0 || from > n - 1 || to < from) return [];
    return [{ a, from: Math.max(0, from), to: Math.min(n - 1, to) }];
  });
  const demandSpans = lanes(spans.filter((s) => s.a.kind !== 'supply_change'));
  const supplySpans = lanes(spans.filter((s) => s.a.kind === 'supply_change'));
  const showSupply = supplySpans.length > 0 || f.supply_change.some((x) => x !== 0);
  const laneH = 18;
  const demandLanes = demandSpans.length ? Math.max(...demandSpans.map((s) => s.lane)) + 1 : 0;
  const supplyLanes = showSupply ? Math.max(1, ...supplySpans.map((s) => s.lane + 1)) : 0;
  const plotTop = 10 + demandLanes * laneH + (demandLanes ? 6 : 0);
  const plotBottom = plotTop + 220;
  const axisY = plotBottom + 18;
  const supplyTop = axisY + 14;
  const H = supplyTop + (showSupply ? supplyLanes * laneH + 22 : 0) + 4;

  const max = Math.max(0, ...f.recorded, ...f.reconstructed, ...f.upper, ...f.forecast, ...f.baseline);
  const { top, ticks } = niceScale(max);
  const y = (val: number) => plotBottom - ((plotBottom - plotTop) * Math.max(0, val)) / top;
  const barW = Math.max(2, slot * 0.7);

  const censoredCount = f.censored.filter(Boolean).length;
  const label = `Demand of part ${f.part_id}${f.location_id ? ` at ${f.location_id}` : ' (network total)'}: ${hist} months of history` +
    `${censoredCount ? `, ${censoredCount} censored` : ''}; forecast for ${f.forecast_periods.length} months by ${f.method}` +
    (f.forecast.length ? `, next month ${num1(f.forecast[0])} (${Math.round(f.band_level * 100)}% band ${num1(f.lower[0] ?? 0)}–${num1(f.upper[0] ?? 0)})` : '');

  const children: VNode[] = [v('title', {}, label)];

  // Grid and y axis.
  for (const t of ticks) {
    children.push(v('line', { class: 'grid', x1: padL, x2: W - padR, y1: y(t), y2: y(t) }));
    children.push(v('text', { class: 'axis', x: padL - 6, y: y(t) + 4, 'text-anchor': 'end' }, num1(t)));
  }

  // Demand adjustment spans: a lane above the plot and a faint column in it.
  for (const sp of demandSpans) {
    const x0 = padL + sp.from * slot, x1 = padL + (sp.to + 1) * slot;
    const ly = 10 + sp.lane * laneH;
    const cls = `span span-${sp.a.kind}${sp.a.active ? '' : ' inactive'}`;
    const title = `${adjustmentText(sp.a)} — ${sp.a.reason}${sp.a.active ? '' : ' (expired)'}`;
    children.push(v('g', { class: cls, 'data-kind': sp.a.kind, 'data-adjustment-id': sp.a.adjustment_id ?? '' },
      v('title', {}, title),
      v('rect', { class: 'span-shade', x: x0, y: plotTop, width: x1 - x0, height: plotBottom - plotTop }),
      v('rect', { class: 'span-bar', x: x0 + 1, y: ly, width: Math.max(2, x1 - x0 - 2), height: laneH - 4, rx: 3 }),
      v('text', { class: 'span-label', x: x0 + 5, y: ly + laneH - 8 }, spanLabel(sp.a, x1 - x0 - 8))));
  }

  // History: recorded bars, reconstructed on top where it differs, censored marks.
  for (let i = 0; i < hist; i++) {
    const rec = f.recorded[i] ?? 0, re = f.reconstructed[i] ?? rec;
    const censored = f.censored[i] ?? false;
    const reason = f.censored_reason[i] ?? '';
    const tip = `${f.periods[i]}: recorded ${num1(rec)}` + (Math.abs(re - rec) > 1e-9 ? `, reconstructed ${num1(re)}` : '') +
      (censored ? ` — censored${reason ? `: ${reason}` : ''}` : '');
    const g = v('g', { class: `month${censored ? ' censored' : ''}`, 'data-period': f.periods[i], tabindex: i === 0 ? 0 : -1, 'aria-label': tip },
      v('title', {}, tip),
      v('rect', { class: 'recorded', x: x(i) - barW / 2, y: y(rec), width: barW, height: Math.max(0, plotBottom - y(rec)) }));
    if (re > rec + 1e-9) {
      g.children.push(v('rect', { class: 'reconstructed', x: x(i) - barW / 2, y: y(re), width: barW, height: Math.max(0, y(rec) - y(re)) }));
    }
    if (censored) {
      const ty = y(Math.max(rec, re)) - 4;
      g.children.push(v('path', { class: 'censored-mark', d: `M${fmtN(x(i) - 5)},${fmtN(ty - 8)} L${fmtN(x(i) + 5)},${fmtN(ty - 8)} L${fmtN(x(i))},${fmtN(ty)} Z` }));
    }
    children.push(g);
  }

  // Forecast: band, baseline, adjusted forecast, each month's numbers on hover.
  const fn = f.forecast_periods.length;
  if (fn) {
    const xs = f.forecast_periods.map((_, j) => x(hist + j));
    const half = fn === 1 ? barW / 2 : 0;
    const upper = xs.map((xx, j) => `${fmtN(xx)},${fmtN(y(f.upper[j] ?? 0))}`);
    const lower = xs.map((xx, j) => `${fmtN(xx)},${fmtN(y(f.lower[j] ?? 0))}`).reverse();
    const bandPoints = fn === 1
      ? `${fmtN(xs[0] - half)},${fmtN(y(f.upper[0] ?? 0))} ${fmtN(xs[0] + half)},${fmtN(y(f.upper[0] ?? 0))} ${fmtN(xs[0] + half)},${fmtN(y(f.lower[0] ?? 0))} ${fmtN(xs[0] - half)},${fmtN(y(f.lower[0] ?? 0))}`
      : [...upper, ...lower].join(' ');
    children.push(v('polygon', { class: 'band', points: bandPoints }, v('title', {}, `${Math.round(f.band_level * 100)}% band`)));
    const line = (vals: number[]) => fn === 1
      ? `M${fmtN(xs[0] - half)},${fmtN(y(vals[0] ?? 0))} L${fmtN(xs[0] + half)},${fmtN(y(vals[0] ?? 0))}`
      : xs.map((xx, j) => `${j === 0 ? 'M' : 'L'}${fmtN(xx)},${fmtN(y(vals[j] ?? 0))}`).join(' ');
    children.push(v('path', { class: 'baseline', d: line(f.baseline) }, v('title', {}, `Baseline (${f.method})`)));
    children.push(v('path', { class: 'forecast', d: line(f.forecast) }, v('title', {}, 'Adjusted forecast')));
    f.forecast_periods.forEach((p, j) => {
      const tip = `${p}: forecast ${num1(f.forecast[j] ?? 0)} (baseline ${num1(f.baseline[j] ?? 0)}; ${Math.round(f.band_level * 100)}% band ${num1(f.lower[j] ?? 0)}–${num1(f.upper[j] ?? 0)})` +
        ((f.supply_change[j] ?? 0) !== 0 ? `; supply change ${num1(f.supply_change[j])}` : '');
      children.push(v('circle', { class: 'forecast-point', cx: xs[j], cy: y(f.forecast[j] ?? 0), r: 3.5, tabindex: hist === 0 && j === 0 ? 0 : -1, 'data-period': p, 'aria-label': tip }, v('title', {}, tip)));
    });
    // Where history ends.
    const nowX = padL + hist * slot;
    children.push(v('line', { class: 'now', x1: nowX, x2: nowX, y1: plotTop, y2: plotBottom }));
    children.push(v('text', { class: 'axis now-label', x: nowX + 4, y: plotTop + 12 }, 'forecast →'));
  }

  // X axis: month labels (thinned), censored months underlined.
  children.push(v('line', { class: 'axis-line', x1: padL, x2: W - padR, y1: plotBottom, y2: plotBottom }));
  const every = Math.max(1, Math.ceil(n / 16));
  all.forEach((p, i) => {
    if (i === hist || (i % every === 0 && (fn === 0 || Math.abs(i - hist) >= every))) children.push(v('text', { class: 'axis', x: x(i), y: axisY, 'text-anchor': 'middle' }, p));
  });

  // Supply lane: supply changes, apart from demand.
  if (showSupply) {
    children.push(v('text', { class: 'axis lane-label', x: padL, y: supplyTop + 10 }, 'Supply changes (not demand)'));
    for (const sp of supplySpans) {
      const x0 = padL + sp.from * slot, x1 = padL + (sp.to + 1) * slot;
      const ly = supplyTop + 14 + sp.lane * laneH;
      children.push(v('g', { class: `span span-supply_change${sp.a.active ? '' : ' inactive'}`, 'data-kind': 'supply_change', 'data-adjustment-id': sp.a.adjustment_id ?? '' },
        v('title', {}, `${adjustmentText(sp.a)} — ${sp.a.reason}${sp.a.active ? '' : ' (expired)'}`),
        v('rect', { class: 'span-bar', x: x0 + 1, y: ly, width: Math.max(2, x1 - x0 - 2), height: laneH - 4, rx: 3 }),
        v('text', { class: 'span-label', x: x0 + 5, y: ly + laneH - 8 }, spanLabel(sp.a, x1 - x0 - 8))));
    }
  }

  return v('svg', { class: 'forecast-chart', viewBox: `0 0 ${W} ${fmtN(H)}`, role: 'img', 'aria-label': label, 'data-testid': 'forecast-chart' }, ...children);
}

function fmtN(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

/** A span's label: the longest of its wordings that fits the span. */
export function spanLabel(a: Pick<ForecastAdjustmentDto, 'kind' | 'qty'>, width: number): string {
  const q = `${a.kind === 'override' ? '' : a.qty >= 0 ? '+' : ''}${num1(a.qty)}`;
  const unit = a.kind === 'campaign' ? '' : '/mo';
  const name = a.kind === 'supply_change' ? 'Supply' : (KIND_LABEL[a.kind] ?? a.kind);
  const options = [`${name} ${q}${unit}`, `${q}${unit}`, q];
  return options.find((o) => o.length <= Math.floor(width / 7)) ?? fitText(q, width);
}

/** Cuts a label to about the width given (7 px a character), with `…`. */
export function fitText(text: string, width: number): string {
  const chars = Math.floor(width / 7);
  if (chars <= 1) return '';
  return text.length <= chars ? text : `${text.slice(0, chars - 1)}…`;
}

/** The method and why, as label/value pairs. */
export function methodFacts(f: PartForecastDto): [string, string][] {
  const p = f.params;
  const out: [string, string][] = [['Method', f.method]];
  if (p.class) out.push(['Demand class', p.class.replace('_', ' ')]);
  if (p.adi !== undefined || p.cv2 !== undefined) {
    out.push(['ADI / CV²', `${p.adi === undefined ? '—' : num2(p.adi)} / ${p.cv2 === undefined ? '—' : num2(p.cv2)}`]);
  }
  if (p.reason) out.push(['Why', p.reason]);
  const params: string[] = [];
  if (p.alpha !== undefined) params.push(`α ${num2(p.alpha)}`);
  if (p.alpha_size !== undefined) params.push(`α sizes ${num2(p.alpha_size)}`);
  if (p.alpha_interval !== undefined) params.push(`α intervals ${num2(p.alpha_interval)}`);
  if (p.alpha_d !== undefined) params.push(`α demand ${num2(p.alpha_d)}`);
  if (p.alpha_p !== undefined) params.push(`α probability ${num2(p.alpha_p)}`);
  if (p.factor !== undefined) params.push(`factor ${num2(p.factor)}`);
  if (p.aggregation_level !== undefined) params.push(`bucket ${p.aggregation_level} months`);
  if (p.max_aggregation_level !== undefined) params.push(`buckets 1–${p.max_aggregation_level} months`);
  if (params.length) out.push(['Parameters', params.join(', ')]);
  const censored = f.censored.filter(Boolean).length;
  out.push(['Censored demand', censored
    ? `${censored} of ${f.periods.length} months; ${f.censoring_model} model, ${f.censoring_fit}`
    : `none of ${f.periods.length} months`]);
  return out;
}

/** Accuracy as label/value pairs, with what each figure means. */
export function accuracyFacts(a: AccuracyDto): [string, string, string][] {
  return [
    ['MASE', a.mase === null ? '—' : num2(a.mase), a.mase === null ? 'no scale: the history is constant' : a.mase < 1 ? 'better than the naive forecast' : 'worse than the naive forecast'],
    ['MAE', `${num2(a.mae)} /month`, 'mean absolute error'],
    ['Bias', `${a.bias > 0 ? '+' : ''}${num2(a.bias)} /month`, a.bias > 0 ? 'over-forecast' : a.bias < 0 ? 'under-forecast' : 'unbiased'],
    ['Backtest', `${a.origins} origins × ${a.horizon} months`, `${a.points} points compared`],
  ];
}

/** A planner's adjustment before it is sent: what is wrong with it, if anything. */
export function adjustmentErrors(d: NewForecastAdjustment): string[] {
  const errors: string[] = [];
  if (!KIND_LABEL[d.kind]) errors.push('Choose a kind: campaign, override or supply change.');
  const from = monthNumber(d.start_period), to = monthNumber(d.end_period);
  if (!Number.isFinite(from)) errors.push('The first month must be a month (YYYY-MM).');
  if (!Number.isFinite(to)) errors.push('The last month must be a month (YYYY-MM).');
  if (Number.isFinite(from) && Number.isFinite(to) && to < from) errors.push('The last month is before the first.');
  if (!Number.isFinite(d.qty)) errors.push('The quantity must be a number.');
  else if (d.kind !== 'supply_change' && d.qty < 0) errors.push('A campaign or override quantity cannot be negative.');
  if (!d.reason.trim()) errors.push('A reason is required: it goes to the audit trail.');
  return errors;
}

/** The adjustment that re-adds a removed one (undo). */
export function readdOf(a: ForecastAdjustmentDto): NewForecastAdjustment {
  return {
    kind: a.kind,
    part_id: a.part_id,
    ...(a.location_id ? { location_id: a.location_id } : {}),
    start_period: a.start_period,
    end_period: a.end_period,
    qty: a.qty,
    reason: a.reason,
  };
}

// Replenishment suggestions.

export interface SuggestionFilter {
  emergencyOnly: boolean;
  undecidedOnly: boolean;
}

export function filterSuggestions(rows: ReplenishmentSuggestionDto[], f: SuggestionFilter): ReplenishmentSuggestionDto[] {
  return rows.filter((r) => (!f.emergencyOnly || r.kind === 'emergency') && (!f.undecidedOnly || !r.decision));
}

/** Inventory position as its sum: `on hand + on order − backorders = IP`. */
export function positionText(r: Pick<ReplenishmentSuggestionDto, 'on_hand' | 'on_order' | 'backorders' | 'inventory_position'>): string {
  return `${num1(r.on_hand)} + ${num1(r.on_order)} − ${num1(r.backorders)} = ${num1(r.inventory_position)}`;
}

export interface SuggestionCounts {
  total: number;
  emergency: number;
  accepted: number;
  rejected: number;
  undecided: number;
  acceptedValue: number;
}

export function suggestionCounts(r: ReplenishmentReport): SuggestionCounts {
  const accepted = r.rows.filter((x) => x.decision === 'accepted');
  return {
    total: r.rows.length,
    emergency: r.emergency_count,
    accepted: r.accepted_count,
    rejected: r.rejected_count,
    undecided: r.rows.filter((x) => !x.decision).length,
    acceptedValue: accepted.reduce((s, x) => s + x.value, 0),
  };
}

/** The suppliers of the suggestions, sorted, for the forecast-sharing picker. */
export function suppliersOf(rows: ReplenishmentSuggestionDto[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.supplier_id ? [r.supplier_id] : [])))].sort();
}

/** Paging text and bounds: `41–60 of 230`. */
export function pageInfo(total: number, offset: number, limit: number): { text: string; prev: number | null; next: number | null } {
  if (total === 0) return { text: '0 rows', prev: null, next: null };
  const last = Math.min(total, offset + limit);
  return {
    text: `${offset + 1}–${last} of ${total}`,
    prev: offset > 0 ? Math.max(0, offset - limit) : null,
    next: last < total ? offset + limit : null,
  };
}
