/**
 * Actions: what to do about open lines and why they were late.
 * - The expedite list: open lines ranked by what ending them earlier saves
 *   (air or courier from the supplier, or a transfer from free stock, against
 *   the SLA penalty and machine downtime of waiting), with the evidence of
 *   the selected line; ↑ ↓ move, Enter opens the line in the workbench.
 * - End of life: parts past or near their EOL date, whether the successor is
 *   stocked where the part is wanted, and the last-time buy's arithmetic.
 * - Supplier late or demand above plan: backorder days of each replenishment
 *   cycle split between the two, per part or per supplier.
 */
import type { Session } from '../main';
import { backend } from '../lib/backend';
import type { AttributionReport } from '../lib/bindings/AttributionReport';
import type { EolReport } from '../lib/bindings/EolReport';
import type { ExpediteReport } from '../lib/bindings/ExpediteReport';
import type { ExpediteRow } from '../lib/bindings/ExpediteRow';
import { clear, download, fmt, h, s } from '../lib/dom';
import { filterParams, filtersOf, go, href } from '../router';

/** Ranked rows shown; the CSV has them all. */
const SHOWN = 30;
/** Groups of the attribution table. */
const ATTRIBUTION_ROWS = 15;
/** Rows asked for: the ranked ones first, then lines without an action. */
const LISTED = 500;

const MODE: Record<string, string> = { air: 'air', ground: 'ground', courier: 'courier' };

function actionText(r: ExpediteRow): string {
  const a = r.action;
  if (!a) return (r.no_action ?? '').replaceAll('_', ' ');
  return a.kind === 'transfer'
    ? `Transfer from ${a.from_id} by ${MODE[a.mode] ?? a.mode}`
    : `${a.mode === 'courier' ? 'Courier' : 'Air'} from supplier ${a.from_id}`;
}

function money(n: number): string {
  return fmt.money(n);
}

/** Supplier / demand / other as one stacked bar (SVG: the CSP allows no inline styles). */
function sharesBar(supplier: number, demand: number, other: number): SVGElement {
  const w = 160;
  const parts: [number, string][] = [
    [supplier, 'var(--bad)'],
    [demand, 'var(--warn)'],
    [other, 'var(--line, #ccc)'],
  ];
  let x = 0;
  const rects = parts.map(([share, color]) => {
    const width = Math.max(0, share) * w;
    const r = s('rect', { x, y: 0, width, height: 12, fill: color });
    x += width;
    return r;
  });
  return s('svg', { class: 'shares', width: w, height: 12, viewBox: `0 0 ${w} 12`, role: 'img', 'aria-label': `supplier ${Math.round(supplier * 100)}%, demand ${Math.round(demand * 100)}%, other ${Math.round(other * 100)}%` }, ...rects);
}

export async function renderActions(main: HTMLElement, _session: Session, params: URLSearchParams, current: () => boolean): Promise<void> {
  const filters = filtersOf(params);
  const by = params.get('by') === 'supplier' ? 'supplier' : 'part';
  const horizon = Number(params.get('horizon') ?? '') || undefined;
  // The list first; the two panels follow (each is computed once per
  // working-set version, a few seconds on a million lines).
  const exp = await backend.expedite(filters, LISTED);
  if (!current()) return;
  const setParam = (key: string, value: string | undefined) => {
    const p: Record<string, string | string[] | undefined> = { f: filterParams(filters), by, horizon: horizon ? String(horizon) : undefined };
    p[key] = value;
    go('actions', p);
  };
  const eolSlot = h('section', { class: 'card', 'data-testid': 'eol-loading' }, h('h2', {}, 'End of life'), h('p', { class: 'loading muted' }, 'Computing…'));
  const attrSlot = h('section', { class: 'card', 'data-testid': 'attribution-loading' }, h('h2', {}, 'Supplier late or demand above plan?'), h('p', { class: 'loading muted' }, 'Computing…'));
  clear(
    main,
    h('div', { class: 'page-head' },
      h('div', {},
        h('h1', {}, 'Actions'),
        h('p', { class: 'summary', 'data-testid': 'actions-summary' },
          `As of ${exp.as_of}${filters.length ? ` · ${filters.map((f) => `${f.dim} ${f.value}`).join(' · ')}` : ''}: ${fmt.int(Number(exp.open_lines))} open lines, `,
          h('strong', {}, `${fmt.int(Number(exp.with_action))} worth expediting`),
          `, saving ${money(exp.total_saving)} in penalties and downtime.`)),
      h('button', { type: 'button', class: 'button secondary', 'data-testid': 'expedite-csv', onclick: async () => download(await backend.expediteCsv(filters)) }, 'Export CSV')),
    expediteSection(exp),
    h('div', { class: 'grid' }, eolSlot, attrSlot),
  );
  const fill = (slot: HTMLElement, make: () => HTMLElement) => {
    if (current()) slot.replaceWith(make());
  };
  const failed = (slot: HTMLElement) => (e: unknown) => {
    if (current()) clear(slot, h('p', { class: 'error' }, String((e as Error).message)));
  };
  await Promise.all([
    backend.eolReport(horizon).then((eol) => fill(eolSlot, () => eolSection(eol, (months) => setParam('horizon', months ? String(months) : undefined))), failed(eolSlot)),
    backend.attribution(by, ATTRIBUTION_ROWS).then((attr) => fill(attrSlot, () => attributionSection(attr, (b) => setParam('by', b))), failed(attrSlot)),
  ]);
}

function expediteSection(exp: ExpediteReport): HTMLElement {
  const ranked = exp.rows.filter((r) => r.action);
  const others = exp.rows.filter((r) => !r.action);
  const shown = ranked.slice(0, SHOWN);
  const detail = h('aside', { class: 'detail card', 'aria-live': 'polite', 'data-testid': 'expedite-detail' });
  const rows: HTMLTableRowElement[] = [];
  let selected = -1;
  const openLine = (r: ExpediteRow) => go('lines', { q: r.order_id });
  const select = (i: number, focus = false) => {
    if (i < 0 || i >= shown.length) return;
    rows[selected]?.classList.remove('selected');
    rows[selected]?.setAttribute('aria-selected', 'false');
    selected = i;
    rows[i].classList.add('selected');
    rows[i].setAttribute('aria-selected', 'true');
    if (focus) rows[i].focus();
    showEvidence(detail, shown[i]);
  };
  const body = h('tbody', {}, shown.map((r, i) => {
    const a = r.action!;
    const tr = h('tr', {
      tabindex: 0,
      'data-testid': 'expedite-row',
      'data-saving': String(a.saving),
      'aria-selected': 'false',
      onclick: () => select(i),
      ondblclick: () => openLine(r),
      onkeydown: (e: Event) => {
        const k = (e as KeyboardEvent).key;
        if (k === 'ArrowDown') { e.preventDefault(); select(i + 1, true); }
        if (k === 'ArrowUp') { e.preventDefault(); select(i - 1, true); }
        if (k === 'Enter') { e.preventDefault(); openLine(r); }
      },
      onfocus: () => { if (selected !== i) select(i); },
    },
      h('td', { class: 'num' }, String(r.rank ?? '')),
      h('td', {}, h('a', { href: href('lines', { q: r.order_id }), tabindex: -1, title: 'Open the line in the workbench' }, `${r.order_id}/${r.order_line}`)),
      h('td', {}, h('a', { href: href('part', { id: r.part_id }), tabindex: -1 }, r.part_id)),
      h('td', {}, r.location_id),
      h('td', {}, actionText(r)),
      h('td', { class: 'num' }, `${a.days_saved} d`),
      h('td', { class: 'num' }, money(a.cost)),
      h('td', { class: 'num' }, h('strong', { class: 'ok' }, money(a.saving))));
    rows.push(tr);
    return tr;
  }));
  if (shown.length) select(0);
  else clear(detail, h('p', { class: 'muted' }, 'No open line has an action worth its cost.'));
  const without = Number(exp.open_lines) - Number(exp.with_action);
  const whyNot = without > 0
    ? h('details', { class: 'why-not', 'data-testid': 'no-action' },
        h('summary', {}, `${fmt.int(without)} open line${without === 1 ? '' : 's'} without a worthwhile action — why`),
        h('ul', { class: 'plain' }, others.slice(0, 200).map((r) =>
          h('li', {}, h('a', { href: href('lines', { q: r.order_id }) }, `${r.order_id}/${r.order_line}`), ` · ${r.part_id} at ${r.location_id}: `, h('span', { class: 'muted' }, r.reason ?? '')))))
    : null;
  return h('section', { class: 'card', 'data-testid': 'expedite' },
    h('h2', {}, 'Expedite or wait'),
    h('p', { class: 'muted small' }, 'Cheapest action with a positive saving for each open line, largest saving first. Saving = avoided SLA penalty + avoided machine downtime − freight cost. ↑ ↓ to move, Enter opens the line.'),
    h('div', { class: 'workbench actions-list' },
      shown.length
        ? h('div', { class: 'table-wrap' },
            h('table', { class: 'data groups', 'data-testid': 'expedite-table' },
              h('thead', {}, h('tr', {}, ['#', 'Line', 'Part', 'Location', 'Action', 'Days saved', 'Cost', 'Saving'].map((x, i) => h('th', { scope: 'col', class: i === 0 || i >= 5 ? 'num' : null }, x)))),
              body))
        : h('p', { class: 'empty' }, 'No line to expedite.'),
      detail),
    whyNot);
}

function showEvidence(panel: HTMLElement, r: ExpediteRow): void {
  const a = r.action!;
  const dl = (pairs: [string, Node | string][]) => h('dl', {}, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  clear(panel,
    h('h2', {}, `Line ${r.order_id}/${r.order_line}`),
    h('p', { class: 'summary' }, actionText(r)),
    dl([
      ['Part · location', `${r.part_id} at ${r.location_id} · ${fmt.dec(r.qty_open)} open · ${r.age_days} days old`],
      ['Waiting ends', `${r.wait_until} (${r.wait_days} d) — ${r.wait_basis}`],
      ['Arrives', `${a.arrival} (${a.transit_days} d transit): ${a.days_saved} days earlier`],
      ['Avoided penalty', `${money(a.avoided_penalty)}${r.penalty_per_day ? ` (${money(r.penalty_per_day)}/day past the SLA limit)` : ' (no SLA penalty)'}`],
      ['Avoided downtime', `${money(a.avoided_downtime)}${r.downtime_per_day ? ` (${money(r.downtime_per_day)}/day)` : ' (no machine waiting)'}`],
      ['Freight cost', money(a.cost)],
      ['Saving', h('strong', { class: 'ok' }, money(a.saving))],
    ]),
    h('p', { class: 'small muted', 'data-testid': 'evidence' }, a.evidence),
    h('p', {},
      h('a', { class: 'button', href: href('lines', { q: r.order_id }) }, 'Open line'), ' ',
      h('a', { class: 'button secondary', href: href('part', { id: r.part_id }) }, 'Open part')));
}

function eolSection(eol: EolReport, setHorizon: (months: number | undefined) => void): HTMLElement {
  const asOf = eol.as_of;
  const relevant = eol.parts.filter((p) => p.open_lines > 0 || p.last_time_buy.quantity > 0);
  const form = h('form', { class: 'row' },
    h('label', {}, 'Service horizon ',
      h('input', { type: 'number', class: 'horizon', name: 'horizon', min: 1, max: 240, step: 1, value: String(eol.horizon_months), 'aria-label': 'Service horizon in months', 'data-testid': 'eol-horizon' }),
      ' months'),
    h('button', { type: 'submit', class: 'button secondary' }, 'Recompute'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = Number((form.elements.namedItem('horizon') as HTMLInputElement).value);
    setHorizon(v > 0 ? v : undefined);
  });
  const rate = (w: { lines_per_month: number } | null) => (w ? `${fmt.dec(w.lines_per_month)}/month` : '—');
  return h('section', { class: 'card', 'data-testid': 'eol' },
    h('h2', {}, `End of life (${relevant.length} of ${eol.parts.length} parts need a decision)`),
    form,
    relevant.length
      ? h('ul', { class: 'plain eol-list' }, relevant.slice(0, 15).map((p) =>
          h('li', { 'data-testid': `eol-${p.part_id}` },
            h('p', {},
              h('a', { href: href('part', { id: p.part_id }) }, h('strong', {}, p.part_id)),
              ` ${p.description ?? ''} · ${p.lifecycle}${p.eol_date ? ` ${p.eol_date < asOf ? 'since' : 'from'} ${p.eol_date}` : ''} · `,
              p.successor_part_id ? h('span', {}, 'successor ', h('a', { href: href('part', { id: p.successor_part_id }) }, p.successor_part_id)) : 'no successor'),
            h('p', { class: 'small' },
              `Backorder lines ${rate(p.before)} before EOL → `,
              h('strong', { class: p.after && p.before && p.after.lines_per_month > p.before.lines_per_month ? 'bad' : '' }, rate(p.after)), ' after',
              ` · ${p.open_lines} open`),
            p.successor_part_id && p.successor_missing_at.length
              ? h('p', { class: 'small bad', 'data-testid': 'successor-missing' },
                  `Successor not stocked at ${p.successor_missing_at.map((loc) => {
                    const w = p.wanted_at.find((x) => x.location_id === loc);
                    return w?.region ? `${loc} (${w.region})` : loc;
                  }).join(', ')}`)
              : null,
            h('p', { class: 'small' }, h('strong', {}, `Last-time buy: ${fmt.int(p.last_time_buy.quantity)}`), h('span', { class: 'muted' }, ` — ${p.last_time_buy.arithmetic}`)))))
      : h('p', { class: 'muted' }, 'No end-of-life part has open lines or a last-time buy to make.'));
}

function attributionSection(attr: AttributionReport, setBy: (by: string) => void): HTMLElement {
  const top = attr.groups.filter((g) => g.backorder_days > 0).slice(0, ATTRIBUTION_ROWS);
  const toggle = h('div', { class: 'row', role: 'group', 'aria-label': 'Group by' },
    ['part', 'supplier'].map((b) => h('button', {
      type: 'button',
      class: attr.by === b ? 'button' : 'button secondary',
      'aria-pressed': attr.by === b ? 'true' : 'false',
      'data-testid': `attribution-by-${b}`,
      onclick: () => setBy(b),
    }, `By ${b}`)));
  return h('section', { class: 'card', 'data-testid': 'attribution' },
    h('h2', {}, 'Supplier late or demand above plan?'),
    h('p', { class: 'muted small' }, `Backorder days of ${fmt.int(Number(attr.cycles))} replenishment cycles: after the PO's committed date (supplier late), before it while lead-time demand exceeded plan (demand), or neither (other).`),
    toggle,
    h('p', { class: 'legend' }, h('span', { class: 'key late-key' }, 'supplier late'), h('span', { class: 'key demand-key' }, 'demand above plan'), h('span', { class: 'key other-key' }, 'other')),
    top.length
      ? h('div', { class: 'table-wrap' },
          h('table', { class: 'data', 'data-testid': 'attribution-table' },
            h('thead', {}, h('tr', {}, [attr.by === 'supplier' ? 'Supplier' : 'Part', 'Cycles (late)', 'Backorder days', 'Split', 'Supplier', 'Demand'].map((x, i) => h('th', { scope: 'col', class: i === 1 || i === 2 || i >= 4 ? 'num' : null }, x)))),
            h('tbody', {}, top.map((g) => h('tr', { title: g.top_cycles[0]?.evidence ?? '' },
              h('td', {}, attr.by === 'part' ? h('a', { href: href('part', { id: g.key }) }, g.key) : g.key),
              h('td', { class: 'num' }, `${g.cycles} (${g.late_cycles})`),
              h('td', { class: 'num' }, fmt.int(Number(g.backorder_days))),
              h('td', {}, sharesBar(g.supplier_share, g.demand_share, g.other_share)),
              h('td', { class: 'num' }, fmt.fraction(g.supplier_share)),
              h('td', { class: 'num' }, fmt.fraction(g.demand_share)))))))
      : h('p', { class: 'muted' }, 'No received purchase order line with backorder days.'));
}
