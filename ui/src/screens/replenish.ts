/**
 * Replenishment: the suggestions computed from the working set (inventory
 * position = on hand + on order − backorders against the reorder point,
 * safety stock, min/max, buffer uplift and recovery phase; emergency orders
 * for parts in extended backorder, highlighted), filters (emergency only,
 * undecided), accept / reject with a note / reopen per row (buttons or the
 * keys A, R, O on a focused row), the export of accepted suggestions for the
 * ERP, and the supplier forecast-sharing panel (cadence per supplier, CSV).
 */
import './forecast.css';
import type { Session } from '../main';
import { backend, BackendError } from '../lib/backend';
import type { ReplenishmentReport } from '../lib/bindings/ReplenishmentReport';
import type { ReplenishmentSuggestionDto } from '../lib/bindings/ReplenishmentSuggestionDto';
import { clear, download, fmt, h } from '../lib/dom';
import { filterSuggestions, positionText, suggestionCounts, suppliersOf } from '../lib/forecast-model';
import { go, href } from '../router';

/** The row to focus after a re-render (the one just decided). */
let focusId: string | undefined;
/** Cadences saved in this session, to show what the export will use. */

function errorText(e: unknown): string {
  return e instanceof BackendError ? e.message : String((e as Error)?.message ?? e);
}

export async function renderReplenish(main: HTMLElement, session: Session, params: URLSearchParams, current: () => boolean): Promise<void> {
  const emergencyOnly = params.get('emergency') === '1';
  const undecidedOnly = params.get('undecided') === '1';
  const includeNoOrder = params.get('all') === '1';
  if (!main.querySelector('[data-testid="replenish"]')) clear(main, h('h1', {}, 'Replenishment'), h('p', { class: 'loading muted' }, 'Computing suggestions…'));
  const report = await backend.replenishment({ include_no_order: includeNoOrder });
  if (!current()) return;
  const rerender = () => void renderReplenish(main, session, params, current);
  const setParam = (key: string, on: boolean) => {
    const p: Record<string, string | undefined> = {
      emergency: emergencyOnly ? '1' : undefined, undecided: undecidedOnly ? '1' : undefined, all: includeNoOrder ? '1' : undefined,
    };
    p[key] = on ? '1' : undefined;
    go('replenish', p);
  };
  const c = suggestionCounts(report);
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'replenish-message' });
  const check = (label: string, on: boolean, key: string, testid: string) => {
    const box = h('input', { type: 'checkbox', checked: on, 'data-testid': testid });
    box.addEventListener('change', () => setParam(key, box.checked));
    return h('label', { class: 'check' }, box, label);
  };
  const rows = filterSuggestions(report.rows, { emergencyOnly, undecidedOnly });
  clear(main,
    h('div', { class: 'page-head' },
      h('div', {},
        h('h1', {}, 'Replenishment'),
        h('p', { class: 'summary', 'data-testid': 'replenish-summary' },
          `As of ${report.as_of}: ${fmt.int(c.total)} suggestions · `,
          h('span', { class: 'level level-escalated' }, `${fmt.int(c.emergency)} emergency`),
          ` · ${fmt.int(c.accepted)} accepted (${fmt.money(c.acceptedValue)}) · ${fmt.int(c.rejected)} rejected · ${fmt.int(c.undecided)} to decide`)),
      h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'button secondary', 'data-testid': 'replenish-export', disabled: c.accepted === 0,
          title: 'The accepted suggestions as a CSV for the ERP',
          onclick: async () => {
            try {
              download(await backend.replenishmentExport());
            } catch (e) {
              status.className = 'form-status bad';
              status.textContent = errorText(e);
            }
          },
        }, `Export ${fmt.int(c.accepted)} accepted (CSV)`))),
    h('section', { class: 'card', 'data-testid': 'replenish' },
      h('div', { class: 'toolbar' },
        check('Emergency only', emergencyOnly, 'emergency', 'filter-emergency'),
        check('Undecided only', undecidedOnly, 'undecided', 'filter-undecided'),
        check('Also parts needing no order', includeNoOrder, 'all', 'filter-all'),
        h('span', { class: 'muted small', 'data-testid': 'replenish-shown' }, `${fmt.int(rows.length)} shown`)),
      h('p', { class: 'muted small' }, 'IP = on hand + on order − backorders. Order when IP falls to the reorder point (ROP = lead-time demand + safety stock). ↑ ↓ to move; A accepts, R rejects (type a note, Enter), O reopens.'),
      status,
      rows.length
        ? suggestionTable(rows, session, status, rerender)
        : h('p', { class: 'empty' }, report.rows.length ? 'No suggestion with these filters.' : 'No part needs an order.')),
    supplierPanel(report, session));
  const again = focusId && main.querySelector<HTMLElement>(`tr[data-suggestion-id="${CSS.escape(focusId)}"]`);
  if (again) {
    main.querySelectorAll('tr[data-testid="suggestion-row"]').forEach((r) => r.setAttribute('tabindex', '-1'));
    again.setAttribute('tabindex', '0');
    again.focus();
  }
  focusId = undefined;
}

/** Fields the replenishment branch added to the contract (optional on the wire). */
function extra(r: ReplenishmentSuggestionDto): { delivery_date?: string; demand_per_month?: number } {
  return r as ReplenishmentSuggestionDto & { delivery_date?: string; demand_per_month?: number };
}

function suggestionTable(rows: ReplenishmentSuggestionDto[], session: Session, status: HTMLElement, rerender: () => void): HTMLElement {
  const trs: HTMLTableRowElement[] = [];
  const decide = async (r: ReplenishmentSuggestionDto, decision: 'accepted' | 'rejected' | 'open', note: string) => {
    try {
      await backend.decideReplenishment(r.suggestion_id, decision, note);
      focusId = r.suggestion_id;
      rerender();
    } catch (e) {
      status.className = 'form-status bad';
      status.textContent = errorText(e);
    }
  };
  const move = (i: number) => {
    if (i < 0 || i >= trs.length) return;
    trs.forEach((t, j) => t.setAttribute('tabindex', j === i ? '0' : '-1'));
    trs[i].focus();
  };
  const body = h('tbody', {}, rows.map((r, i) => {
    const note = h('input', { type: 'text', value: r.decision_note ?? '', placeholder: 'Note', 'aria-label': `Note on ${r.part_id} at ${r.location_id}`, 'data-testid': 'decision-note', size: 10 });
    note.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); void decide(r, 'rejected', note.value.trim()); }
      if (e.key === 'Escape') { e.preventDefault(); move(i); }
      e.stopPropagation();
    });
    const button = (label: string, decision: 'accepted' | 'rejected' | 'open', testid: string, cls = 'secondary') =>
      h('button', { type: 'button', class: cls, tabindex: -1, 'data-testid': testid, onclick: () => void decide(r, decision, note.value.trim()) }, label);
    const decided = r.decision
      ? h('span', { class: `decision decision-${r.decision}`, 'data-testid': 'decision' }, r.decision, r.decided_at ? h('span', { class: 'muted small' }, ` ${r.decided_at.slice(0, 10)}`) : null)
      : h('span', { class: 'muted', 'data-testid': 'decision' }, 'open');
    const tr = h('tr', {
      tabindex: i === 0 ? 0 : -1,
      class: `kind-${r.kind}${r.decision ? ` decided-${r.decision}` : ''}`,
      'data-testid': 'suggestion-row',
      'data-suggestion-id': r.suggestion_id,
      'data-kind': r.kind,
      'data-decision': r.decision ?? '',
      'aria-label': `${r.kind} ${r.part_id} at ${r.location_id}: order ${fmt.dec(r.suggested_qty)}, ${r.decision ?? 'undecided'}`,
      onkeydown: (e: Event) => {
        const ev = e as KeyboardEvent;
        if (ev.target !== tr || ev.altKey || ev.ctrlKey || ev.metaKey) return;
        const k = ev.key.toLowerCase();
        if (k === 'arrowdown') { e.preventDefault(); move(i + 1); }
        else if (k === 'arrowup') { e.preventDefault(); move(i - 1); }
        else if (session.readOnly) return;
        else if (k === 'a') { e.preventDefault(); void decide(r, 'accepted', note.value.trim()); }
        else if (k === 'r') { e.preventDefault(); note.focus(); status.className = 'form-status'; status.textContent = `Rejecting ${r.part_id} at ${r.location_id}: type a note and press Enter (Esc to cancel).`; }
        else if (k === 'o' && r.decision) { e.preventDefault(); void decide(r, 'open', ''); }
      },
    },
      h('td', {}, h('a', { href: href('forecast', { part: r.part_id, loc: r.location_id }), tabindex: -1, title: 'Open the forecast' }, r.part_id)),
      h('td', {}, r.location_id),
      h('td', {}, r.kind === 'emergency' ? h('span', { class: 'level level-escalated' }, 'Emergency') : 'Reorder'),
      h('td', { class: `num ip${r.inventory_position < 0 ? ' bad' : ''}`, title: 'on hand + on order − backorders' }, positionText(r)),
      h('td', { class: 'num' }, fmt.dec(r.reorder_point)),
      h('td', { class: 'num', title: `${r.distribution.replace('_', ' ')} lead-time demand, mean ${fmt.dec(r.lead_time_demand_mean)} over ${fmt.dec(r.lead_time_days)} d${extra(r).demand_per_month === undefined ? '' : ` (${fmt.dec(extra(r).demand_per_month!)} per month)`}, fill rate ${fmt.fraction(r.target_fill_rate)}` }, fmt.dec(r.safety_stock)),
      h('td', { class: 'num' }, `${fmt.dec(r.min)} / ${fmt.dec(r.max)}`),
      h('td', { class: 'num' }, r.buffer_uplift ? `+${fmt.fraction(r.buffer_uplift)}` : '—'),
      h('td', {}, h('span', { class: `phase phase-${r.phase}` }, r.phase)),
      h('td', { class: 'num' }, h('strong', {}, fmt.dec(r.suggested_qty)), extra(r).delivery_date ? h('div', { class: 'muted small', title: 'wanted delivery (as of + lead time; emergency: expedited)' }, `by ${extra(r).delivery_date}`) : null),
      h('td', { class: 'num' }, fmt.money(r.value)),
      h('td', { class: 'reason small', title: r.reason }, h('div', { class: 'clamp' }, r.reason)),
      h('td', { class: 'decide' },
        decided,
        session.readOnly
          ? null
          : h('div', { class: 'decide-controls' },
              r.decision === 'accepted' ? null : button('Accept', 'accepted', 'accept', ''),
              note,
              r.decision === 'rejected' ? null : button('Reject', 'rejected', 'reject'),
              r.decision ? button('Reopen', 'open', 'reopen') : null)));
    trs.push(tr);
    return tr;
  }));
  return h('div', { class: 'table-wrap scroll tall' },
    h('table', { class: 'data suggestions', 'data-testid': 'replenish-table' },
      h('thead', {}, h('tr', {}, ['Part', 'Location', 'Kind', 'Inventory position', 'ROP', 'Safety stock', 'Min / max', 'Uplift', 'Phase', 'Order qty', 'Value', 'Reason', 'Decision'].map((x, i) => h('th', { scope: 'col', class: i >= 3 && i <= 10 && i !== 8 ? 'num' : null }, x)))),
      body));
}

function supplierPanel(report: ReplenishmentReport, session: Session): HTMLElement {
  const suppliers = suppliersOf(report.rows);
  const supplier = h('input', { type: 'text', list: 'fc-suppliers', placeholder: 'Supplier id', 'aria-label': 'Supplier', 'data-testid': 'share-supplier', value: suppliers[0] ?? '', size: 12 });
  const cadence = h('select', { 'aria-label': 'Cadence', 'data-testid': 'share-cadence' },
    h('option', { value: '' }, 'the supplier’s setting'), h('option', { value: 'monthly' }, 'monthly'), h('option', { value: 'weekly' }, 'weekly'));
  const status = h('p', { class: 'form-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'share-message' });
  const show = (ok: boolean, text: string) => {
    status.className = `form-status ${ok ? 'ok' : 'bad'}`;
    status.textContent = text;
  };
  // The supplier's stored cadence, read from the working set whenever the supplier changes.
  const current = h('span', { class: 'muted small', 'data-testid': 'share-current' });
  let stored = '';
  const refresh = async () => {
    const id = supplier.value.trim();
    stored = '';
    current.textContent = '';
    if (!id) return;
    try {
      stored = (await backend.supplierForecastCadence(id)).cadence;
      if (supplier.value.trim() === id) current.textContent = `Stored cadence: ${stored}`;
    } catch (e) {
      current.textContent = errorText(e);
    }
  };
  supplier.addEventListener('change', () => void refresh());
  void refresh();
  const saved = () => (stored ? ` (stored cadence: ${stored})` : '');
  const save = h('button', {
    type: 'button', class: 'secondary', 'data-testid': 'share-save',
    onclick: async () => {
      const id = supplier.value.trim();
      if (!id) return show(false, 'Name a supplier first.');
      if (cadence.value !== 'monthly' && cadence.value !== 'weekly') return show(false, 'Choose monthly or weekly to save it as the supplier’s cadence.');
      try {
        await backend.setSupplierForecastCadence(id, cadence.value);
        await refresh();
        show(true, `Saved: supplier ${id} gets a ${cadence.value} forecast.`);
      } catch (e) {
        show(false, errorText(e));
      }
    },
  }, 'Save as the supplier’s cadence');
  const exp = h('button', {
    type: 'button', 'data-testid': 'share-export',
    onclick: async () => {
      const id = supplier.value.trim();
      if (!id) return show(false, 'Name a supplier first.');
      try {
        const file = await backend.supplierForecastExport({ supplier_id: id, ...(cadence.value ? { cadence: cadence.value } : {}) });
        download(file);
        show(true, `Exported ${file.file_name}${saved()}.`);
      } catch (e) {
        show(false, errorText(e));
      }
    },
  }, 'Export forecast CSV');
  return h('section', { class: 'card share', 'data-testid': 'supplier-share' },
    h('h2', {}, 'Share the forecast with a supplier'),
    h('p', { class: 'muted small' }, 'The forecast of the supplier’s parts, per month or per week, as a CSV to send. The cadence is kept per supplier and used when none is chosen here.'),
    h('datalist', { id: 'fc-suppliers' }, suppliers.map((x) => h('option', { value: x }))),
    h('div', { class: 'row' },
      h('label', {}, 'Supplier ', supplier),
      h('label', {}, 'Cadence ', cadence),
      session.readOnly ? null : save,
      exp,
      current),
    status);
}
