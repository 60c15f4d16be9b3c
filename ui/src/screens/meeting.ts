/**
 * Meeting mode: large type for a meeting-room screen. The leadership KPIs
 * and charts for the network, then each region in turn with ← and →.
 * Exports the current view as PNG or SVG (rendered in Rust by plotters) and
 * its numbers as CSV.
 */
import type { Session } from '../main';
import { backend, BackendError } from '../lib/backend';
import type { FilterDto } from '../lib/bindings/FilterDto';
import type { KpiFigures } from '../lib/bindings/KpiFigures';
import { barList, trendChart } from '../lib/charts';
import { clear, download, fmt, h } from '../lib/dom';
import { KPIS } from '../lib/kpi';
import { go, href } from '../router';

const SHOWN: (keyof KpiFigures)[] = ['open_lines', 'open_value', 'sla_breaches', 'penalty_exposure', 'backorder_days_per_part', 'lines_over_30_days'];

export async function renderMeeting(main: HTMLElement, _session: Session, params: URLSearchParams, current: () => boolean): Promise<void> {
  const regions = (await backend.drill([], 'region')).groups.map((g) => g.key);
  const requested = Number.parseInt(params.get('i') ?? '-1', 10);
  const index = Math.min(regions.length - 1, Math.max(-1, Number.isNaN(requested) ? -1 : requested));
  const region = index >= 0 ? regions[index] : null;
  const filters: FilterDto[] = region ? [{ dim: 'region', value: region }] : [];
  const by = region ? 'location' : 'region';
  const [report, causes, history] = await Promise.all([backend.drill(filters, by), backend.drill(filters, 'root_cause'), backend.kpiHistory()]);
  if (!current()) return;

  const step = (delta: number) => {
    const next = index + delta;
    if (next < -1 || next >= regions.length) return;
    go('meeting', { i: String(next) });
  };
  const onKey = (e: KeyboardEvent) => {
    if (!document.documentElement.classList.contains('meeting-mode')) return document.removeEventListener('keydown', onKey);
    if (e.key === 'ArrowRight') { e.preventDefault(); step(1); }
    else if (e.key === 'ArrowLeft') { e.preventDefault(); step(-1); }
    else if (e.key === 'Escape' && !document.fullscreenElement) { go('dashboard'); }
  };
  document.addEventListener('keydown', onKey);
  window.addEventListener('hashchange', () => document.removeEventListener('keydown', onKey), { once: true });

  const exportError = h('p', { class: 'error', role: 'alert', 'data-testid': 'export-error' });
  exportError.hidden = true;
  const exportAs = async (format: 'png' | 'svg' | 'csv', button: HTMLButtonElement) => {
    button.disabled = true;
    exportError.hidden = true;
    try {
      download(format === 'csv' ? await backend.drillCsv(filters, by) : await backend.chart({ kind: 'breakdown', format, filters, by, metric: 'open_lines' }));
    } catch (e) {
      exportError.textContent = `Export failed: ${e instanceof BackendError ? e.message : String(e)}`;
      exportError.hidden = false;
    } finally {
      button.disabled = false;
    }
  };
  const exportButton = (format: 'png' | 'svg' | 'csv', label: string) => {
    const b = h('button', { type: 'button', class: 'secondary', 'data-testid': `export-${format}` }, label);
    b.addEventListener('click', () => void exportAs(format, b));
    return b;
  };
  const fullscreen = h('button', { type: 'button', class: 'secondary', title: 'Full screen (F)' }, document.fullscreenElement ? 'Leave full screen' : 'Full screen');
  fullscreen.addEventListener('click', () => void (document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen()));

  clear(
    main,
    h('div', { class: 'meeting' },
      h('header', { class: 'meeting-head' },
        h('button', { type: 'button', class: 'nav-step', 'aria-label': 'Previous region (←)', disabled: index < 0, onclick: () => step(-1) }, '←'),
        h('div', {},
          h('h1', { 'data-testid': 'meeting-title' }, region ? `Region ${region}` : 'Network'),
          h('p', { class: 'muted' }, `As of ${report.as_of} · ${index + 2} of ${regions.length + 1} · ← → step through regions`)),
        h('button', { type: 'button', class: 'nav-step', 'aria-label': 'Next region (→)', disabled: index >= regions.length - 1, onclick: () => step(1) }, '→')),
      h('section', { class: 'tiles big' },
        SHOWN.map((key) => {
          const meta = KPIS.find((k) => k.key === key)!;
          return h('a', { class: 'tile', href: href('lines', { f: filters.map((f) => `${f.dim}:${f.value}`), flag: meta.lines?.flag }), 'data-testid': `tile-${key}`, 'data-value': String(report.figures[key]) },
            h('span', { class: 'tile-label' }, meta.label), h('span', { class: 'tile-value' }, meta.format(report.figures[key])));
        })),
      h('div', { class: 'grid' },
        h('section', { class: 'card' }, h('h2', {}, `Open lines by ${by}`),
          barList([...report.groups].sort((a, b) => b.open_lines - a.open_lines).map((g) => ({ key: g.key, value: g.open_lines, text: fmt.int(g.open_lines), title: `${g.key}: ${fmt.int(g.open_lines)} open lines, ${fmt.int(g.sla_breaches)} breaches` })), undefined, { limit: 10 })),
        h('section', { class: 'card' }, h('h2', {}, 'Root causes'),
          barList([...causes.groups].sort((a, b) => b.open_lines - a.open_lines).map((g) => ({ key: g.key.replace('_', ' '), value: g.open_lines, text: fmt.int(g.open_lines), title: `${g.key}: ${fmt.int(g.open_lines)} open lines` })))),
        region ? null : h('section', { class: 'card wide' }, h('h2', {}, 'Trend'),
          trendChart(history.map((x) => x.as_of), [
            { name: 'Open lines', color: 'var(--brand)', values: history.map((x) => x.total.open_lines), format: fmt.int },
            { name: 'Open value', color: 'var(--accent)', values: history.map((x) => x.total.open_value), format: fmt.money },
            { name: 'SLA breaches', color: 'var(--bad)', values: history.map((x) => x.total.sla_breaches), format: fmt.int },
          ]))),
      h('footer', { class: 'row meeting-actions' }, fullscreen, exportButton('png', 'Export PNG'), exportButton('svg', 'Export SVG'), exportButton('csv', 'Export numbers (CSV)'),
        h('a', { class: 'button secondary', href: href('dashboard') }, 'Leave meeting mode')),
      exportError),
  );
}
