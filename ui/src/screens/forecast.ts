/**
 * Forecast: the portfolio (every part × location with its method, class,
 * next month, horizon total, accuracy; ↑ ↓ Enter, paging) and one part's
 * forecast — the chart (recorded and reconstructed demand, censored months,
 * baseline and adjusted forecast with the band, adjustments as spans, supply
 * changes in their own lane), the method and why, its accuracy, and the
 * adjustment editor (add with a reason, remove with a reason, undo).
 * Pictures and facts come from the pure layer in ../lib/forecast-model.ts.
 */
import './forecast.css';
import type { Session } from '../main';
import { backend, BackendError } from '../lib/backend';
import type { ForecastAdjustmentDto } from '../lib/bindings/ForecastAdjustmentDto';
import type { ForecastPortfolio } from '../lib/bindings/ForecastPortfolio';
import type { NewForecastAdjustment } from '../lib/bindings/NewForecastAdjustment';
import type { PartForecastDto } from '../lib/bindings/PartForecastDto';
import { clear, fmt, h, s } from '../lib/dom';
import {
  accuracyFacts, adjustmentErrors, adjustmentText, forecastChart, KIND_LABEL, legendItems, methodFacts, monthNumber, pageInfo, readdOf, type VNode,
} from '../lib/forecast-model';
import { go, href } from '../router';

const METHODS = ['auto', 'ses', 'croston', 'sba', 'croston_opt', 'tsb', 'adida', 'imapa'];
const PAGE = 50;

const KIND_HELP: Record<string, string> = {
  campaign: 'A repair campaign: the quantity is the total extra demand, spread evenly over the months.',
  override: 'Your forecast per month replaces the statistical one from the first month until the last (its expiry).',
  supply_change: 'A known change of supply per month (ramp-up, new source; negative: less). Shown beside the forecast, never added to demand.',
};

/** A removed adjustment the planner may put back (one level of undo). */
let lastRemoved: ForecastAdjustmentDto | undefined;
/** What the last change did, shown once after the redraw. */
let flash: string | undefined;

/** `VNode`s from the pure layer as SVG elements. */
export function toSvg(node: VNode): SVGElement {
  return s(node.tag, node.attrs, ...node.children.map((c) => (typeof c === 'string' ? c : toSvg(c))));
}

function message(e: unknown): string {
  return e instanceof BackendError ? e.message : String((e as Error)?.message ?? e);
}

export async function renderForecast(main: HTMLElement, session: Session, params: URLSearchParams, current: () => boolean): Promise<void> {
  const part = params.get('part') ?? '';
  if (!part) {
    await renderPortfolio(main, params, current);
    return;
  }
  const loc = params.get('loc') || undefined;
  const method = params.get('method') || undefined;
  if (!main.querySelector('[data-testid="forecast-chart"]')) clear(main, h('h1', {}, `Forecast · part ${part}`), h('p', { class: 'loading muted' }, 'Forecasting…'));
  let f: PartForecastDto;
  try {
    f = await backend.forecastPart({ part_id: part, location_id: loc, method });
  } catch (e) {
    if (!(e instanceof BackendError) || (e.code !== 'not_found' && e.code !== 'invalid_input')) throw e;
    if (current()) {
      clear(main,
        h('nav', { class: 'crumbs' }, h('a', { href: href('forecast') }, '← All forecasts')),
        h('h1', {}, `Forecast · part ${part}`),
        h('section', { class: 'card', role: 'alert', 'data-testid': 'forecast-missing' }, h('p', {}, e.message), h('p', {}, h('a', { href: href('part', { id: part }) }, `Open part ${part}`))));
    }
    return;
  }
  if (!current()) return;
  const nav = (next: { loc?: string; method?: string }) =>
    go('forecast', { part, loc: next.loc ?? loc, method: next.method ?? method });

  const locSelect = h('select', { 'aria-label': 'Location', 'data-testid': 'forecast-location' },
    h('option', { value: '', selected: !loc }, 'Network total'),
    f.locations.map((l) => h('option', { value: l, selected: l === loc }, l)));
  locSelect.addEventListener('change', () => go('forecast', { part, loc: locSelect.value || undefined, method }));
  const methodSelect = h('select', { 'aria-label': 'Method', 'data-testid': 'forecast-method' },
    METHODS.map((m) => h('option', { value: m, selected: (method ?? 'auto') === m }, m === 'auto' ? 'auto (chosen per series)' : m)));
  methodSelect.addEventListener('change', () => nav({ method: methodSelect.value === 'auto' ? '' : methodSelect.value }));

  const partForm = h('form', { class: 'row', role: 'search' },
    h('input', { type: 'search', name: 'part', value: part, placeholder: 'Part number', 'aria-label': 'Part number', 'data-testid': 'forecast-part-search', size: 12 }),
    h('button', { type: 'submit', class: 'secondary' }, 'Show forecast'));
  partForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const value = (partForm.elements.namedItem('part') as HTMLInputElement).value.trim();
    if (value) go('forecast', { part: value });
  });

  const next = f.forecast[0];
  const horizonTotal = f.forecast.reduce((a, b) => a + b, 0);
  clear(main,
    h('div', { class: 'page-head' },
      h('div', {},
        h('nav', { class: 'crumbs', 'data-testid': 'breadcrumb' },
          h('a', { href: href('forecast') }, '← All forecasts'), h('a', { href: href('part', { id: part }) }, `Part ${part}`)),
        h('h1', { 'data-testid': 'forecast-title' }, `Forecast · part ${part}`, h('span', { class: 'muted' }, ` · ${loc ?? 'network total'}`)),
        h('p', { class: 'summary', 'data-testid': 'forecast-summary' },
          next === undefined
            ? 'No forecast months.'
            : `Next month ${fmt.dec(next)} (${Math.round(f.band_level * 100)}% band ${fmt.dec(f.lower[0] ?? 0)}–${fmt.dec(f.upper[0] ?? 0)}) · ${f.forecast_periods.length} months ${fmt.dec(horizonTotal)} · method ${f.method}`)),
      h('div', { class: 'row' }, h('label', {}, 'Location ', locSelect), h('label', {}, 'Method ', methodSelect), partForm)),
    h('div', { class: 'forecast-layout' },
      h('section', { class: 'card chart-card' },
        h('h2', {}, 'Demand and forecast (units per month)'),
        h('figure', { class: 'forecast-figure' }, chartWithReadout(f),
          h('figcaption', {}, h('ul', { class: 'legend fc-legend', 'data-testid': 'forecast-legend' },
            legendItems(f).map((it) => h('li', { class: `key fc-${it.key}`, 'data-key': it.key }, it.label))))),
        h('p', { class: 'muted small' }, 'Reconstructed demand estimates what customers wanted in months when stock ran out (censored): the forecast is made from it.'),
        numbersTable(f)),
      h('aside', { class: 'fc-side' },
        h('section', { class: 'card', 'data-testid': 'forecast-method-card' },
          h('h2', {}, 'Method and why'),
          h('dl', { class: 'facts' }, methodFacts(f).flatMap(([k, val]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, val)]))),
        h('section', { class: 'card', 'data-testid': 'forecast-accuracy' },
          h('h2', {}, 'Accuracy (rolling-origin backtest)'),
          h('dl', { class: 'facts' }, accuracyFacts(f.accuracy).flatMap(([k, val, note]) => [h('dt', {}, k), h('dd', { 'data-fact': k }, h('strong', {}, val), h('span', { class: 'muted small' }, ` ${note}`))])),
          f.recovery ? h('div', { 'data-testid': 'forecast-recovery' },
            h('h3', {}, 'Around the last backorder recovery'),
            h('p', {}, h('strong', {}, f.recovery.verdict)),
            h('p', { class: 'muted small' },
              `Before ${f.recovery.period}: MAE ${f.recovery.before.points ? fmt.dec(f.recovery.before.mae) : '—'} (${f.recovery.before.points} points, ${f.recovery.censored_run} censored months before) · after: MAE ${f.recovery.after.points ? fmt.dec(f.recovery.after.mae) : '—'} (${f.recovery.after.points} points)`)) : []))),
    adjustmentsCard(f, session, loc, () => void renderForecast(main, session, params, current)));
}

/**
 * The chart with one tab stop: ← → (Home, End) move through the months,
 * and the month under the pointer or focus is read out below the chart.
 */
function chartWithReadout(f: PartForecastDto): HTMLElement {
  const svg = toSvg(forecastChart(f));
  const readout = h('p', { class: 'readout', 'aria-live': 'polite', 'data-testid': 'forecast-readout' }, 'Point at a month (or Tab to the chart and use ← →) to read its numbers.');
  const stops = Array.from(svg.querySelectorAll<SVGElement>('[data-period][aria-label]'));
  const show = (el: Element | null) => {
    const target = el?.closest('[data-period][aria-label]');
    if (!target) return;
    readout.textContent = target.getAttribute('aria-label');
    readout.classList.add('live');
  };
  svg.addEventListener('mouseover', (e) => show(e.target as Element));
  svg.addEventListener('focusin', (e) => show(e.target as Element));
  svg.addEventListener('keydown', (e) => {
    const i = stops.indexOf(document.activeElement as SVGElement);
    if (i < 0) return;
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: stops.length - 1 }[e.key];
    if (next === undefined || next < 0 || next >= stops.length) return;
    e.preventDefault();
    stops[i].setAttribute('tabindex', '-1');
    stops[next].setAttribute('tabindex', '0');
    stops[next].focus();
  });
  return h('div', { class: 'chart-wrap' }, svg, readout);
}

function numbersTable(f: PartForecastDto): HTMLElement {
  const rows = [
    ...f.periods.map((p, i) => [p, fmt.dec(f.recorded[i] ?? 0), fmt.dec(f.reconstructed[i] ?? 0), f.censored[i] ? (f.censored_reason[i] || 'censored') : '', '', '', '']),
    ...f.forecast_periods.map((p, j) => [p, '', '', '', fmt.dec(f.baseline[j] ?? 0), fmt.dec(f.forecast[j] ?? 0), `${fmt.dec(f.lower[j] ?? 0)}–${fmt.dec(f.upper[j] ?? 0)}`]),
  ];
  return h('details', { class: 'numbers' },
    h('summary', {}, 'Show the numbers'),
    h('div', { class: 'table-wrap scroll' },
      h('table', { class: 'data', 'data-testid': 'forecast-numbers' },
        h('thead', {}, h('tr', {}, ['Month', 'Recorded', 'Reconstructed', 'Censored', 'Baseline', 'Forecast', `${Math.round(f.band_level * 100)}% band`].map((x, i) => h('th', { scope: 'col', class: i > 0 && i !== 3 ? 'num' : null }, x)))),
        h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => h('td', { class: i > 0 && i !== 3 ? 'num' : null }, c))))))));
}

function addMonths(period: string, k: number): string {
  const m = monthNumber(period) + k;
  if (!Number.isFinite(m)) return '';
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

function adjustmentsCard(f: PartForecastDto, session: Session, loc: string | undefined, redraw: () => void): HTMLElement {
  const status = h('p', { class: flash ? 'form-status ok' : 'form-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'adjustment-message' }, flash ?? '');
  flash = undefined;
  const fail = (e: unknown) => {
    status.className = 'form-status bad';
    status.textContent = message(e);
  };

  const firstMonth = f.forecast_periods[0] ?? '';
  const kind = h('select', { name: 'kind', 'aria-label': 'Kind', 'data-testid': 'adj-kind' },
    Object.entries(KIND_LABEL).map(([k, label]) => h('option', { value: k }, label)));
  const help = h('p', { class: 'muted small', 'data-testid': 'adj-help' }, KIND_HELP.campaign);
  kind.addEventListener('change', () => { help.textContent = KIND_HELP[kind.value] ?? ''; });
  const where = h('select', { name: 'location', 'aria-label': 'Location', 'data-testid': 'adj-location' },
    h('option', { value: '', selected: !loc }, 'All locations'),
    f.locations.map((l) => h('option', { value: l, selected: l === loc }, l)));
  const from = h('input', { type: 'month', name: 'from', value: firstMonth, 'aria-label': 'First month', 'data-testid': 'adj-from', required: true });
  const to = h('input', { type: 'month', name: 'to', value: addMonths(firstMonth, 2), 'aria-label': 'Last month', 'data-testid': 'adj-to', required: true });
  const qty = h('input', { type: 'number', name: 'qty', step: 'any', value: '', 'aria-label': 'Quantity', 'data-testid': 'adj-qty', size: 6 });
  const reason = h('input', { type: 'text', name: 'reason', placeholder: 'Reason (required, audited)', 'aria-label': 'Reason', 'data-testid': 'adj-reason', size: 30 });
  const form = h('form', { class: 'adj-form', 'data-testid': 'adjustment-form' },
    h('label', {}, 'Kind ', kind), h('label', {}, 'Where ', where), h('label', {}, 'From ', from), h('label', {}, 'To ', to),
    h('label', {}, 'Quantity ', qty), h('label', { class: 'grow' }, 'Reason ', reason),
    h('button', { type: 'submit', 'data-testid': 'adj-add' }, 'Add adjustment'));
  const add = async (draft: NewForecastAdjustment, done: string) => {
    const errors = adjustmentErrors(draft);
    if (errors.length) {
      fail(errors.join(' '));
      return;
    }
    try {
      await backend.addForecastAdjustment(draft);
      lastRemoved = undefined;
      flash = done;
      redraw();
    } catch (e) {
      fail(e);
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void add({
      kind: kind.value,
      part_id: f.part_id,
      ...(where.value ? { location_id: where.value } : {}),
      start_period: from.value,
      end_period: to.value,
      qty: qty.value === '' ? Number.NaN : Number(qty.value),
      reason: reason.value.trim(),
    }, `Added: ${KIND_LABEL[kind.value] ?? kind.value}.`);
  });

  const row = (a: ForecastAdjustmentDto) => {
    const removable = a.adjustment_id !== undefined && a.source === 'planner' && !session.readOnly;
    const slot = h('span', { class: 'adj-remove' });
    const askReason = () => {
      const why = h('input', { type: 'text', placeholder: 'Why remove it? (required)', 'aria-label': `Reason to remove adjustment ${a.adjustment_id}`, 'data-testid': 'adj-remove-reason', size: 24 });
      const confirm = h('form', { class: 'row' }, why,
        h('button', { type: 'submit', class: 'secondary', 'data-testid': 'adj-remove-confirm' }, 'Remove'),
        h('button', { type: 'button', class: 'icon', 'aria-label': 'Cancel', onclick: () => clear(slot, removeButton()) }, '×'));
      confirm.addEventListener('submit', async (e) => {
        e.preventDefault();
        if (!why.value.trim()) {
          fail('Say why the adjustment is removed: it goes to the audit trail.');
          why.focus();
          return;
        }
        try {
          await backend.removeForecastAdjustment(a.adjustment_id!, why.value.trim());
          lastRemoved = a;
          flash = 'Adjustment removed.';
          redraw();
        } catch (err) {
          fail(err);
        }
      });
      clear(slot, confirm);
      why.focus();
    };
    const removeButton = () => h('button', { type: 'button', class: 'secondary', 'data-testid': 'adj-remove', onclick: askReason }, 'Remove…');
    if (removable) slot.append(removeButton());
    return h('li', { class: `adj adj-${a.kind}${a.active ? '' : ' inactive'}`, 'data-testid': 'adjustment', 'data-kind': a.kind, 'data-adjustment-id': a.adjustment_id ?? '' },
      h('span', { class: `adj-kind fc-${a.kind === 'supply_change' ? 'supply' : a.kind}` }, KIND_LABEL[a.kind] ?? a.kind),
      h('span', { class: 'adj-text' }, adjustmentText(a), a.active ? '' : ' — expired',
        h('br', {}), h('span', { class: 'muted small' }, `“${a.reason}” · ${a.source === 'erp_campaign' ? 'from the ERP' : 'planner'}${a.created_at ? ` · ${a.created_at}` : ''}`)),
      slot);
  };

  const undo = lastRemoved && lastRemoved.part_id === f.part_id && !session.readOnly
    ? h('p', { class: 'undo', role: 'status', 'data-testid': 'adj-undo-bar' },
        `Removed: ${adjustmentText(lastRemoved)}. `,
        h('button', { type: 'button', class: 'link', 'data-testid': 'adj-undo', onclick: () => { const a = lastRemoved!; void add(readdOf(a), 'Adjustment re-added.'); } }, 'Undo'))
    : null;

  return h('section', { class: 'card', 'data-testid': 'adjustments' },
    h('h2', {}, `Adjustments (${f.adjustments.filter((a) => a.active).length} active)`),
    undo,
    f.adjustments.length
      ? h('ul', { class: 'plain adj-list', 'data-testid': 'adjustment-list' }, f.adjustments.map(row))
      : h('p', { class: 'muted', 'data-testid': 'no-adjustments' }, 'No adjustment for this part.'),
    session.readOnly ? h('p', { class: 'muted small' }, 'Read-only: adjustments are made on the planner’s machine.') : [h('h3', {}, 'Add an adjustment'), form, help],
    status);
}

async function renderPortfolio(main: HTMLElement, params: URLSearchParams, current: () => boolean): Promise<void> {
  const offset = Math.max(0, Number(params.get('offset') ?? '0') || 0);
  const filter = params.get('q') ?? '';
  if (!main.querySelector('[data-testid="portfolio"]')) clear(main, h('h1', {}, 'Forecasts'), h('p', { class: 'loading muted' }, 'Forecasting every part and location…'));
  const whole = params.get('acc') === '1';
  const p = await backend.forecastList({ part_id: filter || undefined, limit: PAGE, offset, with_portfolio_accuracy: whole || undefined });
  if (!current()) return;
  const search = h('form', { class: 'row', role: 'search' },
    h('input', { type: 'search', name: 'q', value: filter, placeholder: 'Part number', 'aria-label': 'Part number', 'data-testid': 'portfolio-search' }),
    h('button', { type: 'submit', class: 'secondary' }, 'Filter'));
  search.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = (search.elements.namedItem('q') as HTMLInputElement).value.trim();
    go('forecast', { q: q || undefined });
  });
  const a = p.accuracy;
  clear(main,
    h('div', { class: 'page-head' },
      h('div', {},
        h('h1', {}, 'Forecasts'),
        h('p', { class: 'summary', 'data-testid': 'portfolio-summary' },
          `${fmt.int(Number(p.total_rows))} part × location series · portfolio MASE ${a.mase === null ? '—' : a.mase.toFixed(2)}, MAE ${fmt.dec(a.mae)}, bias ${a.bias > 0 ? '+' : ''}${fmt.dec(a.bias)} per month (${a.origins} backtest origins)`),
        wholePortfolioLine(p, params)),
      search),
    portfolioTable(p, offset, filter));
}

/** The whole portfolio's accuracy (every series backtested), on request: it takes seconds on a large working set. */
function wholePortfolioLine(p: ForecastPortfolio, params: URLSearchParams): HTMLElement {
  const w = p.portfolio_accuracy;
  if (w && p.portfolio_series !== undefined) {
    return h('p', { class: 'summary', 'data-testid': 'portfolio-accuracy' },
      `Whole portfolio (${fmt.int(p.portfolio_series)} series, ${fmt.int(p.portfolio_series_with_mase ?? 0)} with a MASE): MASE ${w.mase === null ? '—' : w.mase.toFixed(2)}, MAE ${fmt.dec(w.mae)}, bias ${w.bias > 0 ? '+' : ''}${fmt.dec(w.bias)} per month`);
  }
  const ask = h('button', { type: 'button', class: 'secondary', 'data-testid': 'portfolio-accuracy-ask' }, 'Accuracy of the whole portfolio');
  ask.addEventListener('click', () => {
    ask.setAttribute('disabled', '');
    ask.textContent = 'Backtesting every series…';
    go('forecast', { q: params.get('q') || undefined, offset: params.get('offset') || undefined, acc: '1' });
  });
  return h('p', { class: 'muted small' }, 'The figures above cover this page. ', ask);
}

function portfolioTable(p: ForecastPortfolio, offset: number, filter: string): HTMLElement {
  const page = pageInfo(Number(p.total_rows), offset, PAGE);
  const open = (i: number) => {
    const r = p.rows[i];
    go('forecast', { part: r.part_id, loc: r.location_id });
  };
  const rows: HTMLTableRowElement[] = [];
  const focusRow = (i: number) => {
    if (i < 0 || i >= rows.length) return;
    rows.forEach((r, j) => r.setAttribute('tabindex', j === i ? '0' : '-1'));
    rows[i].focus();
  };
  const body = h('tbody', {}, p.rows.map((r, i) => {
    const tr = h('tr', {
      tabindex: i === 0 ? 0 : -1,
      'data-testid': 'portfolio-row',
      'data-part': r.part_id,
      'data-location': r.location_id,
      onclick: () => open(i),
      onkeydown: (e: Event) => {
        const k = (e as KeyboardEvent).key;
        if (k === 'ArrowDown') { e.preventDefault(); focusRow(i + 1); }
        if (k === 'ArrowUp') { e.preventDefault(); focusRow(i - 1); }
        if (k === 'Home') { e.preventDefault(); focusRow(0); }
        if (k === 'End') { e.preventDefault(); focusRow(rows.length - 1); }
        if (k === 'Enter') { e.preventDefault(); open(i); }
        if (k === 'PageDown' && page.next !== null) { e.preventDefault(); go('forecast', { q: filter || undefined, offset: String(page.next) }); }
        if (k === 'PageUp' && page.prev !== null) { e.preventDefault(); go('forecast', { q: filter || undefined, offset: String(page.prev) }); }
      },
    },
      h('td', {}, h('a', { href: href('forecast', { part: r.part_id, loc: r.location_id }), tabindex: -1 }, r.part_id)),
      h('td', {}, r.location_id),
      h('td', {}, r.method),
      h('td', {}, h('span', { class: `fc-class fc-class-${r.class}` }, r.class.replace('_', ' '))),
      h('td', { class: 'num' }, fmt.dec(r.next_month)),
      h('td', { class: 'num' }, fmt.dec(r.horizon_total)),
      h('td', { class: `num${r.mase !== null && r.mase > 1 ? ' bad' : ''}` }, r.mase === null ? '—' : r.mase.toFixed(2)),
      h('td', { class: 'num' }, `${r.bias > 0 ? '+' : ''}${fmt.dec(r.bias)}`),
      h('td', { class: 'num', title: r.censored_months ? `reconstruction adds ${fmt.dec(r.reconstructed_extra)} units` : '' }, r.censored_months ? `${r.censored_months} (+${fmt.dec(r.reconstructed_extra)})` : '—'),
      h('td', {}, r.adjusted ? h('span', { class: 'badge-adjusted' }, 'adjusted') : ''));
    rows.push(tr);
    return tr;
  }));
  const pager = h('div', { class: 'row pager' },
    h('button', { type: 'button', class: 'secondary', disabled: page.prev === null, 'data-testid': 'portfolio-prev', onclick: () => go('forecast', { q: filter || undefined, offset: String(page.prev ?? 0) }) }, '← Previous'),
    h('span', { 'data-testid': 'portfolio-page' }, page.text),
    h('button', { type: 'button', class: 'secondary', disabled: page.next === null, 'data-testid': 'portfolio-next', onclick: () => go('forecast', { q: filter || undefined, offset: String(page.next ?? 0) }) }, 'Next →'));
  return h('section', { class: 'card', 'data-testid': 'portfolio' },
    h('p', { class: 'muted small' }, '↑ ↓ to move, Enter opens the forecast, Page Up / Page Down turn pages. MASE below 1 beats the naive forecast; positive bias means over-forecast.'),
    p.rows.length
      ? h('div', { class: 'table-wrap' },
          h('table', { class: 'data portfolio', 'data-testid': 'portfolio-table' },
            h('thead', {}, h('tr', {}, ['Part', 'Location', 'Method', 'Class', 'Next month', 'Horizon total', 'MASE', 'Bias', 'Censored months', 'Adjusted'].map((x, i) => h('th', { scope: 'col', class: i >= 4 && i <= 8 ? 'num' : null }, x)))),
            body))
      : h('p', { class: 'empty' }, filter ? `No forecast for part ${filter}.` : 'No demand history in the working set.'),
    pager);
}
