import './style.css';
import { backend, BackendError, transport } from './lib/backend';

function show(id: string, text: string): void {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
}

function setStatus(text: string, kind: 'ok' | 'error'): void {
  const status = document.getElementById('status');
  if (!status) return;
  status.textContent = text;
  status.classList.remove('ok', 'error');
  status.classList.add(kind);
}

async function start(): Promise<void> {
  const via = transport().kind === 'tauri' ? 'desktop (Tauri IPC)' : 'server (HTTP)';
  show('transport', via);
  try {
    const info = await backend.appInfo();
    show('app-name', info.name);
    show('app-version', info.version);
    setStatus(`Connected: app_info answered over ${via}.`, 'ok');
    document.body.dataset.ready = 'true';
  } catch (error) {
    const e = error instanceof BackendError ? error : new BackendError('internal', String(error));
    show('app-name', '—');
    show('app-version', '—');
    setStatus(`Backend unavailable (${e.code}): ${e.message}`, 'error');
    document.body.dataset.ready = 'error';
  }
}

void start();
