/**
 * Root causes: why each open line is late, with the evidence that decided it.
 * Three views (`#/causes?view=…`): the open lines by cause with their
 * evidence; the rules (TOML: edit, check with the error shown at its line,
 * preview what would be retagged, apply); the field report (parts that
 * repeatedly stop repairs). `causePanel` is the workbench line detail's
 * cause, evidence and override form.
 */
import type { Session } from '../main';
import { backend, BackendError } from '../lib/backend';
import type { CauseRuleDto } from '../lib/bindings/CauseRuleDto';
import type { LineCause } from '../lib/bindings/LineCause';
import type { RetagReport } from '../lib/bindings/RetagReport';
import { clear, fmt, h } from '../lib/dom';
import { filterParams, go, href } from '../router';

export const CAUSES: { key: string; label: string; hint: string }[] = [
  { key: 'supplier_delay', label: 'Supplier delay', hint: 'A PO line of the part is past its committed date' },
  { key: 'demand_spike', label: 'Demand spike', hint: 'A campaign, or demand far above the 12-month mean' },
  { key: 'forecast_error', label: 'Forecast error', hint: 'Supply on time, demand over the lead time above the planned level' },
  { key: 'internal_transfer', label: 'Internal transfer', hint: 'A transfer to the location is blocked or late' },
  { key: 'eol_transition', label: 'EOL transition', hint: 'The part is end-of-life' },
  { key: 'unknown', label: 'Unknown', hint: 'No rule matched' },
];

export function causeLabel(key: string): string {
  return CAUSES.find((c) => c.key === key)?.label ?? key.replace(/_/g, ' ');
}

function message(e: unknown): string {
  return e instanceof BackendError || e instanceof Error ? e.message : String(e);
}

/**
 * A line's cause with its evidence, and the override form (a cause and a
 * reason; clearing needs a reason too). `onChanged` gets the new cause.
 */
export function causePanel(cause: LineCause | null, readOnly: boolean, onChanged: (c: LineCause) => void): HTMLElement {
  if (!cause) return h('p', { class: 'muted' }, 'No root cause known for this line.');
  const o = cause.override;
  const source = o
    ? `override by ${o.user_name}, ${o.at.slice(0, 10)} — “${o.reason}” (rules said ${causeLabel(cause.tagged_cause)})`
    : cause.rule && cause.rule !== 'none'
      ? `rule ${cause.rule}${cause.as_of ? `, as of ${cause.as_of}` : ''}`
      : cause.rule === 'none'
        ? 'no rule matched'
        : 'not tagged yet';
  const status = h('p', { class: 'form-status', role: 'status', 'data-testid': 'override-status' });
  const select = h('select', { 'aria-label': 'Root cause', name: 'cause', 'data-testid': 'override-cause' },
    CAUSES.map((c) => h('option', { value: c.key, selected: c.key === cause.root_cause }, c.label)));
  const reason = h('input', { type: 'text', name: 'reason', placeholder: 'Reason (required)', 'aria-label': 'Reason for the override', maxlength: 500, 'data-testid': 'override-reason', 'aria-required': 'true' });
  const setButton = h('button', { type: 'submit', 'data-testid': 'override-set' }, o ? 'Change override' : 'Override');
  const clearButton = o ? h('button', { type: 'button', class: 'secondary', 'data-testid': 'override-clear' }, 'Clear override') : null;
  const form = h('form', { class: 'override', 'aria-label': 'Override the root cause' },
    h('label', {}, 'Cause ', select), reason, setButton, clearButton, status);
  const run = async (f: () => Promise<LineCause>) => {
    if (!reason.value.trim()) {
      status.textContent = 'Give a reason: it goes into the audit trail.';
      status.className = 'form-status bad';
      reason.focus();
      return;
    }
    setButton.disabled = true;
    try {
      onChanged(await f());
    } catch (e) {
      status.textContent = message(e);
      status.className = 'form-status bad';
      setButton.disabled = false;
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run(() => backend.overrideCause(cause.order_id, cause.order_line, select.value, reason.value.trim()));
  });
  clearButton?.addEventListener('click', () => void run(() => backend.clearOverride(cause.order_id, cause.order_line, reason.value.trim())));
  return h('section', { class: 'cause', 'data-testid': 'line-cause', 'data-cause': cause.root_cause },
    h('h3', {}, 'Root cause: ', h('span', { class: `cause-tag ${cause.root_cause}`, 'data-testid': 'cause-value' }, causeLabel(cause.root_cause)),
      o ? h('span', { class: 'badge', title: 'Set by a planner' }, 'override') : null),
    h('p', { class: 'muted small' }, source),
    h('ul', { class: 'evidence', 'data-testid': 'evidence', 'aria-label': 'Evidence' }, cause.evidence.map((e) => h('li', {}, e))),
    readOnly ? null : form,
  );
}

export async function renderCauses(main: HTMLElement, session: Session, params: URLSearchParams, current: () => boolean): Promise<void> {
  const view = params.get('view') ?? 'lines';
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Root-cause views' },
    [['lines', 'Lines by cause'], ['rules', 'Rules'], ['field', 'Field report']].map(([key, label]) =>
      h('a', { href: href('causes', { view: key === 'lines' ? undefined : key }), class: view === key ? 'active' : null, 'aria-current': view === key ? 'page' : null, 'data-testid': `causes-tab-${key}` }, label)));
  const head = (title: string, summary: string) =>
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, title), h('p', { class: 'summary' }, summary)));
  const body = h('div', {});
  if (view === 'rules') {
    clear(main, head('Root-cause rules', 'Tried in order for each open line; the first that matches decides its cause.'), tabs, body);
    await renderRules(body, session, current);
  } else if (view === 'field') {
    clear(main, head('Field feedback', 'Parts whose repairs stopped for want of the part, as technicians reported.'), tabs, body);
    await renderField(body, params, current);
  } else {
    clear(main, head('Root causes', 'Why the open lines are late, with the evidence that decided each.'), tabs, body);
    await renderLines(body, params, current);
  }
}

async function renderLines(body: HTMLElement, params: URLSearchParams, current: () => boolean): Promise<void> {
  const cause = params.get('cause') ?? '';
  const r = await backend.causes({ root_cause: cause || null, limit: 500 });
  if (!current()) return;
  const total = r.summary.reduce((s, c) => s + c.lines, 0);
  const tiles = h('section', { class: 'tiles compact', 'aria-label': 'Open lines by cause' },
    r.summary.map((c) => {
      const meta = CAUSES.find((x) => x.key === c.root_cause);
      return h('a', {
        class: `tile ${cause === c.root_cause ? 'selected' : ''}`,
        href: href('causes', { cause: cause === c.root_cause ? undefined : c.root_cause }),
        title: `${meta?.hint ?? ''}${c.overridden ? ` — ${c.overridden} by override` : ''}`,
        'data-testid': `cause-${c.root_cause}`,
        'data-value': String(c.lines),
        'aria-current': cause === c.root_cause ? 'true' : null,
      },
      h('span', { class: 'tile-label' }, causeLabel(c.root_cause)),
      h('span', { class: 'tile-value' }, fmt.int(c.lines)),
      h('span', { class: 'muted small' }, total ? `${fmt.fraction(c.lines / total)}${c.overridden ? ` · ${c.overridden} overridden` : ''}` : ''));
    }));
  const rows = r.lines.map((l) => {
    const c = l.cause;
    return h('tr', { 'data-testid': 'cause-row' },
      h('td', {}, h('a', { href: href('lines', { q: c.order_id }), title: 'Open in the workbench (override there)' }, `${c.order_id}/${c.order_line}`)),
      h('td', {}, h('a', { href: href('part', { id: l.part_id }) }, l.part_id)),
      h('td', {}, l.location_id),
      h('td', { class: 'num' }, fmt.int(l.age_days)),
      h('td', {}, h('span', { class: `cause-tag ${c.root_cause}` }, causeLabel(c.root_cause)), c.override ? h('span', { class: 'badge', title: `Override: ${c.override.reason}` }, 'override') : null),
      h('td', { class: 'evidence-cell' },
        h('ul', { class: 'evidence' }, c.evidence.map((e) => h('li', {}, e)))),
    );
  });
  clear(body,
    h('p', { class: 'muted' }, `As of ${r.as_of} · rules: ${r.rules_source} · `, h('a', { href: href('dashboard', { f: filterParams([]) }) }, 'dashboard breakdown'), ' · ',
      h('a', { href: href('causes', { view: 'rules' }) }, 'change the rules')),
    tiles,
    h('section', { class: 'card' },
      h('h2', {}, cause ? `${causeLabel(cause)}: ${fmt.int(r.matching)} open line${r.matching === 1 ? '' : 's'}` : `All ${fmt.int(r.matching)} open lines`, r.lines.length < r.matching ? ` (oldest ${r.lines.length} shown)` : ''),
      r.lines.length
        ? h('div', { class: 'table-wrap' },
            h('table', { class: 'data causes', 'data-testid': 'cause-lines' },
              h('thead', {}, h('tr', {}, ['Line', 'Part', 'Location', 'Age', 'Cause', 'Evidence'].map((x) => h('th', { scope: 'col', class: x === 'Age' ? 'num' : null }, x)))),
              h('tbody', {}, rows)))
        : h('p', { class: 'empty' }, 'No open line has this cause.')));
}

function rulesList(rules: CauseRuleDto[]): HTMLElement {
  return h('ol', { class: 'rules', 'data-testid': 'rules-list' },
    rules.map((r) => h('li', {},
      h('strong', {}, r.name), ` → ${causeLabel(r.root_cause)}`, r.name !== r.kind ? h('span', { class: 'muted' }, ` (${r.kind})`) : null,
      h('ul', { class: 'plain small' }, r.params.map((p) =>
        h('li', { title: p.doc }, `${p.name} = ${fmt.dec(p.value)}`, p.value !== p.default ? h('span', { class: 'muted' }, ` (default ${fmt.dec(p.default)})`) : null, h('span', { class: 'muted' }, ` — ${p.doc}`)))))));
}

async function renderRules(body: HTMLElement, session: Session, current: () => boolean): Promise<void> {
  const rules = await backend.causeRules();
  if (!current()) return;
  const editor = h('textarea', { class: 'toml', spellcheck: false, rows: 28, 'aria-label': 'Rules (TOML)', 'data-testid': 'rules-toml', readonly: session.readOnly });
  editor.value = rules.toml;
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  let errorLine = 0;
  const paintGutter = () => {
    const n = editor.value.split('\n').length;
    clear(gutter, Array.from({ length: n }, (_, i) => h('div', { class: i + 1 === errorLine ? 'err' : null }, String(i + 1))));
    gutter.scrollTop = editor.scrollTop;
  };
  editor.addEventListener('input', () => {
    errorLine = 0;
    paintGutter();
    previewed = null;
    applyButton.disabled = true;
  });
  editor.addEventListener('scroll', () => { gutter.scrollTop = editor.scrollTop; });
  const status = h('div', { class: 'form-status', role: 'status', 'data-testid': 'rules-status' });
  const result = h('div', { 'data-testid': 'rules-preview' });
  const parsed = h('div', {}, rulesList(rules.rules));
  const previewButton = h('button', { type: 'button', 'data-testid': 'rules-preview-button' }, 'Check and preview');
  const applyButton = h('button', { type: 'button', disabled: true, 'data-testid': 'rules-apply' }, 'Apply and retag');
  const resetButton = h('button', { type: 'button', class: 'secondary', 'data-testid': 'rules-reset' }, 'Built-in rules');
  let previewed: string | null = null;

  const showError = (line: number, column: number, text: string) => {
    status.className = 'form-status bad';
    const lines = editor.value.split('\n');
    const at = line > 0 ? lines[line - 1] ?? '' : '';
    clear(status,
      h('strong', {}, line > 0 ? `Line ${line}, column ${column}: ` : ''), text,
      line > 0 ? h('pre', { class: 'error-line', 'data-testid': 'rules-error-line' }, `${String(line).padStart(3)} | ${at}\n    | ${' '.repeat(Math.max(0, column - 1))}^`) : null);
    errorLine = line;
    paintGutter();
    if (line > 0) {
      const start = lines.slice(0, line - 1).reduce((s, l) => s + l.length + 1, 0);
      editor.focus({ preventScroll: true });
      editor.setSelectionRange(start, start + at.length);
      const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
      editor.scrollTop = Math.max(0, (line - 1) * lineHeight - editor.clientHeight / 3);
      gutter.scrollTop = editor.scrollTop;
    }
  };
  const showPreview = (r: RetagReport) => {
    const moved = r.changes.reduce((s, c) => s + c.lines, 0);
    clear(parsed, rulesList(r.rules));
    clear(result,
      h('h2', {}, r.applied ? `Applied: ${fmt.int(moved)} of ${fmt.int(r.open_lines)} open lines retagged` : `${fmt.int(moved)} of ${fmt.int(r.open_lines)} open lines would be retagged`),
      r.changes.length
        ? h('table', { class: 'data', 'data-testid': 'retag-counts' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'From'), h('th', { scope: 'col' }, 'To'), h('th', { scope: 'col', class: 'num' }, 'Lines'))),
            h('tbody', {}, r.changes.map((c) => h('tr', {}, h('td', {}, causeLabel(c.from)), h('td', {}, causeLabel(c.to)), h('td', { class: 'num' }, fmt.int(c.lines))))))
        : h('p', { class: 'muted' }, 'No open line changes cause.'),
      r.lines.length
        ? h('details', { open: r.lines.length <= 20 },
            h('summary', {}, `The lines (${fmt.int(r.lines.length)})`),
            h('ul', { class: 'plain small', 'data-testid': 'retag-lines' }, r.lines.slice(0, 300).map((l) =>
              h('li', {}, `${l.order_id}/${l.order_line} · ${l.part_id} at ${l.location_id}: ${causeLabel(l.from)} → ${causeLabel(l.to)}`,
                l.overridden ? h('span', { class: 'muted' }, ' (override keeps its cause)') : null,
                h('br'), h('span', { class: 'muted' }, l.evidence[0] ?? '')))))
        : null);
  };
  previewButton.addEventListener('click', async () => {
    const text = editor.value;
    status.className = 'form-status';
    status.textContent = 'Checking…';
    try {
      const r = await backend.causeRulesPreview(text);
      if (r.error) {
        showError(Number(r.error.line), Number(r.error.column), r.error.message);
        clear(result);
        return;
      }
      previewed = text;
      applyButton.disabled = session.readOnly;
      status.className = 'form-status ok';
      status.textContent = `Valid: ${r.rules.length} rules.${session.readOnly ? '' : ' Apply to store them and retag the open lines.'}`;
      showPreview(r);
    } catch (e) {
      status.className = 'form-status bad';
      status.textContent = message(e);
    }
  });
  applyButton.addEventListener('click', async () => {
    if (previewed !== editor.value) return;
    applyButton.disabled = true;
    try {
      const r = await backend.causeRulesApply(editor.value);
      status.className = 'form-status ok';
      status.textContent = 'Applied: the rules are stored with the working set and the open lines retagged (audited).';
      showPreview(r);
      previewed = null;
    } catch (e) {
      status.className = 'form-status bad';
      status.textContent = message(e);
    }
  });
  resetButton.addEventListener('click', () => {
    editor.value = rules.default_toml;
    paintGutter();
    previewed = null;
    errorLine = 0;
    paintGutter();
    applyButton.disabled = true;
    status.className = 'form-status';
    status.textContent = 'Built-in rules loaded into the editor: check and preview, then apply.';
  });
  editor.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      previewButton.click();
    }
  });
  paintGutter();
  clear(body,
    h('div', { class: 'grid rules-grid' },
      h('section', { class: 'card' },
        h('h2', {}, rules.is_default ? 'Rules (built-in)' : 'Rules (this working set’s own)'),
        h('div', { class: 'toml-editor' }, gutter, editor),
        h('div', { class: 'row' }, previewButton, session.readOnly ? null : applyButton, session.readOnly ? null : resetButton,
          h('span', { class: 'muted small' }, 'Ctrl+Enter checks')),
        status),
      h('section', { class: 'card' }, h('h2', {}, 'As parsed'), parsed)),
    h('section', { class: 'card' }, result));
}

async function renderField(body: HTMLElement, params: URLSearchParams, current: () => boolean): Promise<void> {
  const months = Number(params.get('months') ?? '12') || 12;
  const r = await backend.fieldReport(months, 2);
  if (!current()) return;
  const monthsSelect = h('select', { 'aria-label': 'Period' }, [3, 6, 12, 24].map((m) => h('option', { value: String(m), selected: m === months }, `last ${m} months`)));
  monthsSelect.addEventListener('change', () => go('causes', { view: 'field', months: monthsSelect.value }));
  clear(body,
    h('div', { class: 'toolbar' }, h('span', { class: 'muted' }, `${r.from} to ${r.to}, parts with at least ${r.min_events} stopped repairs:`), monthsSelect),
    r.parts.length
      ? h('div', { class: 'table-wrap' },
          h('table', { class: 'data', 'data-testid': 'field-report' },
            h('thead', {}, h('tr', {}, ['Part', 'Description', 'Stopped repairs', 'Waiting for part', 'Part unavailable', 'Last', 'Machines', 'Locations', 'Open lines']
              .map((x, i) => h('th', { scope: 'col', class: [2, 3, 4, 6, 8].includes(i) ? 'num' : null }, x)))),
            h('tbody', {}, r.parts.map((p) => h('tr', { 'data-testid': 'field-row' },
              h('td', {}, h('a', { href: href('part', { id: p.part_id }) }, p.part_id)),
              h('td', {}, p.description ?? ''),
              h('td', { class: 'num' }, fmt.int(p.events)),
              h('td', { class: 'num' }, fmt.int(p.waiting_for_part)),
              h('td', { class: 'num' }, fmt.int(p.part_unavailable)),
              h('td', {}, p.last_date),
              h('td', { class: 'num' }, fmt.int(p.machines)),
              h('td', {}, p.locations.join(', ')),
              h('td', { class: 'num' }, p.open_lines ? h('a', { href: href('lines', { f: filterParams([{ dim: 'part', value: p.part_id }]) }) }, fmt.int(p.open_lines)) : '0'))))))
      : h('p', { class: 'empty' }, 'No part stopped repairs repeatedly in this period.'));
}
