import { ApiError } from '@cloud-backup/domain';
import type { z } from 'zod';

export const API_BASE = '/api/v1';

/** Sent on every request: the server refuses state-changing calls without it (CSRF guard). */
export const CSRF_HEADER = { name: 'X-Requested-With', value: 'cloud-backup' } as const;

export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Readonly<Record<string, string>> | undefined;

  constructor(status: number, code: string, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiRequestError {
  return error instanceof ApiRequestError && (code === undefined || error.code === code);
}

/** The text to show a user for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong';
}

type UnauthenticatedHandler = (next: string) => void;

function defaultUnauthenticatedHandler(next: string): void {
  window.location.assign(`/sign-in?next=${encodeURIComponent(next)}`);
}

let onUnauthenticated: UnauthenticatedHandler = defaultUnauthenticatedHandler;

/** The app swaps the full-page redirect for a router navigation once the router exists. */
export function setUnauthenticatedHandler(handler: UnauthenticatedHandler | null): void {
  onUnauthenticated = handler ?? defaultUnauthenticatedHandler;
}

// A wrong password is also a 401, and it must stay on the form instead of redirecting.
const NO_REDIRECT_PATHS = new Set(['/auth/sign-in']);

function handleUnauthenticated(path: string): void {
  if (NO_REDIRECT_PATHS.has(path)) return;
  const here = window.location.pathname;
  if (here === '/sign-in') return;
  onUnauthenticated(`${here}${window.location.search}`);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function toError(response: Response, path: string): Promise<ApiRequestError> {
  if (response.status === 401) handleUnauthenticated(path);
  const parsed = ApiError.safeParse(await readJson(response));
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    return new ApiRequestError(response.status, code, message, fields);
  }
  const statusText = response.statusText ? ` ${response.statusText}` : '';
  return new ApiRequestError(response.status, `http_${response.status}`, `Request failed (${response.status}${statusText})`);
}

async function request(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', [CSRF_HEADER.name]: CSRF_HEADER.value };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (signal) init.signal = signal;
  try {
    return await fetch(`${API_BASE}${path}`, init);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiRequestError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
}

async function parseSuccess<S extends z.ZodType>(response: Response, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await readJson(response));
  if (!parsed.success) {
    throw new ApiRequestError(response.status, 'invalid_response', 'The server sent a response the console does not understand.');
  }
  return parsed.data;
}

export async function apiGet<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
  const response = await request('GET', path, undefined, signal);
  if (!response.ok) throw await toError(response, path);
  return parseSuccess(response, schema);
}

export type MutatingMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Pass `null` as the schema for answers without a body (204). */
export function apiSend<S extends z.ZodType>(method: MutatingMethod, path: string, body: unknown, schema: S): Promise<z.output<S>>;
export function apiSend(method: MutatingMethod, path: string, body: unknown, schema: null): Promise<void>;
export async function apiSend(method: MutatingMethod, path: string, body: unknown, schema: z.ZodType | null): Promise<unknown> {
  const response = await request(method, path, body);
  if (!response.ok) throw await toError(response, path);
  if (schema === null) return undefined;
  return parseSuccess(response, schema);
}

/** Builds an API path with every dynamic segment URL-encoded. */
export function apiPath(strings: TemplateStringsArray, ...segments: string[]): string {
  return strings.reduce((path, part, i) => path + part + (i < segments.length ? encodeURIComponent(segments[i] ?? '') : ''), '');
}
