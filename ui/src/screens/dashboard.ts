/**
 * The dashboard: KPI tiles (with the change since the previous snapshot at
 * the top level), the trend over the snapshots, breakdowns and a Pareto of
 * parts. Every tile, bar and row drills down: region → location → part →
 * lines, with breadcrumbs and Back.
 */
import type { Session } from '../main';
import { backend } from '../lib/backend';
import type { DrillReport } from '../lib/bindings/DrillReport';
import type { FilterDto } from '../lib/bindings/FilterDto';
import type { KpiFigures } from '../lib/bindings/KpiFigures';
import type { KpiGroup } from '../lib/bindings/KpiGroup';
import type { KpiSnapshot } from '../lib/bindings/KpiSnapshot';
import { barList, trendChart } from '../lib/charts';
import { clear, fmt, h } from '../lib/dom';
import { dimLabel, KPIS, type KpiMeta, nextDim, TOTAL_ONLY } from '../lib/kpi';
import { filterParams, filtersOf, go, href } from '../router';

const SIDE_DIMS = ['root_cause', 'criticality', 'tier', 'region'];

export function linesHref(filters: FilterDto[], meta?: KpiMeta): string {
  return href('lines', {
    f: filterParams(filters),
    open: meta?.lines?.openOnly === false ? '0' : undefined,
    flag: meta?.lines?.flag,
  });
}

function crumbs(path: FilterDto[]): HTMLElement {
  const items: HTMLElement[] = [h('li', {}, path.length ? h('a', { href: href('dashboard') }, 'Network') : h('span', { 'aria-current': 'page' }, 'Network'))];
  path.forEach((f, i) => {
    const label = `${dimLabel(f.dim)} ${f.value}`;
    items.push(
      h('li', {}, i === path.length - 1
        ? h('span', { 'aria-current': 'page' }, label)
        : h('a', { href: href('dashboard', { f: filterParams(path.slice(0, i + 1)) }) }, label)),
    );
  });
  return h(
    'nav',
    { class: 'crumbs', 'aria-label': 'Drill-down path', 'data-testid': 'breadcrumb' },
    path.length ? h('button', { type: 'button', class: 'back', onclick: () => history.back(), title: 'Back (Alt+←)' }, '← Back') : null,
    h('ol', {}, items),
  );
}

function tile(meta: KpiMeta, value: number | null, previous: number | null | undefined, link: string | null): HTMLElement {
  let delta: HTMLElement | null = null;
  if (value !== null && previous !== null && previous !== undefined) {
    const d = value - previous;
    const worse = meta.higherIsBetter ? d < 0 : d > 0;
    const text = d === 0 ? 'no change' : `${d > 0 ? '+' : '−'}${meta.format(Math.abs(d))}`;
    delta = h('span', { class: `delta ${d === 0 ? 'same' : worse ? 'worse' : 'better'}`, title: `Change since the previous snapshot (was ${meta.format(previous)})` }, text);
  }
  const body = [
    h('span', { class: 'tile-label' }, meta.label),
    h('span', { class: 'tile-value', 'data-testid': 'value' }, value === null ? '—' : meta.format(value)),
    delta,
  ];
  return h(
    link ? 'a' : 'div',
    {
      class: 'tile',
      href: link,
      title: `${meta.hint}${link ? ' — open the lines behind it' : ''}`,
      'data-testid': `tile-${meta.key}`,
      'data-value': value === null ? '' : String(value),
    },
    body,
  );
}

function groupTable(report: DrillReport, path: FilterDto[]): HTMLElement {
  const dim = report.by ?? '';
  const groups = [...report.groups].sort((a, b) => b.open_lines - a.open_lines || b.backorder_days - a.backorder_days);
  const max = Math.max(1, ...groups.map((g) => g.open_lines));
  const cols: { key: keyof KpiFigures; label: string; format: (n: number) => string }[] = [
    { key: 'open_lines', label: 'Open lines', format: fmt.int },
    { key: 'open_value', label: 'Value', format: fmt.money },
    { key: 'sla_breaches', label: 'SLA breaches', format: fmt.int },
    { key: 'backorder_days', label: 'Backorder days', format: fmt.int },
    { key: 'mean_age_days', label: 'Mean age', format: fmt.dec },
    { key: 'lines_over_30_days', label: '> 30 days', format: fmt.int },
  ];
  const drillTo = (g: KpiGroup) => {
    const deeper = [...path, { dim, value: g.key }];
    if (nextDim(deeper) === null) location.hash = linesHref(deeper, KPIS[0]);
    else go('dashboard', { f: filterParams(deeper) });
  };
  return h(
    'table',
    { class: 'groups', 'data-testid': 'groups' },
    h('caption', {}, `By ${dimLabel(dim).toLowerCase()} (${report.groups_total > groups.length ? `the ${groups.length} with most open lines of ${fmt.int(report.groups_total)}` : groups.length})`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, dimLabel(dim)), h('th', { scope: 'col', class: 'bar-col' }, ''), cols.map((c) => h('th', { scope: 'col', class: 'num' }, c.label)))),
    h(
      'tbody',
      {},
      groups.map((g) => {
        const deeper = [...path, { dim, value: g.key }];
        const bar = h('span', { class: 'bar-fill' });
        bar.style.width = `${Math.max(0.5, (g.open_lines / max) * 100)}%`;
        const row = h(
          'tr',
          { 'data-testid': 'group-row', 'data-key': g.key, 'data-open-lines': String(g.open_lines) },
          h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => drillTo(g), title: `Drill into ${dimLabel(dim).toLowerCase()} ${g.key}` }, g.key)),
          h('td', { class: 'bar-col' }, h('span', { class: 'bar-track' }, bar)),
          cols.map((c) => h('td', { class: 'num' }, h('a', { href: linesHref(deeper, KPIS.find((k) => k.key === c.key)), title: `The lines behind ${c.label.toLowerCase()} of ${g.key}` }, c.format(g[c.key])))),
        );
        row.addEventListener('click', (e) => {
          if ((e.target as HTMLElement).closest('a,button')) return;
          drillTo(g);
        });
        return row;
      }),
    ),
  );
}

function sideBreakdown(report: DrillReport, path: FilterDto[]): HTMLElement {
  const dim = report.by ?? '';
  const bars = [...report.groups]
    .sort((a, b) => b.open_lines - a.open_lines)
    .map((g) => ({ key: g.key, value: g.open_lines, text: fmt.int(g.open_lines), title: `${dimLabel(dim)} ${g.key}: ${fmt.int(g.open_lines)} open lines, ${fmt.int(g.sla_breaches)} SLA breaches, value ${fmt.money(g.open_value)}` }));
  return h(
    'section',
    { class: 'card breakdown', 'data-testid': `breakdown-${dim}` },
    h('h3', {}, `Open lines by ${dimLabel(dim).toLowerCase()}`),
    barList(bars, (key) => go('dashboard', { f: filterParams([...path, { dim, value: key }]) })),
  );
}

function pareto(report: DrillReport, path: FilterDto[]): HTMLElement {
  const parts = [...report.groups].sort((a, b) => b.backorder_days - a.backorder_days);
  const total = report.figures.backorder_days || 1;
  let cumulative = 0;
  const top = parts.slice(0, 10).map((g) => {
    cumulative += g.backorder_days;
    return { key: g.key, value: g.backorder_days, text: `${fmt.int(g.backorder_days)} · ${fmt.pct((cumulative / total) * 100)}`, title: `Part ${g.key}: ${fmt.int(g.backorder_days)} backorder days; top parts so far ${fmt.pct((cumulative / total) * 100)} of all` };
  });
  return h(
    'section',
    { class: 'card breakdown', 'data-testid': 'pareto' },
    h('h3', {}, 'Top 10 parts by backorder days'),
    h('p', { class: 'muted small' }, `Bars: backorder days · cumulative share of all ${fmt.int(report.groups_total)} parts`),
    barList(top, (key) => go('part', { id: key, f: filterParams(path) })),
  );
}

export async function renderDashboard(main: HTMLElement, _session: Session, params: URLSearchParams, current: () => boolean): Promise<void> {
  const path = filtersOf(params);
  const by = nextDim(path);
  main.append(h('p', { class: 'loading' }, 'Loading…'));
  const top = path.length === 0;
  const sideDims = SIDE_DIMS.filter((d) => !path.some((f) => f.dim === d) && d !== by);
  // The figures and the next level first; the side charts fill in after, so
  // a click shows its drill-down as soon as the one aggregate it needs is in.
  const [report, kpis, history] = await Promise.all([
    backend.drill(path, by ?? undefined, { top: 200, order_by: 'open_lines' }),
    top ? backend.kpis() : Promise.resolve(null),
    top ? backend.kpiHistory() : Promise.resolve([] as KpiSnapshot[]),
  ]);
  if (!current()) return;
  const placeholder = (title: string) => h('section', { class: 'card breakdown' }, h('h3', {}, title), h('p', { class: 'loading' }, 'Loading…'));
  const sideSlots = sideDims.slice(0, 3).map((dim) => ({ dim, slot: placeholder(`Open lines by ${dimLabel(dim).toLowerCase()}`) }));
  const paretoSlot = placeholder('Top 10 parts by backorder days');
  const previous = history.length >= 2 ? history[history.length - 2].total : undefined;
  const tiles = h(
    'section',
    { class: 'tiles', 'aria-label': 'Key figures' },
    KPIS.map((m) => {
      const key = m.key as keyof KpiFigures;
      const value = top && kpis ? (kpis.total[key] as number) : report.figures[key];
      return tile(m, value, previous ? (previous[key] as number) : undefined, linesHref(path, m));
    }),
    top && kpis
      ? TOTAL_ONLY.map((m) => {
          const key = m.key as 'fill_rate' | 'supplier_on_time_pct';
          return tile(m, kpis.total[key], previous ? previous[key] : undefined, null);
        })
      : [],
  );
  const title = path.length ? `${dimLabel(path[path.length - 1].dim)} ${path[path.length - 1].value}` : 'Backorders across the network';
  clear(
    main,
    h('div', { class: 'page-head' },
      h('div', {}, crumbs(path), h('h1', {}, title)),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: linesHref(path, KPIS[0]), 'data-testid': 'open-lines-link' }, `Open lines (${fmt.int(report.figures.open_lines)}) →`),
        path.some((f) => f.dim === 'part') ? h('a', { class: 'button secondary', href: href('part', { id: path.find((f) => f.dim === 'part')?.value ?? '' }) }, 'Part view →') : null)),
    tiles,
    top
      ? h('section', { class: 'card', 'data-testid': 'trend' },
          h('h3', {}, `Trend over ${history.length} snapshot${history.length === 1 ? '' : 's'}`),
          trendChart(history.map((x) => x.as_of), [
            { name: 'Open lines', color: 'var(--brand)', values: history.map((x) => x.total.open_lines), format: fmt.int },
            { name: 'Open value', color: 'var(--accent)', values: history.map((x) => x.total.open_value), format: fmt.money },
            { name: 'SLA breaches', color: 'var(--bad)', values: history.map((x) => x.total.sla_breaches), format: fmt.int },
          ]))
      : null,
    h('div', { class: 'grid' },
      h('section', { class: 'card wide' }, by ? groupTable(report, path) : h('p', {}, h('a', { href: linesHref(path, KPIS[0]) }, 'Show the lines'))),
      sideSlots.map((x) => x.slot),
      paretoSlot),
  );
  main.focus({ preventScroll: true });
  for (const { dim, slot } of sideSlots) {
    const r = await backend.drill(path, dim);
    if (!current()) return;
    slot.replaceWith(sideBreakdown(r, path));
  }
  const parts = await backend.drill(path, 'part', { top: 10, order_by: 'backorder_days' });
  if (current()) paretoSlot.replaceWith(pareto(parts, path));
}
