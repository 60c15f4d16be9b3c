/**
 * Backorder Desk's web front end: the same page in the desktop window (Tauri
 * IPC) and in a browser (`bodesk serve`, HTTP). Screens live in ./screens;
 * the backend is reached only through ./lib/backend.
 */
import './style.css';
import { backend, BackendError, isReadOnly, transport } from './lib/backend';
import type { AppInfo } from './lib/bindings/AppInfo';
import { clear, h } from './lib/dom';
import { currentRoute, href } from './router';
import { renderActions } from './screens/actions';
import { renderCauses } from './screens/causes';
import { renderDashboard } from './screens/dashboard';
import { renderImport } from './screens/importer';
import { renderMeeting } from './screens/meeting';
import { renderPart } from './screens/part';
import { renderWorkbench } from './screens/workbench';
import { alertBadge, renderAlerts, watchAlerts } from './screens/alerts';
import { renderReviews } from './screens/reviews';
import { renderForecast } from './screens/forecast';
import { renderReplenish } from './screens/replenish';

export interface Session {
  info: AppInfo;
  readOnly: boolean;
  /** Re-reads app_info (after an import) and re-renders the current screen. */
  refresh(): Promise<void>;
  /** Re-reads app_info and updates the masthead only (the screen stays as it is). */
  refreshInfo(): Promise<void>;
}

const NAV: { screen: string; label: string; key: string; write?: boolean }[] = [
  { screen: 'dashboard', label: 'Dashboard', key: '1' },
  { screen: 'lines', label: 'Workbench', key: '2' },
  { screen: 'import', label: 'Import', key: '3', write: true },
  { screen: 'meeting', label: 'Meeting', key: '4' },
  { screen: 'causes', label: 'Root causes', key: '5' },
  { screen: 'actions', label: 'Actions', key: '6' },
  { screen: 'alerts', label: 'Alerts', key: '7' },
  { screen: 'reviews', label: 'Reviews', key: '8' },
  { screen: 'forecast', label: 'Forecast', key: '9' },
  { screen: 'replenish', label: 'Replenish', key: '0' },
];

const root = document.getElementById('app') as HTMLElement;
let session: Session | undefined;
let renderToken = 0;

function masthead(s: Session): HTMLElement {
  const route = currentRoute();
  // An empty working set shows the import screen whatever the address says.
  if (s.info.empty) route.screen = 'import';
  return h(
    'header',
    { class: 'masthead' },
    h('a', { class: 'brand', href: href('dashboard') }, 'Backorder Desk'),
    h(
      'nav',
      { 'aria-label': 'Screens' },
      NAV.filter((n) => !(n.write && s.readOnly)).map((n) =>
        h('a', {
          href: href(n.screen),
          class: route.screen === n.screen || (n.screen === 'dashboard' && route.screen === 'part') ? 'active' : null,
          'aria-current': route.screen === n.screen ? 'page' : null,
          title: `${n.label} (Alt+${n.key})`,
          'data-testid': `nav-${n.screen}`,
        }, n.label),
      ),
    ),
    h(
      'div',
      { class: 'context' },
      s.info.as_of ? h('span', { class: 'as-of', 'data-testid': 'as-of' }, `As of ${s.info.as_of}`) : null,
      s.info.empty ? null : alertBadge(),
      s.readOnly ? h('span', { class: 'badge' }, 'Read-only') : null,
      h('span', { class: 'transport', title: s.info.db_path }, transport().kind === 'tauri' ? 'Desktop' : 'Browser'),
    ),
  );
}

async function render(): Promise<void> {
  if (!session) return;
  const token = ++renderToken;
  const route = currentRoute();
  const main = h('main', { id: 'main', tabindex: -1 });
  const skip = h('a', { class: 'skip', href: '#main' }, 'Skip to content');
  clear(root, skip, masthead(session), main);
  document.documentElement.classList.toggle('meeting-mode', route.screen === 'meeting');
  const stillCurrent = () => token === renderToken;
  try {
    if (session.info.empty && route.screen !== 'import') {
      await renderImport(main, session, route.params, stillCurrent, true);
      return;
    }
    switch (route.screen) {
      case 'lines':
        await renderWorkbench(main, session, route.params, stillCurrent);
        break;
      case 'part':
        await renderPart(main, session, route.params, stillCurrent);
        break;
      case 'import':
        await renderImport(main, session, route.params, stillCurrent, false);
        break;
      case 'meeting':
        await renderMeeting(main, session, route.params, stillCurrent);
        break;
      case 'actions':
        await renderActions(main, session, route.params, stillCurrent);
        break;
      case 'causes':
        await renderCauses(main, session, route.params, stillCurrent);
        break;
      case 'alerts':
        await renderAlerts(main, session, route.params, stillCurrent);
        break;
      case 'reviews':
        await renderReviews(main, session, route.params, stillCurrent);
        break;
      case 'forecast':
        await renderForecast(main, session, route.params, stillCurrent);
        break;
      case 'replenish':
        await renderReplenish(main, session, route.params, stillCurrent);
        break;
      default:
        await renderDashboard(main, session, route.params, stillCurrent);
    }
  } catch (error) {
    if (stillCurrent()) showError(main, error);
  }
}

export function showError(where: HTMLElement, error: unknown): void {
  const e = error instanceof BackendError ? error : new BackendError('internal', String(error));
  clear(
    where,
    h('section', { class: 'card error', role: 'alert', 'data-testid': 'error' },
      h('h2', {}, 'Something went wrong'),
      h('p', {}, e.message),
      h('p', { class: 'muted' }, `Code: ${e.code}`),
      h('button', { type: 'button', onclick: () => void render() }, 'Try again')),
  );
}

async function start(): Promise<void> {
  try {
    const [info, readOnly] = await Promise.all([backend.appInfo(), isReadOnly()]);
    session = {
      info,
      readOnly,
      async refresh() {
        if (session) session.info = await backend.appInfo();
        await render();
        await watchAlerts(true);
      },
      async refreshInfo() {
        if (!session) return;
        session.info = await backend.appInfo();
        root.querySelector('.masthead')?.replaceWith(masthead(session));
        await watchAlerts(true);
      },
    };
    document.body.dataset.ready = 'true';
    window.addEventListener('hashchange', () => void render());
    await watchAlerts(false);
    await render();
  } catch (error) {
    document.body.dataset.ready = 'error';
    showError(root, error);
  }
}

document.addEventListener('keydown', (event) => {
  if (event.altKey && !event.ctrlKey && !event.metaKey) {
    const n = NAV.find((x) => x.key === event.key);
    if (n && !(n.write && session?.readOnly)) {
      event.preventDefault();
      location.hash = href(n.screen);
    }
  }
});

void start();
