/**
 * First run and import: bring in a folder of ERP exports (native picker in
 * the desktop app; file/folder picker or drag and drop in a browser) or open
 * the demo network. The import runs as a background job: a progress bar with
 * rows, rate and ETA, and Cancel. The result shows each file as read, the
 * rejects (filter, export CSV) and what a newer export changed.
 */
import type { Session } from '../main';
import { backend, BackendError, transport } from '../lib/backend';
import type { ImportOptions } from '../lib/bindings/ImportOptions';
import type { JobDto } from '../lib/bindings/JobDto';
import type { RejectDto } from '../lib/bindings/RejectDto';
import type { UploadFile } from '../lib/bindings/UploadFile';
import { clear, download, fmt, h } from '../lib/dom';
import { go, href } from '../router';

function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(out);
}

async function readFiles(files: File[]): Promise<UploadFile[]> {
  return Promise.all(files.map(async (f) => ({ name: f.name, data_base64: toBase64(new Uint8Array(await f.arrayBuffer())) })));
}

/** Files of a drop, folders walked (one level of nesting is what exports have; any depth works). */
async function droppedFiles(items: DataTransferItemList): Promise<File[]> {
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      out.push(await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej)));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (batch.length === 0) break;
        for (const e of batch) await walk(e);
      }
    }
  };
  const entries = Array.from(items).map((i) => i.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  for (const e of entries) await walk(e);
  return out.filter((f) => !f.name.startsWith('.'));
}

export async function renderImport(main: HTMLElement, session: Session, _params: URLSearchParams, current: () => boolean, firstRun: boolean): Promise<void> {
  const desktop = transport().kind === 'tauri';
  const status = h('section', { class: 'card job', 'aria-live': 'polite', 'data-testid': 'job' });
  status.hidden = true;
  const asOf = h('input', { type: 'date', id: 'as-of', 'data-testid': 'as-of-input', value: new Date().toISOString().slice(0, 10) });
  const keepValid = h('input', { type: 'checkbox', id: 'keep-valid' });
  const options = (): ImportOptions => ({ as_of: asOf.value || null, keep_valid: keepValid.checked, profile_toml: null });
  let busy = false;

  const run = async (start: () => Promise<JobDto>, label: string) => {
    if (busy) return;
    busy = true;
    status.hidden = false;
    clear(status, h('p', {}, `${label}: starting…`));
    try {
      let job = await start();
      while (job.state === 'running') {
        showProgress(status, job, label);
        await new Promise((r) => setTimeout(r, 250));
        if (!current()) return;
        job = await backend.jobStatus(job.job_id);
      }
      await showResult(status, job, session);
    } catch (e) {
      const err = e instanceof BackendError ? e : new BackendError('internal', String(e));
      clear(status, h('div', { role: 'alert', class: 'error' }, h('h2', {}, `${label} did not start`), h('p', {}, err.message)));
    } finally {
      busy = false;
    }
  };

  const upload = (files: File[]) => {
    if (files.length === 0) return;
    void run(async () => backend.importUpload(await readFiles(files), options()), `Importing ${files.length} file${files.length === 1 ? '' : 's'}`);
  };

  const fileInput = h('input', { type: 'file', multiple: true, hidden: true, 'data-testid': 'file-input', accept: '.csv,.txt,.tsv,.dat' });
  fileInput.addEventListener('change', () => upload(Array.from(fileInput.files ?? [])));
  const folderInput = h('input', { type: 'file', multiple: true, hidden: true, webkitdirectory: true, 'data-testid': 'folder-input' });
  folderInput.addEventListener('change', () => upload(Array.from(folderInput.files ?? []).filter((f) => !f.name.startsWith('.'))));

  const pick = async (folder: boolean) => {
    if (!desktop) return (folder ? folderInput : fileInput).click();
    const paths = await backend.pickImportPaths(folder);
    if (paths.length) void run(() => backend.importPaths(paths, options()), `Importing ${paths.length === 1 ? paths[0] : `${paths.length} files`}`);
  };

  const drop = h('div', { class: 'dropzone', tabindex: 0, role: 'button', 'aria-label': 'Drop an export folder or files here, or press Enter to choose a folder', 'data-testid': 'dropzone' },
    h('strong', {}, 'Drop an ERP export folder or its files here'),
    h('span', { class: 'muted' }, 'CSV from SAP and others: any encoding, delimiter, date and number style; read as the contract says.'));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer) void droppedFiles(e.dataTransfer.items).then(upload);
  });
  drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); void pick(true); } });

  const demo = h('button', { type: 'button', class: firstRun ? 'primary big' : 'secondary', 'data-testid': 'load-demo' }, 'Open the demo network');
  demo.addEventListener('click', () => void run(() => backend.loadDemo('small'), 'Loading the demo network'));

  clear(
    main,
    h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, firstRun ? 'Welcome to Backorder Desk' : 'Import ERP exports'),
      firstRun ? h('p', { class: 'summary' }, 'Your working set is empty. Import a folder of ERP exports, or open the demo network (a simulated service-parts network with six monthly exports) to look around.') : null)),
    h('div', { class: 'grid' },
      h('section', { class: 'card wide import-card' },
        h('h2', {}, 'Your exports'),
        drop,
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'primary', onclick: () => void pick(true), 'data-testid': 'choose-folder' }, 'Choose folder…'),
          h('button', { type: 'button', class: 'secondary', onclick: () => void pick(false), 'data-testid': 'choose-files' }, 'Choose files…'),
          fileInput, folderInput),
        h('div', { class: 'row options' },
          h('label', { for: 'as-of' }, 'Export as of ', asOf),
          h('label', { for: 'keep-valid', class: 'check', title: 'By default an import is all or nothing. With this, valid rows are committed and the rejects kept.' }, keepValid, ' Keep valid rows when some are rejected'))),
      h('section', { class: 'card' }, h('h2', {}, 'Demo network'), h('p', { class: 'muted' }, 'Six monthly exports imported like real data, with planted stories: a late supplier, an EOL part, a blocked transfer.'), demo)),
    status,
    h('section', { class: 'card', 'data-testid': 'batches' }, h('h2', {}, 'Import history'), await batchesTable()),
  );
}

function showProgress(el: HTMLElement, job: JobDto, label: string): void {
  const p = job.progress;
  const fraction = p && p.bytes_total > 0 ? Math.min(1, p.bytes_done / p.bytes_total) : null;
  const bar = h('progress', { max: 1, 'aria-label': `${label} progress`, 'data-testid': 'progress' });
  if (fraction !== null) bar.value = fraction;
  const cancel = h('button', { type: 'button', class: 'secondary', 'data-testid': 'cancel' }, 'Cancel');
  cancel.addEventListener('click', () => {
    cancel.disabled = true;
    cancel.textContent = 'Cancelling…';
    void backend.cancelJob(job.job_id);
  });
  clear(el,
    h('h2', {}, label),
    bar,
    h('p', { class: 'stats' },
      p ? `${p.file} · ${p.phase === 'scan' ? 'reading' : 'writing'} · ` : '',
      `${fmt.int(p?.rows ?? 0)} rows`,
      job.rate ? ` · ${fmt.int(job.rate)} rows/s` : '',
      job.eta_seconds !== null ? ` · about ${fmt.duration(job.eta_seconds)} left` : '',
      ` · ${fmt.duration(job.elapsed_seconds)} so far`),
    cancel);
}

async function showResult(el: HTMLElement, job: JobDto, session: Session): Promise<void> {
  if (job.state === 'cancelled') {
    clear(el, h('h2', {}, 'Cancelled'), h('p', {}, 'Nothing was written: your working set is as it was.'));
    return;
  }
  if (job.state === 'failed' || job.error) {
    clear(el, h('div', { role: 'alert', class: 'error' }, h('h2', {}, 'The import failed'), h('p', {}, job.error?.message ?? 'unknown error'), h('p', { class: 'muted' }, 'Your working set is unchanged.')));
    return;
  }
  if (job.demo) {
    await session.refresh();
    go('dashboard');
    return;
  }
  const r = job.import;
  if (!r) return;
  const fileRows = r.files.map((f) =>
    h('tr', { class: f.status === 'rejected' ? 'bad-row' : '' },
      h('td', {}, f.file), h('td', {}, f.entity ?? '—'), h('td', {}, f.status), h('td', { class: 'num' }, fmt.int(f.rows)), h('td', { class: 'num' }, fmt.int(f.rejects)),
      h('td', {}, f.dialect.encoding), h('td', {}, f.dialect.delimiter === '\t' ? 'tab' : f.dialect.delimiter),
      h('td', {}, [f.dialect.decimal_mark ? `decimal ${f.dialect.decimal_mark}` : '', ...f.dialect.date_orders].filter(Boolean).join(', ') || '—'),
      h('td', {}, f.error ?? (f.ignored_columns.length ? `ignored: ${f.ignored_columns.join(', ')}` : ''))));
  const head = r.committed
    ? h('div', { class: 'ok-box', 'data-testid': 'import-committed' }, h('h2', {}, r.unchanged ? 'Nothing new: every file was already imported' : `Imported as of ${r.as_of}`), h('p', {}, `Batch ${r.batch_id ?? '—'}. `, h('a', { href: href('dashboard') }, 'Open the dashboard →')))
    : h('div', { class: 'error', role: 'alert', 'data-testid': 'import-rejected' }, h('h2', {}, `Rejected: ${fmt.int(r.rejects_total)} problem${r.rejects_total === 1 ? '' : 's'}, nothing was written`), h('p', {}, 'Your working set is unchanged. Fix the files (or import with "keep valid rows") and try again.'));
  const changes = job.changes
    ? h('section', { class: 'changes', 'data-testid': 'changes' },
        h('h3', {}, 'What changed'),
        h('p', {}, `${fmt.int(job.changes.new_lines)} new lines · ${fmt.int(job.changes.closed_lines)} closed · ${fmt.int(job.changes.changed_lines)} changed`),
        job.changes.examples.length ? h('details', {}, h('summary', {}, 'Examples'), h('ul', { class: 'plain small' }, job.changes.examples.slice(0, 30).map((x) => h('li', {}, x)))) : null)
    : null;
  clear(el, head, changes,
    h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'import-files' },
      h('thead', {}, h('tr', {}, ['File', 'Entity', 'Status', 'Rows', 'Rejects', 'Encoding', 'Delimiter', 'Styles', 'Note'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, fileRows))),
    r.rejects_total > 0 && r.batch_id !== null ? await rejectsTable(r.batch_id) : null);
  if (r.committed && !r.unchanged) await session.refreshInfo().catch(() => undefined);
}

async function rejectsTable(batchId: number): Promise<HTMLElement> {
  const page = await backend.batchRejects(batchId, 0, 2000);
  const filter = h('input', { type: 'search', placeholder: 'Filter rejects (file, column, value, reason)', 'aria-label': 'Filter rejects', 'data-testid': 'reject-filter' });
  const body = h('tbody', {});
  const paint = () => {
    const q = filter.value.trim().toLowerCase();
    const rows = page.rows.filter((r: RejectDto) => !q || [r.file, r.column ?? '', r.value ?? '', r.reason].some((x) => x.toLowerCase().includes(q)));
    clear(body, rows.map((r) => h('tr', { 'data-testid': 'reject-row' }, h('td', {}, r.file), h('td', { class: 'num' }, r.line ?? (r.byte_offset !== null ? `byte ${r.byte_offset}` : '—')), h('td', {}, r.column ?? '—'), h('td', {}, h('code', {}, r.value ?? '')), h('td', {}, r.reason))));
  };
  filter.addEventListener('input', paint);
  paint();
  const exportButton = h('button', { type: 'button', class: 'secondary', 'data-testid': 'export-rejects' }, 'Export CSV');
  exportButton.addEventListener('click', async () => download(await backend.rejectsCsv(batchId)));
  return h('section', { class: 'rejects' },
    h('div', { class: 'row' }, h('h3', {}, `Rejects (${fmt.int(page.total)}${page.total > page.rows.length ? `, first ${fmt.int(page.rows.length)} shown` : ''})`), filter, exportButton),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data', 'data-testid': 'rejects' },
      h('thead', {}, h('tr', {}, ['File', 'Line', 'Column', 'Value', 'Reason'].map((x) => h('th', { scope: 'col' }, x)))), body)));
}

async function batchesTable(): Promise<HTMLElement> {
  const batches = await backend.batches();
  if (batches.length === 0) return h('p', { class: 'muted' }, 'No import yet.');
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, ['Batch', 'As of', 'Started', 'By', 'Status', 'Rows', 'Rejects', 'Files'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, batches.slice(0, 50).map((b) => {
      const rejects = b.rejects > 0
        ? h('button', { type: 'button', class: 'link', onclick: async () => download(await backend.rejectsCsv(b.batch_id)), title: 'Export the rejects as CSV' }, fmt.int(b.rejects))
        : '0';
      return h('tr', { class: b.status === 'rejected' ? 'bad-row' : '' },
        h('td', {}, String(b.batch_id)), h('td', {}, b.as_of), h('td', {}, b.started_at.replace('T', ' ').replace('Z', '')), h('td', {}, b.user),
        h('td', {}, b.status), h('td', { class: 'num' }, fmt.int(b.rows_written)), h('td', { class: 'num' }, rejects), h('td', {}, b.files.map((f) => f.file).join(', ')));
    }))));
}
