/** The KPIs of kpis.md as the screens label, format and drill into them. */
import type { KpiFigures } from './bindings/KpiFigures';
import { fmt } from './dom';

export type FigureKey = keyof KpiFigures;

export interface KpiMeta {
  key: FigureKey | 'fill_rate' | 'supplier_on_time_pct';
  label: string;
  hint: string;
  format: (n: number) => string;
  /** Higher is better (fill rate, on-time delivery); every other KPI is better lower. */
  higherIsBetter?: boolean;
  /** The lines behind the figure: which workbench query shows them. */
  lines?: { openOnly: boolean; flag?: 'sla_breach' | 'over_30_days' };
}

export const KPIS: KpiMeta[] = [
  { key: 'open_lines', label: 'Open lines', hint: 'Backorder lines open on the as-of date', format: fmt.int, lines: { openOnly: true } },
  { key: 'open_value', label: 'Open value', hint: 'Open quantity × unit cost', format: fmt.money, lines: { openOnly: true } },
  { key: 'sla_breaches', label: 'SLA breaches', hint: 'Open lines older than their SLA limit', format: fmt.int, lines: { openOnly: true, flag: 'sla_breach' } },
  { key: 'penalty_exposure', label: 'Penalty exposure', hint: 'Days past the SLA limit × penalty per day', format: fmt.money, lines: { openOnly: true, flag: 'sla_breach' } },
  { key: 'backorder_days', label: 'Backorder days', hint: 'Days lines were open in the last 12 months', format: fmt.int, lines: { openOnly: false } },
  { key: 'parts_affected', label: 'Parts affected', hint: 'Parts with a backorder day in the last 12 months', format: fmt.int, lines: { openOnly: false } },
  { key: 'backorder_days_per_part', label: 'Backorder days per part', hint: 'Backorder days ÷ parts affected', format: fmt.dec, lines: { openOnly: false } },
  { key: 'customer_impact_days', label: 'Customer impact days', hint: 'Days each customer waited on at least one line', format: fmt.int, lines: { openOnly: false } },
  { key: 'lines_over_30_days', label: 'Lines over 30 days', hint: 'Open lines older than 30 days (closed-loop review)', format: fmt.int, lines: { openOnly: true, flag: 'over_30_days' } },
  { key: 'mean_age_days', label: 'Mean age', hint: 'Mean age of the open lines, days', format: fmt.dec, lines: { openOnly: true } },
  { key: 'max_age_days', label: 'Oldest line', hint: 'Age of the oldest open line, days', format: fmt.int, lines: { openOnly: true } },
  { key: 'open_qty', label: 'Open quantity', hint: 'Units still owed on open lines', format: fmt.dec, lines: { openOnly: true } },
];

export const TOTAL_ONLY: KpiMeta[] = [
  { key: 'fill_rate', label: 'Fill rate', hint: 'Filled ÷ demanded, last 12 months', format: fmt.fraction, higherIsBetter: true },
  { key: 'supplier_on_time_pct', label: 'Supplier on time', hint: 'PO lines received by their committed date, last 12 months', format: fmt.pct, higherIsBetter: true },
];

export const DIMENSIONS: { key: string; label: string }[] = [
  { key: 'region', label: 'Region' },
  { key: 'location', label: 'Location' },
  { key: 'part', label: 'Part' },
  { key: 'root_cause', label: 'Root cause' },
  { key: 'criticality', label: 'Criticality' },
  { key: 'tier', label: 'Customer tier' },
  { key: 'customer', label: 'Customer' },
  { key: 'supplier', label: 'Supplier' },
  { key: 'product_line', label: 'Product line' },
];

export function dimLabel(dim: string): string {
  return DIMENSIONS.find((d) => d.key === dim)?.label ?? dim;
}

/** The drill-down path's next level: region → location → part → lines. */
export function nextDim(path: { dim: string }[]): string | null {
  for (const d of ['region', 'location', 'part']) {
    if (!path.some((f) => f.dim === d)) return d;
  }
  return null;
}
