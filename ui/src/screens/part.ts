/**
 * A part: master data, its KPIs, stock by location, inbound POs with their
 * lateness, monthly demand (demanded vs filled), substitutes and successor,
 * and its open lines. Read-only and laid out to work at phone width, for a
 * technician checking a part's status.
 */
import type { Session } from '../main';
import { backend } from '../lib/backend';
import { columnChart } from '../lib/charts';
import { clear, fmt, h } from '../lib/dom';
import { filterParams, go, href } from '../router';
import { ageCell } from './workbench';

export async function renderPart(main: HTMLElement, _session: Session, params: URLSearchParams, current: () => boolean): Promise<void> {
  const id = params.get('id') ?? '';
  const form = h('form', { class: 'part-search', role: 'search' },
    h('input', { type: 'search', name: 'id', value: id, placeholder: 'Part number', 'aria-label': 'Part number', 'data-testid': 'part-search' }),
    h('button', { type: 'submit' }, 'Show part'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = (form.elements.namedItem('id') as HTMLInputElement).value.trim();
    if (v) go('part', { id: v });
  });
  if (!id) {
    clear(main, h('h1', {}, 'Part'), form);
    return;
  }
  const v = await backend.partView(id);
  if (!current()) return;
  const p = v.part;
  const onHand = v.stock.reduce((s, x) => s + x.on_hand, 0);
  const table = (head: string[], rows: (Node | string)[][], testid: string) =>
    h('div', { class: 'table-wrap' },
      h('table', { class: 'data', 'data-testid': testid },
        h('thead', {}, h('tr', {}, head.map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
  clear(
    main,
    h('div', { class: 'page-head' },
      h('div', {},
        h('nav', { class: 'crumbs', 'data-testid': 'breadcrumb' }, h('button', { type: 'button', class: 'back', onclick: () => history.back() }, '← Back')),
        h('h1', { 'data-testid': 'part-title' }, `Part ${p.part_id}`),
        h('p', { class: 'summary' }, p.description ?? '', ` · criticality ${p.criticality} · ${p.lifecycle}${p.eol_date ? ` since ${p.eol_date}` : ''} · lead time ${fmt.dec(p.lead_time_days)} d${p.primary_supplier_id ? ` · supplier ${p.primary_supplier_id}` : ''}`)),
      h('div', { class: 'row' }, h('a', { class: 'button secondary', href: href('forecast', { part: p.part_id }), 'data-testid': 'part-forecast' }, 'Forecast'), form)),
    h('section', { class: 'tiles compact' },
      [
        ['Open lines', fmt.int(v.figures.open_lines), 'tile-open_lines', v.figures.open_lines],
        ['Open qty', fmt.dec(v.figures.open_qty), 'tile-open_qty', v.figures.open_qty],
        ['On hand (network)', fmt.dec(onHand), 'tile-on_hand', onHand],
        ['SLA breaches', fmt.int(v.figures.sla_breaches), 'tile-sla_breaches', v.figures.sla_breaches],
        ['Backorder days', fmt.int(v.figures.backorder_days), 'tile-backorder_days', v.figures.backorder_days],
      ].map(([label, text, testid, value]) =>
        h('a', { class: 'tile', href: href('lines', { f: filterParams([{ dim: 'part', value: p.part_id }]) }), 'data-testid': testid as string, 'data-value': String(value) },
          h('span', { class: 'tile-label' }, label as string), h('span', { class: 'tile-value' }, text as string)))),
    p.successor_part_id || v.predecessors.length || v.substitutes.length
      ? h('section', { class: 'card' },
          h('h2', {}, 'Substitutes and successor'),
          h('ul', { class: 'plain' },
            p.successor_part_id ? h('li', {}, 'Succeeded by ', h('a', { href: href('part', { id: p.successor_part_id }) }, p.successor_part_id)) : null,
            v.predecessors.map((x) => h('li', {}, 'Succeeds ', h('a', { href: href('part', { id: x }) }, x))),
            v.substitutes.map((x) => h('li', {}, 'Substitute ', h('a', { href: href('part', { id: x.substitute_part_id }) }, x.substitute_part_id), ` (${x.direction.replace('_', '-')}, ratio ${fmt.dec(x.ratio)}, ${fmt.dec(x.on_hand)} on hand)`))))
      : null,
    h('div', { class: 'grid' },
      h('section', { class: 'card' },
        h('h2', {}, `Stock by location (${v.stock.length})`),
        v.stock.length
          ? table(['Location', 'Region', 'On hand', 'Blocked / QI', 'In transit', 'Backordered'],
              v.stock.map((s) => [s.location_id, s.region ?? '—', fmt.dec(s.on_hand), `${fmt.dec(s.blocked ?? 0)} / ${fmt.dec(s.quality_inspection ?? 0)}`, fmt.dec(s.in_transit ?? 0), s.backordered ? h('strong', { class: 'bad' }, fmt.dec(s.backordered)) : '—']), 'stock-table')
          : h('p', { class: 'muted' }, 'No stock record for this part.')),
      h('section', { class: 'card' },
        h('h2', {}, `Inbound purchase orders (${v.purchase_orders.filter((x) => x.status === 'open').length} open)`),
        v.purchase_orders.length
          ? table(['PO / line', 'Supplier', 'To', 'Qty', 'Committed', 'Lateness'],
              v.purchase_orders.slice(0, 30).map((x) => [`${x.po_id}/${x.po_line}`, x.supplier_id, x.location_id, fmt.dec(x.qty_ordered), x.committed_date,
                x.days_late === null ? x.status : h('span', { class: x.days_late > 0 ? 'bad' : 'ok' }, x.status === 'open' ? (x.days_late > 0 ? `${x.days_late} d late` : `due in ${-x.days_late} d`) : (x.days_late > 0 ? `received ${x.days_late} d late` : 'received on time'))]), 'po-table')
          : h('p', { class: 'muted' }, 'No purchase order for this part.')),
      h('section', { class: 'card wide' },
        h('h2', {}, 'Monthly demand'),
        v.demand.length
          ? h('div', {},
              columnChart(v.demand.map((d) => d.period), [
                { name: 'demanded', color: 'var(--brand)', values: v.demand.map((d) => d.qty_demanded) },
                { name: 'filled', color: 'var(--accent)', values: v.demand.map((d) => d.qty_filled) },
              ], fmt.dec),
              h('p', { class: 'legend' }, h('span', { class: 'key brand' }, 'demanded'), h('span', { class: 'key accent' }, 'filled')))
          : h('p', { class: 'muted' }, 'No demand history.')),
      h('section', { class: 'card wide' },
        h('h2', {}, `Open lines (${v.open_lines.length})`),
        v.open_lines.length
          ? table(['Order / line', 'Customer', 'Location', 'Qty', 'Age vs SLA'],
              v.open_lines.slice(0, 100).map((l) => [`${l.order_id}/${l.order_line}`, l.customer_id, l.location_id, fmt.dec(l.qty_open), ageCell(l)]), 'part-lines')
          : h('p', { class: 'muted' }, 'No open backorder for this part.'))),
  );
}
