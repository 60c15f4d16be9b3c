/** A small DOM toolkit: elements from data, formatting, downloads. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** `h('div', {class: 'x', onclick: f}, child, …)`: an element. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value as EventListener);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el: Element, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** An SVG element. */
export function s(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  for (const child of children) el.append(child);
  return el;
}

export function clear(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

// The user's language, else English: a webview started without a locale
// (LANG=C) would otherwise print 16851 rather than 16,851.
const LOCALES = [typeof navigator !== 'undefined' ? navigator.language : '', 'en-US'].filter((l) => /^[a-z]{2,3}(-|$)/i.test(l));
const integer = new Intl.NumberFormat(LOCALES, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(LOCALES, { maximumFractionDigits: 1 });
const compactMoney = new Intl.NumberFormat(LOCALES, { notation: 'compact', maximumFractionDigits: 1 });

export const fmt = {
  int: (n: number) => integer.format(n),
  dec: (n: number) => oneDecimal.format(n),
  money: (n: number) => (Math.abs(n) >= 100_000 ? compactMoney.format(n) : integer.format(n)),
  pct: (n: number) => `${oneDecimal.format(n)}%`,
  fraction: (n: number) => `${oneDecimal.format(n * 100)}%`,
  duration: (seconds: number) => {
    if (!Number.isFinite(seconds)) return '—';
    if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
    const m = Math.floor(seconds / 60);
    return `${m} min ${Math.round(seconds - m * 60)} s`;
  },
  bytes: (n: number) =>
    n >= 1 << 30 ? `${oneDecimal.format(n / (1 << 30))} GB` : n >= 1 << 20 ? `${oneDecimal.format(n / (1 << 20))} MB` : `${integer.format(n / 1024)} kB`,
};

/** Offers a text or base64 file to the user as a download. */
export function download(file: { file_name: string; mime: string; text: string | null; data_base64: string | null }): void {
  let blob: Blob;
  if (file.text !== null) {
    blob = new Blob([file.text], { type: file.mime });
  } else {
    const bytes = Uint8Array.from(atob(file.data_base64 ?? ''), (c) => c.charCodeAt(0));
    blob = new Blob([bytes], { type: file.mime });
  }
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: file.file_name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Runs `f` at most once per `ms`, with the last arguments. */
export function debounce<A extends unknown[]>(f: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => f(...args), ms);
  };
}
