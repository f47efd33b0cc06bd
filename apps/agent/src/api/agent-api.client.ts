import type { z } from 'zod';
import {
  AGENT_API_PREFIX,
  AGENT_CREDENTIAL_HEADER,
  ApiError,
  HeartbeatResponse,
  RegisterResponse,
  type HeartbeatRequest,
  type RegisterRequest,
} from '@cloud-backup/domain';
import { AgentApiError, ServerUnreachableError, UNEXPECTED_ANSWER_CODE } from './agent-api.errors';

const REQUEST_TIMEOUT_MS = 30_000;

export interface AgentApiClient {
  readonly serverUrl: string;
  register(body: RegisterRequest, signal?: AbortSignal): Promise<RegisterResponse>;
  heartbeat(credential: string, body: HeartbeatRequest, signal?: AbortSignal): Promise<HeartbeatResponse>;
}

/** `http://host:8080/` and `http://host:8080` must lead to the same endpoints. */
export function normalizeServerUrl(serverUrl: string): string {
  return serverUrl.replace(/\/+$/, '');
}

function describeNetworkFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  // undici wraps the socket error as `cause`; its code (ECONNREFUSED, ENOTFOUND…) is the useful part.
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function post<S extends z.ZodType>(
  url: string,
  body: unknown,
  schema: S,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<z.infer<S>> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  let response: Response;
  let json: unknown;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    json = await readJson(response);
  } catch (error) {
    // A stop requested by the caller is not a network failure; let it surface as the AbortError it is.
    if (signal?.aborted) throw error;
    throw new ServerUnreachableError(url, describeNetworkFailure(error));
  }
  if (!response.ok) {
    const apiError = ApiError.safeParse(json);
    if (apiError.success) throw new AgentApiError(response.status, apiError.data.error.code, apiError.data.error.message);
    throw new AgentApiError(response.status, UNEXPECTED_ANSWER_CODE, `HTTP ${response.status} ${response.statusText}`.trim());
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AgentApiError(response.status, UNEXPECTED_ANSWER_CODE, `The server at ${url} sent an answer the agent does not understand`);
  }
  return parsed.data;
}

export function createAgentApiClient(serverUrl: string): AgentApiClient {
  const base = `${normalizeServerUrl(serverUrl)}${AGENT_API_PREFIX}`;
  return {
    serverUrl: normalizeServerUrl(serverUrl),
    register: (body, signal) => post(`${base}/register`, body, RegisterResponse, {}, signal),
    heartbeat: (credential, body, signal) =>
      post(`${base}/heartbeat`, body, HeartbeatResponse, { [AGENT_CREDENTIAL_HEADER]: `Bearer ${credential}` }, signal),
  };
}
