// The forecast and replenishment screens' pure layer (src/lib/forecast-model.ts)
// on hand-written DTOs: the chart's parts (bars, reconstructed segments,
// censored marks with their reason, band, lines, adjustment spans, the supply
// lane), the legend, method and accuracy facts, adjustment validation and
// undo, suggestion filters, inventory position, counts, paging.
// esbuild (vite's) compiles the TypeScript module for node.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

let m;

before(async () => {
  const out = await build({
    entryPoints: [new URL('../src/lib/forecast-model.ts', import.meta.url).pathname],
    bundle: true, format: 'esm', platform: 'node', write: false,
  });
  const file = join(mkdtempSync(join(tmpdir(), 'fc-model-')), 'forecast-model.mjs');
  writeFileSync(file, out.outputFiles[0].text);
  m = await import(pathToFileURL(file).href);
});

function forecast(over = {}) {
  return {
    part_id: 'P1', locations: ['EF01', 'NA01'],
    periods: ['2026-07', '2026-08', '2026-09', '2026-10'],
    recorded: [4, 0, 6, 2],
    reconstructed: [4, 0, 9.5, 2],
    censored: [false, false, true, false],
    censored_reason: ['', '', '12 stockout days', ''],
    censoring_model: 'normal', censoring_fit: 'converged',
    forecast_periods: ['2026-11', '2026-12', '2027-01'],
    baseline: [3, 3, 3], forecast: [3, 8, 3], lower: [0, 4, 0], upper: [7, 13, 7], band_level: 0.8,
    method: 'croston', params: { alpha: 0.1, class: 'intermittent', adi: 1.5, cv2: 0.21, reason: 'ADI 1.50 > 1.32 and CV² 0.21 ≤ 0.49: intermittent' },
    accuracy: { mase: 0.84, mae: 1.9, bias: -0.4, origins: 6, horizon: 3, points: 18 },
    adjustments: [
      { adjustment_id: 7, kind: 'campaign', part_id: 'P1', start_period: '2026-12', end_period: '2026-12', qty: 5, reason: 'Brake recall', source: 'planner', active: true },
      { adjustment_id: 8, kind: 'supply_change', part_id: 'P1', location_id: 'EF01', start_period: '2026-11', end_period: '2027-06', qty: 20, reason: 'Second source', source: 'planner', active: true },
    ],
    supply_change: [20, 20, 20],
    ...over,
  };
}

const byClass = (tree, cls) => m.walk(tree).filter((n) => String(n.attrs.class ?? '').split(' ').includes(cls));
const titleOf = (node) => m.textOf(node.children.find((c) => typeof c !== 'string' && c.tag === 'title'));

test('history: one recorded bar a month, reconstructed only where it differs, censored months marked with the reason', () => {
  const tree = m.forecastChart(forecast());
  assert.equal(tree.tag, 'svg');
  assert.equal(byClass(tree, 'recorded').length, 4);
  const re = byClass(tree, 'reconstructed');
  assert.equal(re.length, 1, 'only 2026-09 differs');
  const months = byClass(tree, 'month');
  const sep = months.find((g) => g.attrs['data-period'] === '2026-09');
  assert.ok(sep.attrs.class.includes('censored'));
  assert.match(titleOf(sep), /recorded 6, reconstructed 9\.5 — censored: 12 stockout days/);
  assert.equal(byClass(tree, 'censored-mark').length, 1);
  // The reconstructed segment sits on top of the recorded bar: its bottom is the bar's top.
  const rec = sep.children.find((c) => c.tag === 'rect' && c.attrs.class === 'recorded');
  const seg = re[0];
  assert.ok(Math.abs(seg.attrs.y + seg.attrs.height - rec.attrs.y) < 1e-6);
  assert.ok(seg.attrs.height > 0);
});

test('forecast: band, baseline and adjusted forecast over the forecast months; bars scale to the largest value', () => {
  const tree = m.forecastChart(forecast());
  const band = byClass(tree, 'band')[0];
  assert.equal(band.attrs.points.split(' ').length, 6, 'three upper then three lower points');
  assert.equal(byClass(tree, 'baseline').length, 1);
  const line = byClass(tree, 'forecast')[0];
  assert.equal(line.attrs.d.split(' ').length, 3);
  const points = byClass(tree, 'forecast-point');
  assert.deepEqual(points.map((p) => p.attrs['data-period']), ['2026-11', '2026-12', '2027-01']);
  assert.match(titleOf(points[1]), /forecast 8 \(baseline 3; 80% band 4–13\); supply change 20/);
  // The adjusted forecast (8) is drawn above the baseline (3) in December.
  const ys = line.attrs.d.split(' ').map((p) => Number(p.split(',')[1]));
  assert.ok(ys[1] < ys[0]);
  // One tab stop for the whole chart (the screen moves it with ← →).
  assert.deepEqual(m.walk(tree).filter((n) => n.attrs.tabindex === 0).map((n) => n.attrs['data-period']), ['2026-07']);
  assert.equal(m.walk(tree).filter((n) => n.attrs.tabindex === -1).length, 6);
  assert.match(tree.attrs['aria-label'], /4 months of history, 1 censored; forecast for 3 months by croston, next month 3 \(80% band 0–7\)/);
});

test('adjustments: demand spans above the plot, supply changes in their own lane below the months', () => {
  const tree = m.forecastChart(forecast());
  const campaign = m.walk(tree).find((n) => n.attrs['data-kind'] === 'campaign');
  const supply = m.walk(tree).find((n) => n.attrs['data-kind'] === 'supply_change');
  assert.match(titleOf(campaign), /Campaign: \+5 units over 2026-12 at all locations — Brake recall/);
  assert.match(titleOf(supply), /Supply change: \+20 per month, 2026-11 – 2027-06 at EF01 \(supply, not demand\) — Second source/);
  const bar = (g) => g.children.find((c) => c.tag === 'rect' && c.attrs.class === 'span-bar');
  const plotBottom = byClass(tree, 'axis-line')[0].attrs.y1;
  assert.ok(bar(campaign).attrs.y < byClass(tree, 'recorded')[0].attrs.y, 'campaign lane above the bars');
  assert.ok(bar(supply).attrs.y > plotBottom, 'supply lane below the axis');
  // The supply span is clipped to the chart's last month (2027-01), its campaign to one month.
  assert.ok(Math.abs(bar(supply).attrs.width - 3 * bar(campaign).attrs.width - 4) < 1e-6);
  assert.equal(m.textOf(byClass(tree, 'lane-label')[0]), 'Supply changes (not demand)');
});

test('adjustments outside the chart are left out; no supply lane without supply', () => {
  const tree = m.forecastChart(forecast({
    adjustments: [{ adjustment_id: 1, kind: 'override', part_id: 'P1', start_period: '2020-01', end_period: '2020-03', qty: 1, reason: 'old', source: 'planner', active: false }],
    supply_change: [0, 0, 0],
  }));
  assert.equal(m.walk(tree).filter((n) => n.attrs['data-kind']).length, 0);
  assert.equal(byClass(tree, 'lane-label').length, 0);
});

test('the legend lists only what is drawn', () => {
  const keys = (f) => m.legendItems(f).map((i) => i.key);
  assert.deepEqual(keys(forecast()), ['recorded', 'reconstructed', 'censored', 'band', 'baseline', 'forecast', 'campaign', 'supply']);
  assert.deepEqual(keys(forecast({ reconstructed: [4, 0, 6, 2], censored: [false, false, false, false], adjustments: [], supply_change: [0, 0, 0] })),
    ['recorded', 'band', 'baseline', 'forecast']);
});

test('method and accuracy facts say why and how good', () => {
  const facts = Object.fromEntries(m.methodFacts(forecast()));
  assert.equal(facts.Method, 'croston');
  assert.equal(facts['Demand class'], 'intermittent');
  assert.equal(facts['ADI / CV²'], '1.5 / 0.21');
  assert.match(facts.Why, /intermittent/);
  assert.equal(facts.Parameters, 'α 0.1');
  assert.equal(facts['Censored demand'], '1 of 4 months; normal model, converged');
  const acc = m.accuracyFacts(forecast().accuracy);
  assert.deepEqual(acc.map((a) => a.slice(0, 2)), [['MASE', '0.84'], ['MAE', '1.9 /month'], ['Bias', '-0.4 /month'], ['Backtest', '6 origins × 3 months']]);
  assert.equal(acc[2][2], 'under-forecast');
  assert.equal(m.accuracyFacts({ mase: null, mae: 0, bias: 0, origins: 0, horizon: 3, points: 0 })[0][1], '—');
});

test('a new adjustment needs a kind, months in order, a quantity and a reason', () => {
  const ok = { kind: 'override', part_id: 'P1', start_period: '2026-11', end_period: '2027-01', qty: 4, reason: 'Fleet retrofit' };
  const cases = [
    [{}, []],
    [{ reason: '  ' }, ['A reason is required: it goes to the audit trail.']],
    [{ end_period: '2026-10' }, ['The last month is before the first.']],
    [{ start_period: '' }, ['The first month must be a month (YYYY-MM).']],
    [{ qty: Number.NaN }, ['The quantity must be a number.']],
    [{ qty: -2 }, ['A campaign or override quantity cannot be negative.']],
    [{ kind: 'supply_change', qty: -2 }, []],
    [{ kind: 'bogus' }, ['Choose a kind: campaign, override or supply change.']],
  ];
  for (const [change, errors] of cases) assert.deepEqual(m.adjustmentErrors({ ...ok, ...change }), errors, JSON.stringify(change));
});

test('undo re-adds the same adjustment', () => {
  const removed = forecast().adjustments[1];
  assert.deepEqual(m.readdOf(removed), { kind: 'supply_change', part_id: 'P1', location_id: 'EF01', start_period: '2026-11', end_period: '2027-06', qty: 20, reason: 'Second source' });
  assert.equal('location_id' in m.readdOf(forecast().adjustments[0]), false);
});

function suggestion(over) {
  return {
    suggestion_id: 's', part_id: 'P1', location_id: 'EF01', supplier_id: 'S1', kind: 'reorder', on_hand: 3, on_order: 10, backorders: 5,
    inventory_position: 8, lead_time_days: 30, target_fill_rate: 0.95, distribution: 'poisson', lead_time_demand_mean: 6, safety_stock: 4,
    reorder_point: 10, min: 10, max: 20, buffer_uplift: 0, phase: 'normal', suggested_qty: 12, unit_cost: 10, value: 120, reason: 'IP below ROP',
    ...over,
  };
}

test('suggestions: filters, inventory position as its sum, counts, suppliers', () => {
  const rows = [
    suggestion({ suggestion_id: 'a' }),
    suggestion({ suggestion_id: 'b', kind: 'emergency', decision: 'accepted', value: 300, supplier_id: 'S2' }),
    suggestion({ suggestion_id: 'c', kind: 'emergency' }),
    suggestion({ suggestion_id: 'd', decision: 'rejected', supplier_id: undefined }),
  ];
  const ids = (f) => m.filterSuggestions(rows, f).map((r) => r.suggestion_id);
  assert.deepEqual(ids({ emergencyOnly: false, undecidedOnly: false }), ['a', 'b', 'c', 'd']);
  assert.deepEqual(ids({ emergencyOnly: true, undecidedOnly: false }), ['b', 'c']);
  assert.deepEqual(ids({ emergencyOnly: false, undecidedOnly: true }), ['a', 'c']);
  assert.deepEqual(ids({ emergencyOnly: true, undecidedOnly: true }), ['c']);
  assert.equal(m.positionText(rows[0]), '3 + 10 − 5 = 8');
  const c = m.suggestionCounts({ as_of: '2026-11-29', rows, emergency_count: 2, accepted_count: 1, rejected_count: 1 });
  assert.deepEqual(c, { total: 4, emergency: 2, accepted: 1, rejected: 1, undecided: 2, acceptedValue: 300 });
  assert.deepEqual(m.suppliersOf(rows), ['S1', 'S2']);
});

test('paging', () => {
  assert.deepEqual(m.pageInfo(230, 40, 20), { text: '41–60 of 230', prev: 20, next: 60 });
  assert.deepEqual(m.pageInfo(230, 0, 50), { text: '1–50 of 230', prev: null, next: 50 });
  assert.deepEqual(m.pageInfo(30, 0, 50), { text: '1–30 of 30', prev: null, next: null });
  assert.deepEqual(m.pageInfo(0, 0, 50), { text: '0 rows', prev: null, next: null });
});

test('months and the 1-2-5 scale', () => {
  assert.equal(m.monthNumber('2027-01') - m.monthNumber('2026-12'), 1);
  assert.ok(Number.isNaN(m.monthNumber('2026-13')));
  assert.deepEqual(m.niceScale(13), { top: 20, ticks: [0, 5, 10, 15, 20] });
  assert.deepEqual(m.niceScale(0), { top: 4, ticks: [0, 1, 2, 3, 4] });
  assert.equal(m.fitText('Campaign +40', 40), 'Camp…');
  const campaign = { kind: 'campaign', qty: 30 };
  assert.deepEqual([200, 40, 28, 10].map((w) => m.spanLabel(campaign, w)), ['Campaign +30', '+30', '+30', '']);
  assert.equal(m.spanLabel({ kind: 'override', qty: 4 }, 200), 'Override 4/mo');
  assert.equal(m.spanLabel({ kind: 'supply_change', qty: -5 }, 200), 'Supply -5/mo');
});
