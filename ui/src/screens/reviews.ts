/**
 * The review board: every line older than 30 days gets a closed-loop review
 * (owner, due date, resolution, preventive action, countermeasure); overdue
 * reviews first; a review cannot be closed without a resolution. Below it,
 * countermeasures with their backorder recurrence 6 months before and after,
 * and the quarter's top-10 backordered parts with their root-cause mix.
 */
import './followup.css';
import type { Session } from '../main';
import { backend, BackendError } from '../lib/backend';
import type { CountermeasureDto } from '../lib/bindings/CountermeasureDto';
import type { FailureModes } from '../lib/bindings/FailureModes';
import type { ReviewDto } from '../lib/bindings/ReviewDto';
import { clear, fmt, h } from '../lib/dom';
import { go, href } from '../router';
import { watchAlerts } from './alerts';

const SHOWN = 300;

function errorText(e: unknown): string {
  return e instanceof BackendError ? e.message : String(e);
}

export async function renderReviews(main: HTMLElement, session: Session, params: URLSearchParams, current: () => boolean): Promise<void> {
  const status = params.get('status') ?? 'active';
  const overdueOnly = params.get('overdue') === '1';
  const quarter = params.get('quarter') ?? undefined;
  const [list, cms, modes] = await Promise.all([
    backend.reviews({ status, overdue: overdueOnly }),
    backend.countermeasures(),
    backend.failureModes(quarter),
  ]);
  if (!current()) return;
  const rerender = () => void renderReviews(main, session, params, current);
  const nav = (k: string, v: string | undefined) =>
    go('reviews', { status, overdue: overdueOnly ? '1' : undefined, quarter, [k]: v });

  const statusSelect = h('select', { 'aria-label': 'Status', 'data-testid': 'review-status' },
    [['active', 'Not closed'], ['open', 'Open'], ['in_progress', 'In progress'], ['closed', 'Closed'], ['all', 'All']].map(([v, t]) =>
      h('option', { value: v, selected: v === status }, t)));
  statusSelect.addEventListener('change', () => nav('status', statusSelect.value));
  const overdueBox = h('input', { type: 'checkbox', checked: overdueOnly, 'data-testid': 'review-overdue' });
  overdueBox.addEventListener('change', () => nav('overdue', overdueBox.checked ? '1' : undefined));

  const row = (r: ReviewDto) =>
    h('tr', { 'data-testid': 'review-row', 'data-review-id': r.review_id, 'data-status': r.status, class: r.overdue ? 'overdue' : null },
      h('td', {}, h('a', { href: href('lines', { q: r.order_id }) }, `${r.order_id}/${r.order_line}`)),
      h('td', {}, h('a', { href: href('part', { id: r.part_id }) }, r.part_id)),
      h('td', {}, r.customer_id),
      h('td', { class: 'num' }, fmt.int(r.age_days)),
      h('td', {}, r.opened_as_of),
      h('td', {}, r.due_date, r.overdue ? h('span', { class: 'level level-breached', 'data-testid': 'overdue' }, 'overdue') : null),
      h('td', {}, r.owner ?? h('span', { class: 'muted' }, 'unassigned')),
      h('td', {}, r.status.replace('_', ' ')),
      h('td', {}, r.status === 'closed' ? r.resolution ?? '' : session.readOnly ? '' :
        h('button', { type: 'button', class: 'secondary', 'data-testid': 'review-open-close', onclick: () => openCloseForm(r) }, 'Close…')));

  const dialogSlot = h('div', {});
  const openCloseForm = (r: ReviewDto) => {
    const resolution = h('textarea', { rows: 2, 'data-testid': 'review-resolution', placeholder: 'What ended or will end the backorder (required)' });
    const preventive = h('textarea', { rows: 2, 'data-testid': 'review-preventive', placeholder: 'What keeps it from happening again' });
    preventive.value = r.preventive_action ?? '';
    const owner = h('input', { type: 'text', value: r.owner ?? '', 'data-testid': 'review-owner' });
    const cm = h('select', { 'data-testid': 'review-countermeasure' },
      h('option', { value: '' }, 'None'),
      cms.map((c) => h('option', { value: String(c.countermeasure_id), selected: c.countermeasure_id === r.countermeasure_id }, `#${c.countermeasure_id} ${c.target_kind} ${c.target}: ${c.description}`)));
    const message = h('p', { class: 'form-message', role: 'alert', 'data-testid': 'review-message' });
    const cmId = () => (cm.value ? Number(cm.value) : null);
    const save = async () => {
      message.textContent = '';
      try {
        await backend.reviewUpdate({ review_id: r.review_id, owner: owner.value, preventive_action: preventive.value, countermeasure_id: cmId(), status: 'in_progress' });
        rerender();
      } catch (e) {
        message.textContent = errorText(e);
      }
    };
    const close = async () => {
      message.textContent = '';
      try {
        if (owner.value.trim() !== (r.owner ?? '')) await backend.reviewUpdate({ review_id: r.review_id, owner: owner.value });
        await backend.reviewClose({ review_id: r.review_id, resolution: resolution.value, preventive_action: preventive.value || null, countermeasure_id: cmId() });
        await watchAlerts(false);
        rerender();
      } catch (e) {
        message.textContent = errorText(e);
      }
    };
    const form = h('form', { class: 'card review-form', 'data-testid': 'review-form', 'aria-label': `Review of line ${r.order_id}/${r.order_line}` },
      h('h2', {}, `Review of line ${r.order_id}/${r.order_line}`),
      h('p', { class: 'muted' }, `Part ${r.part_id} · customer ${r.customer_id} · ${r.age_days} days old when opened on ${r.opened_as_of} · due ${r.due_date}`),
      h('label', {}, 'Owner ', owner),
      h('label', { class: 'block' }, 'Resolution', resolution),
      h('label', { class: 'block' }, 'Preventive action', preventive),
      h('label', {}, 'Countermeasure ', cm),
      message,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', 'data-testid': 'review-close' }, 'Close review'),
        h('button', { type: 'button', class: 'secondary', onclick: () => void save() }, 'Save, keep open'),
        h('button', { type: 'button', class: 'secondary', onclick: () => clear(dialogSlot) }, 'Cancel')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void close();
    });
    clear(dialogSlot, form);
    resolution.focus();
  };

  clear(main,
    h('div', { class: 'page-head' },
      h('div', {},
        h('h1', {}, 'Review board'),
        h('p', { class: 'summary', 'data-testid': 'review-summary' },
          `As of ${list.as_of ?? '–'}: ${fmt.int(list.open)} open · `,
          h('span', { class: list.overdue ? 'level level-breached' : '' }, `${fmt.int(list.overdue)} overdue`),
          ` · ${fmt.int(list.closed)} closed. Every line older than 30 days gets a review; it closes only with a resolution.`)),
      h('div', { class: 'actions' }, h('a', { class: 'button secondary', href: href('alerts') }, '← Alerts'))),
    dialogSlot,
    h('section', { class: 'card' },
      h('div', { class: 'toolbar' },
        h('label', {}, 'Status ', statusSelect),
        h('label', { class: 'check' }, overdueBox, ' Overdue only'),
        h('span', { class: 'muted small' }, `${fmt.int(list.reviews.length)} review${list.reviews.length === 1 ? '' : 's'}${list.reviews.length > SHOWN ? ` (first ${SHOWN} shown)` : ''}`)),
      list.reviews.length === 0
        ? h('p', { class: 'empty' }, 'No reviews with this filter.')
        : h('div', { class: 'table-wrap scroll' },
            h('table', { class: 'data reviews', 'data-testid': 'reviews-table' },
              h('thead', {}, h('tr', {}, ['Line', 'Part', 'Customer', 'Age', 'Opened', 'Due', 'Owner', 'Status', ''].map((x) => h('th', { scope: 'col' }, x)))),
              h('tbody', {}, list.reviews.slice(0, SHOWN).map(row))))),
    h('div', { class: 'grid' },
      countermeasuresCard(cms, session, rerender),
      failureModesCard(modes, (q) => nav('quarter', q))));
}

function countermeasuresCard(cms: CountermeasureDto[], session: Session, done: () => void): HTMLElement {
  const kind = h('select', { 'aria-label': 'Against', 'data-testid': 'cm-kind' },
    [['part', 'Part'], ['supplier', 'Supplier'], ['root_cause', 'Root cause']].map(([v, t]) => h('option', { value: v }, t)));
  const target = h('input', { type: 'text', 'aria-label': 'Part, supplier or root cause', placeholder: 'P-1001, S01 or supplier_delay', 'data-testid': 'cm-target' });
  const date = h('input', { type: 'date', 'aria-label': 'Effective date', 'data-testid': 'cm-date' });
  const description = h('input', { type: 'text', 'aria-label': 'What was done', placeholder: 'What was done', 'data-testid': 'cm-description' });
  const message = h('p', { class: 'form-message', role: 'alert' });
  const form = h('form', { class: 'row' }, kind, target, date, description, h('button', { type: 'submit' }, 'Record'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await backend.countermeasureAdd({ target_kind: kind.value, target: target.value, effective_date: date.value, description: description.value });
      done();
    } catch (err) {
      message.textContent = errorText(err);
    }
  });
  const rate = (n: number | null) => (n === null ? '–' : fmt.dec(n));
  return h('section', { class: 'card wide', 'data-testid': 'countermeasures' },
    h('h2', {}, 'Countermeasures: backorder lines per month, 6 months before vs after'),
    cms.length === 0
      ? h('p', { class: 'empty' }, 'No countermeasures recorded yet.')
      : h('div', { class: 'table-wrap' },
          h('table', { class: 'data' },
            h('thead', {}, h('tr', {}, ['Against', 'From', 'What was done', 'Before / month', 'After / month', 'Change'].map((x) => h('th', { scope: 'col' }, x)))),
            h('tbody', {}, cms.map((c) => {
              const r = c.recurrence;
              const change = r.change_pct;
              return h('tr', { 'data-testid': 'cm-row' },
                h('td', {}, `${c.target_kind.replace('_', ' ')} ${c.target}`),
                h('td', {}, c.effective_date),
                h('td', {}, c.description),
                h('td', { class: 'num', title: `${r.before_lines} lines in ${fmt.dec(r.before_months)} months` }, rate(r.before_per_month)),
                h('td', { class: 'num', title: `${r.after_lines} lines in ${fmt.dec(r.after_months)} months` }, rate(r.after_per_month), r.after_per_month !== null && !r.after_complete ? h('span', { class: 'muted small' }, ' so far') : null),
                h('td', { class: `num ${change === null ? '' : change < 0 ? 'ok' : 'bad'}` }, change === null ? '–' : `${change > 0 ? '+' : ''}${fmt.pct(change)}`));
            })))),
    session.readOnly ? null : form,
    message);
}

const CAUSE_COLORS: Record<string, string> = {
  supplier_delay: 'var(--bad)',
  demand_spike: 'var(--late)',
  forecast_error: 'var(--warn)',
  internal_transfer: 'var(--accent)',
  eol_transition: 'var(--brand)',
  unknown: 'var(--muted)',
};

function failureModesCard(m: FailureModes, pick: (q: string) => void): HTMLElement {
  const select = h('select', { 'aria-label': 'Quarter', 'data-testid': 'fm-quarter' },
    m.quarters.map((q) => h('option', { value: q, selected: q === m.quarter }, q)));
  select.addEventListener('change', () => pick(select.value));
  const max = Math.max(1, ...m.parts.map((p) => p.lines));
  return h('section', { class: 'card wide', 'data-testid': 'failure-modes' },
    h('div', { class: 'toolbar' }, h('h2', {}, `Top backordered parts, ${m.quarter}, by root cause`), select),
    m.parts.length === 0
      ? h('p', { class: 'empty' }, 'No backorder lines were created in this quarter.')
      : h('ol', { class: 'fm-list' }, m.parts.map((p) =>
          h('li', { 'data-testid': 'fm-part' },
            h('a', { class: 'fm-part', href: href('part', { id: p.part_id }) }, p.part_id),
            styled(h('span', { class: 'fm-bar', title: p.root_causes.map((c) => `${c.root_cause} ${c.lines}`).join(', ') },
              p.root_causes.map((c) => styled(h('span', {}), { flex: String(c.lines), background: CAUSE_COLORS[c.root_cause] ?? 'var(--muted)' }))),
              { width: `${(p.lines / max) * 100}%` }),
            h('span', { class: 'fm-text' }, `${fmt.int(p.lines)} lines: ${p.root_causes.map((c) => `${c.root_cause.replace('_', ' ')} ${c.lines}`).join(', ')}`)))),
    h('p', { class: 'legend small' }, Object.entries(CAUSE_COLORS).map(([c, color]) =>
      h('span', { class: 'fm-key' }, styled(h('span', { class: 'swatch' }), { background: color }), c.replace('_', ' ')))));
}

/** Sets inline style properties through the CSSOM (the CSP allows no style attributes). */
function styled<E extends HTMLElement>(el: E, props: Record<string, string>): E {
  for (const [k, v] of Object.entries(props)) el.style.setProperty(k, v);
  return el;
}
