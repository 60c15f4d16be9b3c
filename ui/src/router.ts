/**
 * Screens are addressed by the URL hash (`#/dashboard?f=region:EMEA`), so
 * Back, bookmarks and the browser's history work, and a drill-down path is a
 * link that can be shared in a meeting.
 */
import type { FilterDto } from './lib/bindings/FilterDto';

export interface Route {
  screen: string;
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [screen, query = ''] = raw.split('?');
  return { screen: screen || 'dashboard', params: new URLSearchParams(query) };
}

export function href(screen: string, params: Record<string, string | string[] | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) q.append(k, item);
  }
  const qs = q.toString();
  return `#/${screen}${qs ? `?${qs}` : ''}`;
}

export function go(screen: string, params: Record<string, string | string[] | undefined> = {}): void {
  location.hash = href(screen, params);
}

/** `f=dim:value` parameters as filters, in order. */
export function filtersOf(params: URLSearchParams): FilterDto[] {
  return params.getAll('f').flatMap((f) => {
    const i = f.indexOf(':');
    return i > 0 ? [{ dim: f.slice(0, i), value: f.slice(i + 1) }] : [];
  });
}

export function filterParams(filters: FilterDto[]): string[] {
  return filters.map((f) => `${f.dim}:${f.value}`);
}
