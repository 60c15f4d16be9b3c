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
import type { ErrorCode } from '../bindings/ErrorCode';

/** What `app_info` returns. Replaced by the generated binding in lib/bindings/ later. */
export interface AppInfo {
  name: string;
  version: string;
}

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
  appInfo: (): Promise<AppInfo> => transport().call<AppInfo>('app_info'),
};
