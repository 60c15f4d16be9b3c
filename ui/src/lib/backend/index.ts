/**
 * The one way the UI reaches the backend (ARCHITECTURE.md, invariant 4).
 *
 * Two transports carry the same commands to the same api façade:
 * - inside the desktop shell, Tauri IPC (`invoke`);
 * - in a browser against `bodesk serve`, HTTP `POST /api/<command>` with the
 *   arguments as a JSON body.
 *
 * This folder is the only place that may import `@tauri-apps/*`
 * (ui/tests/boundary.test.mjs checks it). Every failure surfaces as a
 * `BackendError` with the `{code, message}` shape the api crate sends
 * (`ApiError`, generated from Rust into ../bindings/).
 */
import { invoke } from '@tauri-apps/api/core';
import type { ApiError } from '../bindings/ApiError';
import type { AppInfo } from '../bindings/AppInfo';
import type { AttributionReport } from '../bindings/AttributionReport';
import type { BatchDto } from '../bindings/BatchDto';
import type { CauseRulesDto } from '../bindings/CauseRulesDto';
import type { CausesArgs } from '../bindings/CausesArgs';
import type { CausesReport } from '../bindings/CausesReport';
import type { FieldReport } from '../bindings/FieldReport';
import type { LineCause } from '../bindings/LineCause';
import type { RetagReport } from '../bindings/RetagReport';
import type { DrillReport } from '../bindings/DrillReport';
import type { EolReport } from '../bindings/EolReport';
import type { ErrorCode } from '../bindings/ErrorCode';
import type { ExpediteReport } from '../bindings/ExpediteReport';
import type { ExportFile } from '../bindings/ExportFile';
import type { FilterDto } from '../bindings/FilterDto';
import type { ImportOptions } from '../bindings/ImportOptions';
import type { JobDto } from '../bindings/JobDto';
import type { KpiReport } from '../bindings/KpiReport';
import type { KpiSnapshot } from '../bindings/KpiSnapshot';
import type { LineDetail } from '../bindings/LineDetail';
import type { LinePage } from '../bindings/LinePage';
import type { LineQuery } from '../bindings/LineQuery';
import type { PartView } from '../bindings/PartView';
import type { RejectPage } from '../bindings/RejectPage';
import type { UploadFile } from '../bindings/UploadFile';
import type { AlertDto } from '../bindings/AlertDto';
import type { AlertList } from '../bindings/AlertList';
import type { AlertSummary } from '../bindings/AlertSummary';
import type { AlertThresholds } from '../bindings/AlertThresholds';
import type { CountermeasureAddArgs } from '../bindings/CountermeasureAddArgs';
import type { CountermeasureDto } from '../bindings/CountermeasureDto';
import type { FailureModes } from '../bindings/FailureModes';
import type { ReviewCloseArgs } from '../bindings/ReviewCloseArgs';
import type { ReviewDto } from '../bindings/ReviewDto';
import type { ReviewList } from '../bindings/ReviewList';
import type { ReviewUpdateArgs } from '../bindings/ReviewUpdateArgs';
import type { ForecastAdjustmentDto } from '../bindings/ForecastAdjustmentDto';
import type { ForecastListArgs } from '../bindings/ForecastListArgs';
import type { ForecastPortfolio } from '../bindings/ForecastPortfolio';
import type { NewForecastAdjustment } from '../bindings/NewForecastAdjustment';
import type { PartForecastArgs } from '../bindings/PartForecastArgs';
import type { PartForecastDto } from '../bindings/PartForecastDto';
import type { ReplenishmentArgs } from '../bindings/ReplenishmentArgs';
import type { ReplenishmentReport } from '../bindings/ReplenishmentReport';
import type { ReplenishmentSuggestionDto } from '../bindings/ReplenishmentSuggestionDto';
import type { SupplierForecastArgs } from '../bindings/SupplierForecastArgs';
import type { SupplierCadence } from '../bindings/SupplierCadence';

export type TransportKind = 'tauri' | 'http';

/** Arguments of a command: a JSON object, keyed as the Rust command expects. */
export type CommandArgs = Record<string, unknown>;

export interface Transport {
  readonly kind: TransportKind;
  call<T>(command: string, args?: CommandArgs): Promise<T>;
}

/**
 * Codes the transports add to the api's `ErrorCode`s, for failures that never
 * reached the api: `unreachable` (no answer: server down, network error) and
 * `bad_response` (an answer that is not JSON, or an error that is not
 * `{code, message}`).
 */
export type TransportErrorCode = 'unreachable' | 'bad_response';

export type BackendErrorCode = ErrorCode | TransportErrorCode;

/** An error from the backend, or from reaching it, as `{code, message}`. */
export class BackendError extends Error {
  readonly code: BackendErrorCode;

  constructor(code: BackendErrorCode, message: string) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
  }
}

// Trusts the code string: the api sends only `ErrorCode`s.
function isErrorShape(value: unknown): value is ApiError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

function toBackendError(value: unknown, fallbackCode: BackendErrorCode): BackendError {
  if (value instanceof BackendError) return value;
  if (isErrorShape(value)) return new BackendError(value.code, value.message);
  if (value instanceof Error) return new BackendError(fallbackCode, value.message);
  return new BackendError(fallbackCode, String(value));
}

/** True inside the Tauri webview, where the IPC bridge is injected before any page script. */
export function inTauri(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/**
 * Commands the desktop shell answers itself (src-tauri/src/commands.rs); every
 * other command goes through its one `api` command, which runs the api's
 * `App::call` exactly as `bodesk serve` does for `POST /api/<command>`.
 */
const DESKTOP_COMMANDS: ReadonlySet<string> = new Set(['pick_import_paths']);

export const tauriTransport: Transport = {
  kind: 'tauri',
  async call<T>(command: string, args: CommandArgs = {}): Promise<T> {
    try {
      return DESKTOP_COMMANDS.has(command)
        ? await invoke<T>(command, args)
        : await invoke<T>('api', { command, args });
    } catch (error) {
      // Tauri itself rejects with a bare string (unknown command, denied by
      // a capability): a bug in the shell, not the user's doing.
      throw toBackendError(error, 'internal');
    }
  },
};

/** HTTP transport; `base` is the URL prefix of the api (default: same origin). */
export function httpTransport(base = ''): Transport {
  return {
    kind: 'http',
    async call<T>(command: string, args: CommandArgs = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${base}/api/${encodeURIComponent(command)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(args),
        });
      } catch (error) {
        throw toBackendError(error, 'unreachable');
      }
      const text = await response.text();
      let body: unknown = undefined;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          throw new BackendError('bad_response', `${command}: the server did not answer with JSON (HTTP ${response.status})`);
        }
      }
      if (!response.ok) {
        throw isErrorShape(body)
          ? new BackendError(body.code, body.message)
          : new BackendError('bad_response', `${command}: HTTP ${response.status} ${response.statusText}`);
      }
      return body as T;
    },
  };
}

let current: Transport | undefined;

/** The transport for this page: chosen once, on first use. */
export function transport(): Transport {
  current ??= inTauri() ? tauriTransport : httpTransport();
  return current;
}

/** Replace the transport (tests, or a page served under another origin). */
export function setTransport(next: Transport): void {
  current = next;
}

/** Typed commands. One function per backend command; the UI calls only these. */
export const backend = {
  appInfo: () => call<AppInfo>('app_info'),
  kpis: (by?: string) => call<KpiReport>('kpis', by ? { by } : {}),
  kpiHistory: () => call<KpiSnapshot[]>('kpi_history'),
  drill: (filters: FilterDto[], by?: string, top?: { top: number; order_by?: string }) =>
    call<DrillReport>('drill', { filters, by: by ?? null, ...(top ?? {}) }),
  drillCsv: (filters: FilterDto[], by: string) => call<ExportFile>('drill_csv', { filters, by }),
  chart: (args: { kind: string; format: 'svg' | 'png'; filters: FilterDto[]; by?: string; metric?: string }) =>
    call<ExportFile>('chart', args),
  lines: (query: Partial<LineQuery>) => call<LinePage>('lines', query),
  lineDetail: (order_id: string, order_line: string) => call<LineDetail>('line_detail', { order_id, order_line }),
  partView: (part_id: string) => call<PartView>('part_view', { part_id }),
  batches: () => call<BatchDto[]>('batches'),
  batchRejects: (batch_id: number, offset = 0, limit = 500) =>
    call<RejectPage>('batch_rejects', { batch_id, offset, limit }),
  rejectsCsv: (batch_id: number) => call<ExportFile>('rejects_csv', { batch_id }),
  jobStatus: (job_id: number) => call<JobDto>('job_status', { job_id }),
  importPaths: (paths: string[], options: ImportOptions) => call<JobDto>('import_paths', { paths, options }),
  importUpload: (files: UploadFile[], options: ImportOptions) => call<JobDto>('import_upload', { files, options }),
  loadDemo: (size: 'small' | 'large' = 'small') => call<JobDto>('load_demo', { size }),
  cancelJob: (job_id: number) => call<JobDto>('cancel_job', { job_id }),
  causes: (args: Partial<CausesArgs> = {}) => call<CausesReport>('causes', args),
  causeRules: () => call<CauseRulesDto>('cause_rules'),
  causeRulesPreview: (toml: string) => call<RetagReport>('cause_rules_preview', { toml }),
  causeRulesApply: (toml: string) => call<RetagReport>('cause_rules_apply', { toml }),
  overrideCause: (order_id: string, order_line: string, root_cause: string, reason: string) =>
    call<LineCause>('override_cause', { order_id, order_line, root_cause, reason }),
  clearOverride: (order_id: string, order_line: string, reason: string) =>
    call<LineCause>('clear_override', { order_id, order_line, reason }),
  fieldReport: (months?: number, min_events?: number) =>
    call<FieldReport>('field_report', { months: months ?? null, min_events: min_events ?? null }),
  // Follow-up: SLA alerts, reviews, countermeasures.
  alerts: (state?: string, level?: string) => call<AlertList>('alerts', { state: state ?? null, level: level ?? null }),
  alertSummary: () => call<AlertSummary>('alert_summary'),
  alertsCsv: (state?: string, level?: string) => call<ExportFile>('alerts_csv', { state: state ?? null, level: level ?? null }),
  alertAck: (alert_id: number) => call<AlertDto>('alert_ack', { alert_id }),
  alertAssign: (alert_id: number, assignee: string) => call<AlertDto>('alert_assign', { alert_id, assignee }),
  alertSnooze: (alert_id: number, until: string) => call<AlertDto>('alert_snooze', { alert_id, until }),
  alertThresholds: () => call<AlertThresholds>('alert_thresholds'),
  setAlertThresholds: (thresholds: AlertThresholds) => call<AlertThresholds>('set_alert_thresholds', { thresholds }),
  reviews: (args: { overdue?: boolean; status?: string }) => call<ReviewList>('reviews', args),
  reviewUpdate: (args: Partial<ReviewUpdateArgs> & { review_id: number }) => call<ReviewDto>('review_update', args),
  reviewClose: (args: ReviewCloseArgs) => call<ReviewDto>('review_close', args),
  countermeasures: () => call<CountermeasureDto[]>('countermeasures'),
  countermeasureAdd: (args: CountermeasureAddArgs) => call<CountermeasureDto>('countermeasure_add', args),
  failureModes: (quarter?: string) => call<FailureModes>('failure_modes', quarter ? { quarter } : {}),
  /** Desktop only: the native file or folder picker (empty when cancelled). */
  pickImportPaths: (folder: boolean) => transport().call<string[]>('pick_import_paths', { folder }),
  expedite: (filters: FilterDto[] = [], limit?: number) => call<ExpediteReport>('expedite', { filters, limit: limit ?? null }),
  expediteCsv: (filters: FilterDto[] = []) => call<ExportFile>('expedite_csv', { filters }),
  attribution: (by: 'part' | 'supplier' = 'part', limit?: number) => call<AttributionReport>('attribution', { by, limit: limit ?? null }),
  eolReport: (horizon_months?: number) => call<EolReport>('eol_report', { horizon_months: horizon_months ?? null }),
  // Forecasting, adjustments, replenishment, supplier forecast sharing (issue 6).
  forecastPart: (args: PartForecastArgs) => call<PartForecastDto>('forecast_part', args),
  forecastList: (args: ForecastListArgs = {}) => call<ForecastPortfolio>('forecast_list', args),
  forecastAdjustments: (part_id?: string) => call<ForecastAdjustmentDto[]>('forecast_adjustments', part_id ? { part_id } : {}),
  addForecastAdjustment: (args: NewForecastAdjustment) => call<ForecastAdjustmentDto>('add_forecast_adjustment', args),
  removeForecastAdjustment: (adjustment_id: number, reason: string) =>
    call<Record<string, never>>('remove_forecast_adjustment', { adjustment_id, reason }),
  replenishment: (args: Partial<ReplenishmentArgs> = {}) =>
    call<ReplenishmentReport>('replenishment', { include_no_order: false, ...args }),
  decideReplenishment: (suggestion_id: string, decision: 'accepted' | 'rejected' | 'open', note = '') =>
    call<ReplenishmentSuggestionDto>('decide_replenishment', { suggestion_id, decision, note }),
  replenishmentExport: () => call<ExportFile>('replenishment_export'),
  supplierForecastExport: (args: SupplierForecastArgs) => call<ExportFile>('supplier_forecast_export', args),
  supplierForecastCadence: (supplier_id: string) => call<SupplierCadence>('supplier_forecast_cadence', { supplier_id }),
  setSupplierForecastCadence: (supplier_id: string, cadence: 'monthly' | 'weekly') =>
    call<Record<string, never>>('set_supplier_forecast_cadence', { supplier_id, cadence }),
};

function call<T>(command: string, args: CommandArgs = {}): Promise<T> {
  return transport().call<T>(command, args);
}

/**
 * Whether this client may only read (a phone or meeting-room screen reaching
 * `bodesk serve --lan` from another machine). The desktop app always writes.
 */
export async function isReadOnly(): Promise<boolean> {
  if (transport().kind === 'tauri') return false;
  try {
    const response = await fetch('/api/whoami', { headers: { accept: 'application/json' } });
    if (!response.ok) return false;
    const body = (await response.json()) as { read_only?: boolean };
    return body.read_only === true;
  } catch {
    return false;
  }
}
