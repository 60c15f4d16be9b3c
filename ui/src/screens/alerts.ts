/**
 * SLA duration alerts: the masthead badge, the after-import notice and
 * the alerts panel (filter by state and level, acknowledge, assign, snooze,
 * export CSV, thresholds). An alert is raised once per line and level by the
 * import (warning at a share of the SLA limit, breached past it, escalated
 * far past it); see docs/followup.md.
 */
import './followup.css';
import type { Session } from '../main';
import { backend, BackendError } from '../lib/backend';
import type { AlertDto } from '../lib/bindings/AlertDto';
import type { AlertSummary } from '../lib/bindings/AlertSummary';
import type { AlertThresholds } from '../lib/bindings/AlertThresholds';
import { clear, download, fmt, h } from '../lib/dom';
import { go, href } from '../router';

/** Rows shown at once; the CSV export has them all. */
const SHOWN = 300;

const LEVEL_LABEL: Record<string, string> = { escalated: 'Escalated', breached: 'Breached', warning: 'Warning' };

let summary: AlertSummary | undefined;

function activeCount(s: AlertSummary | undefined): number {
  return s ? s.counts.open : 0;
}

/** The masthead's badge: open (not yet acknowledged) alerts; a link to the panel. */
export function alertBadge(): HTMLElement {
  const n = activeCount(summary);
  return h('a', {
    class: `alert-badge${n > 0 ? ' has-alerts' : ''}`,
    href: href('alerts'),
    'data-testid': 'alert-badge',
    'data-count': String(n),
    title: summary ? `${fmt.int(n)} open alerts · ${fmt.int(summary.counts.escalated)} escalated · ${fmt.int(summary.counts.breached)} breached · ${fmt.int(summary.counts.warning)} warning` : 'Alerts',
    'aria-label': `${n} open alerts`,
  }, h('span', { 'aria-hidden': 'true' }, '⚑ '), fmt.int(n));
}

function replaceBadge(): void {
  document.querySelector('[data-testid="alert-badge"]')?.replaceWith(alertBadge());
}

/**
 * Re-reads the alert summary and updates the badge; when a new import was
 * committed since the last look (`notify`), shows what it raised in the page.
 */
export async function watchAlerts(notify: boolean): Promise<void> {
  let next: AlertSummary;
  try {
    next = await backend.alertSummary();
  } catch {
    return;
  }
  const before = summary;
  summary = next;
  replaceBadge();
  if (notify && before && next.last_batch_id !== null && next.last_batch_id !== before.last_batch_id) {
    announce(next);
  }
}

function raisedText(s: AlertSummary): string {
  const raised = s.raised_escalated + s.raised_breached + s.raised_warning;
  const parts = [
    s.raised_escalated ? `${fmt.int(s.raised_escalated)} escalated` : '',
    s.raised_breached ? `${fmt.int(s.raised_breached)} breached` : '',
    s.raised_warning ? `${fmt.int(s.raised_warning)} warning` : '',
  ].filter(Boolean);
  const reviews = s.reviews_opened ? ` · ${fmt.int(s.reviews_opened)} reviews opened` : '';
  return raised === 0
    ? `No new alerts as of ${s.last_as_of ?? ''}${reviews}`
    : `${fmt.int(raised)} new alert${raised === 1 ? '' : 's'} as of ${s.last_as_of ?? ''}: ${parts.join(', ')}${reviews}`;
}

/**
 * The in-page notice. The desktop notification is the shell's own (sent from
 * Rust when the import commits: src-tauri/src/notify.rs); the page has no
 * notification permission.
 */
function announce(s: AlertSummary): void {
  document.querySelector('.toast')?.remove();
  const text = raisedText(s);
  const toast = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite', 'data-testid': 'alert-toast' },
    h('strong', {}, 'Import finished. '), text, ' ',
    h('a', { href: href('alerts'), onclick: () => toast.remove() }, 'Show alerts'),
    h('button', { type: 'button', class: 'icon', 'aria-label': 'Dismiss', onclick: () => toast.remove() }, '×'));
  document.body.append(toast);
  setTimeout(() => toast.remove(), 20_000);
}

/** Whole days from one `YYYY-MM-DD` to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function levelPill(level: string): HTMLElement {
  return h('span', { class: `level level-${level}`, 'data-testid': 'alert-level' }, LEVEL_LABEL[level] ?? level);
}

export async function renderAlerts(main: HTMLElement, session: Session, params: URLSearchParams, current: () => boolean): Promise<void> {
  const state = params.get('state') ?? 'active';
  const level = params.get('level') ?? '';
  const [list, thresholds] = await Promise.all([backend.alerts(state, level || undefined), backend.alertThresholds()]);
  if (!current()) return;
  const c = list.counts;
  const setParam = (k: string, v: string) => go('alerts', { state, level: level || undefined, [k]: v || undefined });
  const message = h('p', { class: 'form-message', role: 'alert', 'data-testid': 'alert-message' });

  const act = async (f: () => Promise<AlertDto>) => {
    message.textContent = '';
    try {
      await f();
      await watchAlerts(false);
      await renderAlerts(main, session, params, current);
    } catch (e) {
      message.textContent = e instanceof BackendError ? e.message : String(e);
    }
  };

  const row = (a: AlertDto) => {
    const assignee = h('input', { type: 'text', value: a.assignee ?? '', placeholder: 'Assign to…', 'aria-label': `Assign alert ${a.alert_id} to`, size: 10 });
    assignee.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') void act(() => backend.alertAssign(a.alert_id, assignee.value));
    });
    const until = h('input', { type: 'date', 'aria-label': `Snooze alert ${a.alert_id} until`, value: a.snooze_until ?? '' });
    const resolved = a.state === 'resolved';
    return h('tr', { 'data-testid': 'alert-row', 'data-alert-id': a.alert_id, 'data-state': a.state, class: `state-${a.state}` },
      h('td', {}, levelPill(a.level)),
      h('td', {}, h('a', { href: href('lines', { q: a.order_id }) }, `${a.order_id}/${a.order_line}`)),
      h('td', {}, h('a', { href: href('part', { id: a.part_id }) }, a.part_id)),
      h('td', {}, a.customer_id),
      h('td', {}, `${a.criticality ?? '–'} × ${a.tier ?? '–'}`),
      h('td', { class: 'num', title: `age ${fmt.int(a.age_days)} d when raised on ${a.raised_as_of}` },
        `${resolved || !list.as_of ? fmt.int(a.age_days) : fmt.int(daysBetween(a.created_date, list.as_of))} d / ${fmt.dec(a.limit_days)} d`),
      h('td', {}, a.raised_as_of),
      h('td', {}, a.state === 'snoozed' ? `snoozed until ${a.snooze_until}` : resolved ? `resolved (${(a.resolved_reason ?? '').replace('_', ' ')})` : a.state),
      h('td', { class: 'alert-actions' },
        resolved || session.readOnly
          ? a.assignee ?? ''
          : [
              a.state !== 'acknowledged'
                ? h('button', { type: 'button', class: 'secondary', 'data-testid': 'alert-ack', onclick: () => void act(() => backend.alertAck(a.alert_id)) }, 'Acknowledge')
                : null,
              assignee,
              h('button', { type: 'button', class: 'secondary', onclick: () => void act(() => backend.alertAssign(a.alert_id, assignee.value)) }, 'Assign'),
              until,
              h('button', { type: 'button', class: 'secondary', onclick: () => void act(() => backend.alertSnooze(a.alert_id, until.value)) }, 'Snooze'),
            ]));
  };

  const select = (label: string, value: string, options: [string, string][], on: (v: string) => void, testid: string) => {
    const el = h('select', { 'aria-label': label, 'data-testid': testid }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
    el.addEventListener('change', () => on(el.value));
    return h('label', {}, `${label} `, el);
  };

  clear(main,
    h('div', { class: 'page-head' },
      h('div', {},
        h('h1', {}, 'Alerts'),
        h('p', { class: 'summary', 'data-testid': 'alert-summary' },
          `As of ${list.as_of ?? '–'}: ${fmt.int(c.open)} open · ${fmt.int(c.acknowledged)} acknowledged · ${fmt.int(c.snoozed)} snoozed — `,
          h('span', { class: 'level level-escalated' }, `${fmt.int(c.escalated)} escalated`), ' ',
          h('span', { class: 'level level-breached' }, `${fmt.int(c.breached)} breached`), ' ',
          h('span', { class: 'level level-warning' }, `${fmt.int(c.warning)} warning`))),
      h('div', { class: 'actions' },
        h('a', { class: 'button secondary', href: href('reviews') }, 'Review board →'))),
    h('section', { class: 'card' },
      h('div', { class: 'toolbar' },
        select('State', state, [['active', 'Not resolved'], ['open', 'Open'], ['acknowledged', 'Acknowledged'], ['snoozed', 'Snoozed'], ['resolved', 'Resolved']], (v) => setParam('state', v), 'alert-state'),
        select('Level', level, [['', 'All levels'], ['escalated', 'Escalated'], ['breached', 'Breached'], ['warning', 'Warning']], (v) => setParam('level', v), 'alert-level-filter'),
        h('button', {
          type: 'button', class: 'secondary', 'data-testid': 'alerts-csv',
          onclick: async () => download(await backend.alertsCsv(state, level || undefined)),
        }, 'Export CSV'),
        h('span', { class: 'muted small' }, `${fmt.int(list.alerts.length)} alert${list.alerts.length === 1 ? '' : 's'}${list.alerts.length > SHOWN ? ` (first ${SHOWN} shown; the CSV has all)` : ''}`)),
      message,
      list.alerts.length === 0
        ? h('p', { class: 'empty' }, state === 'active' ? 'No alert needs attention.' : 'No alerts with this filter.')
        : h('div', { class: 'table-wrap scroll tall' },
            h('table', { class: 'data alerts', 'data-testid': 'alerts-table' },
              h('thead', {}, h('tr', {}, ['Level', 'Line', 'Part', 'Customer', 'Crit. × tier', 'Age / SLA limit', 'Raised', 'State', 'Action'].map((x) => h('th', { scope: 'col' }, x)))),
              h('tbody', {}, list.alerts.slice(0, SHOWN).map(row))))),
    thresholdsCard(thresholds, session, () => void renderAlerts(main, session, params, current)));
}

function thresholdsCard(t: AlertThresholds, session: Session, done: () => void): HTMLElement {
  const num = (label: string, value: number, testid: string) =>
    h('label', {}, `${label} `, h('input', { type: 'number', step: 'any', value: String(value), 'data-testid': testid, size: 5 }));
  const warning = num('Warning at % of the limit', t.warning_pct, 'th-warning');
  const escalation = num('Escalated at % of the limit', t.escalation_pct, 'th-escalation');
  const due = num('Review due after days', t.review_due_days, 'th-review-due');
  const message = h('p', { class: 'form-message', role: 'alert' });
  const value = (l: HTMLElement) => Number((l.querySelector('input') as HTMLInputElement).value);
  const form = h('form', { class: 'row' }, warning, escalation, due, h('button', { type: 'submit' }, 'Save thresholds'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await backend.setAlertThresholds({ ...t, warning_pct: value(warning), escalation_pct: value(escalation), review_due_days: value(due) });
      done();
    } catch (err) {
      message.textContent = err instanceof BackendError ? err.message : String(err);
    }
  });
  return h('details', { class: 'card thresholds' },
    h('summary', {}, `Thresholds: warning at ${fmt.dec(t.warning_pct)}% of the SLA limit, breached past it, escalated at ${fmt.dec(t.escalation_pct)}%${t.overrides.length ? ` (${t.overrides.length} overrides by criticality × tier)` : ''}`),
    h('p', { class: 'muted small' }, 'Limits are the contract SLA (max backorder days by tier × criticality). Changes apply from the next import; each alert is raised once per line and level.'),
    t.overrides.length
      ? h('ul', { class: 'plain small', 'data-testid': 'threshold-overrides' }, t.overrides.map((o) =>
          h('li', {}, `Criticality ${o.criticality ?? 'any'} × tier ${o.tier ?? 'any'}: warning ${o.warning_pct === null ? 'default' : `${fmt.dec(o.warning_pct)}%`}, escalated ${o.escalation_pct === null ? 'default' : `${fmt.dec(o.escalation_pct)}%`}`)))
      : null,
    h('p', { class: 'muted small' }, 'Overrides per criticality × tier: bodesk alerts thresholds --set FILE.json (docs/followup.md).'),
    session.readOnly ? null : form,
    message);
}
