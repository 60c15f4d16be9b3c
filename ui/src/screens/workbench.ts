/**
 * The backorder workbench: every line behind a figure, as a virtualized
 * table (only the visible rows exist in the page; rows arrive in pages of
 * 200 as you scroll), filtered by any drill-down dimension, searched,
 * sorted, saved as named views, with a line's detail beside it. Age is shown
 * against the line's SLA limit.
 */
import type { Session } from '../main';
import { backend } from '../lib/backend';
import type { FilterDto } from '../lib/bindings/FilterDto';
import type { LineDetail } from '../lib/bindings/LineDetail';
import type { LineRow } from '../lib/bindings/LineRow';
import { clear, debounce, fmt, h } from '../lib/dom';
import { DIMENSIONS, dimLabel } from '../lib/kpi';
import { filterParams, filtersOf, go, href } from '../router';
import { causeLabel, causePanel } from './causes';

const ROW_HEIGHT = 36;
const PAGE = 200;

interface View {
  filters: FilterDto[];
  search: string;
  openOnly: boolean;
  flag: string;
  sort: string;
  desc: boolean;
}

const COLUMNS: { key: string; label: string; num?: boolean; cell: (r: LineRow) => Node | string }[] = [
  { key: 'order_id', label: 'Order / line', cell: (r) => `${r.order_id}/${r.order_line}` },
  { key: 'part_id', label: 'Part', cell: (r) => h('a', { href: href('part', { id: r.part_id }), tabindex: -1 }, r.part_id) },
  { key: 'location_id', label: 'Location', cell: (r) => r.location_id },
  { key: 'region', label: 'Region', cell: (r) => r.region },
  { key: 'customer_id', label: 'Customer', cell: (r) => r.customer_id },
  { key: 'tier', label: 'Tier', cell: (r) => r.tier ?? '—' },
  { key: 'criticality', label: 'Crit.', cell: (r) => r.criticality ?? '—' },
  { key: 'sla_ratio', label: 'Age vs SLA', cell: ageCell },
  { key: 'qty_open', label: 'Qty', num: true, cell: (r) => fmt.dec(r.qty_open) },
  { key: 'value', label: 'Value', num: true, cell: (r) => fmt.money(r.value) },
  { key: 'penalty_exposure', label: 'Penalty', num: true, cell: (r) => (r.penalty_exposure ? fmt.money(r.penalty_exposure) : '—') },
  { key: 'root_cause', label: 'Root cause', cell: (r) => causeLabel(r.root_cause) },
];

/** Age in days against the SLA limit: a bar that turns amber at 75% and red past the limit. */
export function ageCell(r: LineRow): HTMLElement {
  if (r.age_days === null) return h('span', { class: 'muted' }, r.status);
  const limit = r.sla_limit_days;
  const ratio = limit ? r.age_days / limit : 0;
  const state = r.sla_breach ? 'bad' : ratio >= 0.75 ? 'warn' : 'ok';
  const fill = h('span', { class: `age-fill ${state}` });
  fill.style.width = `${Math.min(100, ratio * 100)}%`;
  return h(
    'span',
    { class: 'age', title: limit ? `${r.age_days} days open; SLA limit ${limit} days` : `${r.age_days} days open; no SLA for this tier and criticality` },
    h('span', { class: 'age-text' }, limit ? `${r.age_days} / ${fmt.dec(limit)} d` : `${r.age_days} d`),
    limit ? h('span', { class: 'age-track' }, fill) : null,
  );
}

function viewOf(params: URLSearchParams): View {
  return {
    filters: filtersOf(params),
    search: params.get('q') ?? '',
    openOnly: params.get('open') !== '0',
    flag: params.get('flag') ?? '',
    sort: params.get('sort') ?? 'sla_ratio',
    desc: params.get('desc') !== '0',
  };
}

function viewParams(v: View): Record<string, string | string[] | undefined> {
  return {
    f: filterParams(v.filters),
    q: v.search || undefined,
    open: v.openOnly ? undefined : '0',
    flag: v.flag || undefined,
    sort: v.sort === 'sla_ratio' ? undefined : v.sort,
    desc: v.desc ? undefined : '0',
  };
}

const VIEWS_KEY = 'bodesk.savedViews';
function savedViews(): { name: string; hash: string }[] {
  try {
    return JSON.parse(localStorage.getItem(VIEWS_KEY) ?? '[]');
  } catch {
    return [];
  }
}
function storeViews(views: { name: string; hash: string }[]): void {
  localStorage.setItem(VIEWS_KEY, JSON.stringify(views));
}

export async function renderWorkbench(main: HTMLElement, _session: Session, params: URLSearchParams, current: () => boolean): Promise<void> {
  const view = viewOf(params);
  const navigate = (next: Partial<View>) => go('lines', viewParams({ ...view, ...next }));

  const first = await backend.lines({ filters: view.filters, search: view.search || null, open_only: view.openOnly, flag: view.flag || null, sort: view.sort, descending: view.desc, offset: 0, limit: PAGE });
  if (!current()) return;
  const total = first.total;
  const pages = new Map<number, LineRow[]>([[0, first.rows]]);
  const inflight = new Set<number>();

  // Filter chips and "add filter".
  const chips = h('ul', { class: 'chips', 'aria-label': 'Filters' },
    view.filters.map((f, i) =>
      h('li', {}, h('span', {}, `${dimLabel(f.dim)}: ${f.value}`),
        h('button', { type: 'button', 'aria-label': `Remove filter ${dimLabel(f.dim)} ${f.value}`, onclick: () => navigate({ filters: view.filters.filter((_, j) => j !== i) }) }, '×'))),
    view.flag ? h('li', {}, h('span', {}, view.flag === 'sla_breach' ? 'SLA breached' : 'Over 30 days'), h('button', { type: 'button', 'aria-label': 'Remove flag', onclick: () => navigate({ flag: '' }) }, '×')) : null,
  );
  const dimSelect = h('select', { 'aria-label': 'Filter by dimension', 'data-testid': 'filter-dim' },
    h('option', { value: '' }, 'Add filter…'),
    DIMENSIONS.filter((d) => !view.filters.some((f) => f.dim === d.key)).map((d) => h('option', { value: d.key }, d.label)));
  const valueSelect = h('select', { 'aria-label': 'Filter value', disabled: true, 'data-testid': 'filter-value' }, h('option', { value: '' }, '—'));
  dimSelect.addEventListener('change', async () => {
    const dim = dimSelect.value;
    if (!dim) return;
    const groups = await backend.drill(view.filters, dim, { top: 1000, order_by: 'open_lines' });
    clear(valueSelect, h('option', { value: '' }, `${dimLabel(dim)}…`), groups.groups.map((g) => h('option', { value: g.key }, `${g.key} (${fmt.int(g.open_lines)} open)`)));
    valueSelect.disabled = false;
    valueSelect.focus();
  });
  valueSelect.addEventListener('change', () => {
    if (dimSelect.value && valueSelect.value) navigate({ filters: [...view.filters, { dim: dimSelect.value, value: valueSelect.value }] });
  });
  const search = h('input', { type: 'search', placeholder: 'Search order, part, customer, location', value: view.search, 'aria-label': 'Search lines', 'data-testid': 'search' });
  search.addEventListener('input', debounce(() => navigate({ search: search.value.trim() }), 350));
  const openOnly = h('input', { type: 'checkbox', checked: view.openOnly, id: 'open-only' });
  openOnly.addEventListener('change', () => navigate({ openOnly: openOnly.checked }));

  // Saved views.
  const views = savedViews();
  const viewName = h('input', { type: 'text', placeholder: 'Name this view', 'aria-label': 'View name', maxlength: 60 });
  const saveView = h('button', { type: 'button', class: 'secondary' }, 'Save view');
  saveView.addEventListener('click', () => {
    const name = viewName.value.trim();
    if (!name) return viewName.focus();
    storeViews([...views.filter((v) => v.name !== name), { name, hash: location.hash }]);
    void renderWorkbench(main, _session, params, current);
  });
  const viewList = h('div', { class: 'views' },
    views.length ? h('span', { class: 'muted' }, 'Views:') : null,
    views.map((v) =>
      h('span', { class: 'view' },
        h('a', { href: v.hash }, v.name),
        h('button', { type: 'button', class: 'icon', 'aria-label': `Delete view ${v.name}`, onclick: () => { storeViews(views.filter((x) => x.name !== v.name)); void renderWorkbench(main, _session, params, current); } }, '×'))),
    viewName, saveView);

  // The virtualized table.
  const header = h('div', { class: 'vt-head', role: 'row' },
    COLUMNS.map((c) => {
      const active = view.sort === c.key;
      return h('button', {
        type: 'button', role: 'columnheader', class: `vt-cell ${c.num ? 'num' : ''} ${active ? 'sorted' : ''}`,
        'aria-sort': active ? (view.desc ? 'descending' : 'ascending') : 'none',
        onclick: () => navigate({ sort: c.key, desc: active ? !view.desc : true }),
      }, c.label, active ? (view.desc ? ' ▼' : ' ▲') : '');
    }));
  const spacer = h('div', { class: 'vt-spacer' });
  spacer.style.height = `${total * ROW_HEIGHT}px`;
  const body = h('div', { class: 'vt-body', role: 'rowgroup', tabindex: 0, 'aria-label': `${total} lines; arrow keys move, Enter opens`, 'data-testid': 'lines-table', 'data-total': String(total) }, spacer);
  const detail = h('aside', { class: 'detail card', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Select a line to see its part, customer, equipment, purchase orders, transfers and stock elsewhere.'));
  let selected = -1;

  const rowAt = (i: number): LineRow | undefined => pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  const fetchPage = async (p: number) => {
    if (pages.has(p) || inflight.has(p)) return;
    inflight.add(p);
    try {
      const page = await backend.lines({ filters: view.filters, search: view.search || null, open_only: view.openOnly, flag: view.flag || null, sort: view.sort, descending: view.desc, offset: p * PAGE, limit: PAGE });
      pages.set(p, page.rows);
      paint();
    } finally {
      inflight.delete(p);
    }
  };
  const paint = () => {
    const top = body.scrollTop;
    const height = body.clientHeight || 600;
    const from = Math.max(0, Math.floor(top / ROW_HEIGHT) - 10);
    const to = Math.min(total, Math.ceil((top + height) / ROW_HEIGHT) + 10);
    const rows: HTMLElement[] = [];
    for (let i = from; i < to; i++) {
      const r = rowAt(i);
      if (!r) {
        void fetchPage(Math.floor(i / PAGE));
        continue;
      }
      const row = h('div', { class: `vt-row ${i === selected ? 'selected' : ''} ${r.sla_breach ? 'breach' : ''}`, role: 'row', 'data-testid': 'line-row', 'data-index': String(i), 'aria-selected': i === selected ? 'true' : 'false' },
        COLUMNS.map((c) => h('span', { class: `vt-cell ${c.num ? 'num' : ''}`, role: 'cell' }, c.cell(r))));
      row.style.transform = `translateY(${i * ROW_HEIGHT}px)`;
      row.addEventListener('click', (e) => {
        if ((e.target as HTMLElement).closest('a')) return;
        select(i);
      });
      rows.push(row);
    }
    spacer.replaceChildren(...rows);
  };
  const select = (i: number) => {
    if (i < 0 || i >= total) return;
    selected = i;
    const rowTop = i * ROW_HEIGHT;
    if (rowTop < body.scrollTop) body.scrollTop = rowTop;
    else if (rowTop + ROW_HEIGHT > body.scrollTop + body.clientHeight) body.scrollTop = rowTop + ROW_HEIGHT - body.clientHeight;
    paint();
    const r = rowAt(i);
    if (r) void showDetail(detail, r, _session.readOnly, paint);
  };
  let frame = 0;
  body.addEventListener('scroll', () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(paint);
  });
  body.addEventListener('keydown', (e) => {
    const visible = Math.max(1, Math.floor(body.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: visible, PageUp: -visible, Home: -total, End: total };
    if (e.key in moves) {
      e.preventDefault();
      select(Math.min(total - 1, Math.max(0, (selected < 0 ? -1 : selected) + moves[e.key])));
    } else if (e.key === 'Enter' && selected >= 0) {
      const r = rowAt(selected);
      if (r) go('part', { id: r.part_id });
    }
  });

  const flagNote = view.flag === 'sla_breach' ? ' past their SLA limit' : view.flag === 'over_30_days' ? ' older than 30 days' : '';
  clear(
    main,
    h('div', { class: 'page-head' },
      h('div', {},
        h('nav', { class: 'crumbs', 'data-testid': 'breadcrumb', 'aria-label': 'Drill-down path' },
          h('button', { type: 'button', class: 'back', onclick: () => history.back() }, '← Back'),
          h('ol', {}, h('li', {}, h('a', { href: href('dashboard', { f: filterParams(view.filters.filter((f) => ['region', 'location', 'part'].includes(f.dim))) }) }, 'Dashboard')), h('li', {}, h('span', { 'aria-current': 'page' }, 'Lines')))),
        h('h1', {}, 'Backorder workbench'),
        h('p', { class: 'summary', 'data-testid': 'lines-summary' }, `${fmt.int(total)} ${view.openOnly ? 'open ' : ''}line${total === 1 ? '' : 's'}${flagNote}`, view.openOnly ? '' : ` (${fmt.int(first.open)} open)`))),
    h('div', { class: 'toolbar' }, chips, dimSelect, valueSelect, search, h('label', { for: 'open-only', class: 'check' }, openOnly, ' Open only')),
    viewList,
    h('div', { class: 'workbench' },
      h('div', { class: 'vt', role: 'table', 'aria-rowcount': String(total) }, header, total ? body : h('p', { class: 'empty' }, 'No line matches these filters.')),
      detail),
  );
  paint();
  if (total > 0) select(0);
}

async function showDetail(panel: HTMLElement, r: LineRow, readOnly: boolean, repaint: () => void): Promise<void> {
  let d: LineDetail;
  try {
    d = await backend.lineDetail(r.order_id, r.order_line);
  } catch (e) {
    clear(panel, h('p', { class: 'error' }, String((e as Error).message)));
    return;
  }
  const dl = (pairs: [string, Node | string | null | undefined][]) =>
    h('dl', {}, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v as Node | string)]));
  clear(
    panel,
    h('h2', {}, `Line ${d.line.order_id}/${d.line.order_line}`),
    dl([
      ['Status', d.line.open ? `open, ${d.line.age_days} days` : d.line.status],
      ['Age vs SLA', ageCell(d.line)],
      ['Created', d.line.created_date],
      ['Promised', d.promised_date ?? 'not promised'],
      ['Quantity', `${fmt.dec(d.line.qty_open)} open${d.qty_ordered !== null ? ` of ${fmt.dec(d.qty_ordered)}` : ''}`],
      ['Part', h('span', {}, h('a', { href: href('part', { id: d.line.part_id }) }, d.line.part_id), d.part?.description ? ` — ${d.part.description}` : '', d.part ? ` (crit. ${d.part.criticality}, ${d.part.lifecycle})` : '')],
      ['Customer', `${d.line.customer_id}${d.customer_name ? ` — ${d.customer_name}` : ''}${d.customer_tier ? ` (${d.customer_tier})` : ''}`],
      ['Location', `${d.line.location_id} (${d.line.region})`],
      ['Equipment', d.equipment ? `${d.equipment.equipment_id} ${d.equipment.model}${d.equipment.downtime_cost_per_day ? `, downtime ${fmt.money(d.equipment.downtime_cost_per_day)}/day` : ''}` : null],
    ]),
    causePanel(d.cause, readOnly, (c) => {
      r.root_cause = c.root_cause;
      repaint();
      void showDetail(panel, r, readOnly, repaint);
    }),
    h('h3', {}, `Purchase orders (${d.purchase_orders.length})`),
    d.purchase_orders.length
      ? h('ul', { class: 'plain' }, d.purchase_orders.slice(0, 8).map((p) =>
          h('li', {}, `${p.po_id}/${p.po_line} · ${p.supplier_id} · ${fmt.dec(p.qty_ordered)} · committed ${p.committed_date} · `,
            p.status === 'open' ? h('span', { class: (p.days_late ?? 0) > 0 ? 'bad' : 'ok' }, (p.days_late ?? 0) > 0 ? `${p.days_late} d late` : 'on time') : `received ${p.received_date ?? '—'}`)))
      : h('p', { class: 'muted' }, 'No purchase order for this part.'),
    h('h3', {}, `Transfers (${d.transfers.length})`),
    d.transfers.length
      ? h('ul', { class: 'plain' }, d.transfers.map((t) => h('li', {}, `${t.transfer_id}: ${t.from_location_id} → ${t.to_location_id}, ${fmt.dec(t.qty)}, ${t.status}, expected ${t.expected_date}`)))
      : h('p', { class: 'muted' }, 'No open transfer to or from this location.'),
    h('h3', {}, `Stock elsewhere (${d.stock_elsewhere.length})`),
    d.stock_elsewhere.length
      ? h('ul', { class: 'plain' }, d.stock_elsewhere.slice(0, 10).map((s) => h('li', {}, `${s.location_id}${s.region ? ` (${s.region})` : ''}: ${fmt.dec(s.on_hand)} on hand`)))
      : h('p', { class: 'muted' }, 'No free stock elsewhere in the network.'),
  );
}
