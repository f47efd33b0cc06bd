import type { Agent as HttpsAgent } from 'node:https';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { z } from 'zod';
import {
  AGENT_API_PREFIX,
  AGENT_CREDENTIAL_HEADER,
  ApiError,
  CredentialRotationResponse,
  HeartbeatResponse,
  JobProgressResponse,
  MissingChunksResponse,
  NextJobResponse,
  NextRequestResponse,
  PackUploadResponse,
  RegisterResponse,
  RestoreTreeResponse,
  decodeChunkBatch,
  type AgentRequestResult,
  type ChunkBatch,
  type CommitBackupRequest,
  type FailBackupRequest,
  type FailRestoreRequest,
  type FinishRestoreRequest,
  type HeartbeatRequest,
  type JobProgressRequest,
  type RegisterRequest,
  type RestoreProgressRequest,
} from '@cloud-backup/domain';
import { AgentApiError, ServerUnreachableError, UNEXPECTED_ANSWER_CODE } from './agent-api.errors';
import { postBytes, postJsonForBytes } from './binary-post';
import { createPinnedTransport, type PinnedTransport, type TlsPinOptions } from './tls-pin';

const REQUEST_TIMEOUT_MS = 30_000;
// A 16 MiB pack over a slow uplink needs far longer than a JSON call; a stalled one must still end.
const PACK_UPLOAD_TIMEOUT_MS = 300_000;
// Committing makes the server check and write the whole tree; a big backup takes longer than a plain call.
const COMMIT_TIMEOUT_MS = 120_000;
// The server holds `jobs/next` up to `wait` seconds; the timeout must outlast that hold.
const LONG_POLL_GRACE_MS = 15_000;
// A chunk batch is up to a few tens of MiB read from the store; like a pack upload it may take a while.
const CHUNK_BATCH_TIMEOUT_MS = 300_000;
// 256 chunks of at most 8 MiB each, plus the header: anything larger is not a batch the agent asked for.
const MAX_CHUNK_BATCH_BYTES = 256 * 8 * 1024 * 1024 + 1024 * 1024;

/** Commit and fail answer 200 with a body the agent does not need. */
const AnyAnswer = z.unknown();

export interface AgentApiClient {
  readonly serverUrl: string;
  register(body: RegisterRequest, signal?: AbortSignal): Promise<RegisterResponse>;
  heartbeat(credential: string, body: HeartbeatRequest, signal?: AbortSignal): Promise<HeartbeatResponse>;
  /** A new credential (pending on the server until first used); see ADR 011. */
  rotateCredential(credential: string, signal?: AbortSignal): Promise<CredentialRotationResponse>;
  nextJob(credential: string, waitSeconds: number, signal?: AbortSignal): Promise<NextJobResponse>;
  missing(credential: string, backupId: string, ids: readonly string[], signal?: AbortSignal): Promise<MissingChunksResponse>;
  uploadPack(credential: string, backupId: string, body: Uint8Array, signal?: AbortSignal): Promise<PackUploadResponse>;
  progress(credential: string, backupId: string, body: JobProgressRequest, signal?: AbortSignal): Promise<JobProgressResponse>;
  commit(credential: string, backupId: string, body: CommitBackupRequest, signal?: AbortSignal): Promise<void>;
  fail(credential: string, backupId: string, body: FailBackupRequest, signal?: AbortSignal): Promise<void>;
  restoreTree(credential: string, operationId: string, treeId: string, signal?: AbortSignal): Promise<RestoreTreeResponse>;
  /** The chunks' plain bytes, not yet checked against their ids (the caller must). */
  restoreChunks(credential: string, operationId: string, ids: readonly string[], signal?: AbortSignal): Promise<ChunkBatch>;
  restoreProgress(credential: string, operationId: string, body: RestoreProgressRequest, signal?: AbortSignal): Promise<JobProgressResponse>;
  finishRestore(credential: string, operationId: string, body: FinishRestoreRequest, signal?: AbortSignal): Promise<void>;
  failRestore(credential: string, operationId: string, body: FailRestoreRequest, signal?: AbortSignal): Promise<void>;
  nextRequest(credential: string, waitSeconds: number, signal?: AbortSignal): Promise<NextRequestResponse>;
  requestResult(credential: string, requestId: string, body: AgentRequestResult, signal?: AbortSignal): Promise<void>;
}

/** `http://host:8080/` and `http://host:8080` must lead to the same endpoints. */
export function normalizeServerUrl(serverUrl: string): string {
  return serverUrl.replace(/\/+$/, '');
}

function describeNetworkFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  // undici wraps the socket error as `cause`; its code (ECONNREFUSED, ENOTFOUND…) is the useful part.
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

async function readJson(response: { text(): Promise<string> }): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface RequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  timeoutMs?: number;
  signal: AbortSignal | undefined;
  /** The pinning connection pool (tls-pin.ts) every call goes through. */
  dispatcher: Dispatcher;
}

async function request<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.infer<S>> {
  const timeoutMs = spec.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
  if (spec.body !== undefined) headers['content-type'] = 'application/json';
  let response: Awaited<ReturnType<typeof undiciFetch>>;
  let json: unknown;
  try {
    response = await undiciFetch(spec.url, {
      dispatcher: spec.dispatcher,
      method: spec.method,
      headers,
      ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
      signal: spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout,
    });
    json = await readJson(response);
  } catch (error) {
    // A stop requested by the caller is not a network failure; let it surface as the AbortError it is.
    if (spec.signal?.aborted) throw error;
    throw new ServerUnreachableError(spec.url, describeNetworkFailure(error, timeoutMs));
  }
  return interpret(spec.url, response.status, response.statusText, json, schema);
}

/** Turns an HTTP answer into the parsed body or the AgentApiError it stands for. */
function interpret<S extends z.ZodType>(url: string, status: number, statusText: string, json: unknown, schema: S): z.infer<S> {
  if (status < 200 || status > 299) {
    const apiError = ApiError.safeParse(json);
    if (apiError.success) throw new AgentApiError(status, apiError.data.error.code, apiError.data.error.message);
    throw new AgentApiError(status, UNEXPECTED_ANSWER_CODE, `HTTP ${status} ${statusText}`.trim());
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AgentApiError(status, UNEXPECTED_ANSWER_CODE, `The server at ${url} sent an answer the agent does not understand`);
  }
  return parsed.data;
}

/**
 * Pack bodies go through node:http instead of fetch: fetch copies a Uint8Array body before sending it,
 * which measured as a tenth of a full backup's time on a 1 GiB tree.
 */
async function uploadBytes<S extends z.ZodType>(
  url: string,
  body: Uint8Array,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
  schema: S,
  httpsAgent: HttpsAgent,
) {
  const timeout = AbortSignal.timeout(PACK_UPLOAD_TIMEOUT_MS);
  let answer: Awaited<ReturnType<typeof postBytes>>;
  try {
    answer = await postBytes(url, body, { accept: 'application/json', ...headers }, signal ? AbortSignal.any([signal, timeout]) : timeout, httpsAgent);
  } catch (error) {
    if (signal?.aborted) throw error;
    const reason = timeout.aborted ? `no answer within ${PACK_UPLOAD_TIMEOUT_MS / 1000} s` : describeNetworkFailure(error, PACK_UPLOAD_TIMEOUT_MS);
    throw new ServerUnreachableError(url, reason);
  }
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    json = undefined;
  }
  return interpret(url, answer.status, answer.statusText, json, schema);
}

/** POSTs JSON and expects a chunk batch back; an error answer is JSON like any other. */
async function fetchChunkBatch(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  signal: AbortSignal | undefined,
  httpsAgent: HttpsAgent,
): Promise<ChunkBatch> {
  const timeout = AbortSignal.timeout(CHUNK_BATCH_TIMEOUT_MS);
  let answer: Awaited<ReturnType<typeof postJsonForBytes>>;
  try {
    answer = await postJsonForBytes(
      url,
      body,
      { accept: 'application/octet-stream, application/json', ...headers },
      signal ? AbortSignal.any([signal, timeout]) : timeout,
      MAX_CHUNK_BATCH_BYTES,
      httpsAgent,
    );
  } catch (error) {
    if (signal?.aborted) throw error;
    const reason = timeout.aborted ? `no answer within ${CHUNK_BATCH_TIMEOUT_MS / 1000} s` : describeNetworkFailure(error, CHUNK_BATCH_TIMEOUT_MS);
    throw new ServerUnreachableError(url, reason);
  }
  if (answer.status < 200 || answer.status > 299) {
    let json: unknown;
    try {
      json = JSON.parse(answer.body.toString('utf8'));
    } catch {
      json = undefined;
    }
    return interpret(url, answer.status, answer.statusText, json, z.never());
  }
  try {
    return decodeChunkBatch(answer.body);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AgentApiError(answer.status, UNEXPECTED_ANSWER_CODE, `The server at ${url} sent a chunk batch the agent cannot read: ${why}`);
  }
}

export interface AgentApiClientOptions {
  /** Certificate pinning for an https:// server; by default CA verification without a pin. */
  tls?: TlsPinOptions;
  /**
   * The credential to send, read at each call. After a rotation the running agent's loops still pass the
   * credential they started with; this gives the current one instead.
   */
  currentCredential?: () => string;
}

export function createAgentApiClient(serverUrl: string, options: AgentApiClientOptions = {}): AgentApiClient {
  const base = `${normalizeServerUrl(serverUrl)}${AGENT_API_PREFIX}`;
  const auth = (credential: string) => ({ [AGENT_CREDENTIAL_HEADER]: `Bearer ${options.currentCredential?.() ?? credential}` });
  // Every call, JSON or bytes, goes through one of these two pools, both enforcing the same pin.
  const transport: PinnedTransport = createPinnedTransport(options.tls ?? { fingerprint: null });
  const { dispatcher, httpsAgent } = transport;
  const backup = (backupId: string, action: string) => `${base}/backups/${encodeURIComponent(backupId)}/${action}`;
  const restore = (operationId: string, action: string) => `${base}/restores/${encodeURIComponent(operationId)}/${action}`;
  return {
    serverUrl: normalizeServerUrl(serverUrl),
    register: (body, signal) => request({ method: 'POST', url: `${base}/register`, headers: {}, body, signal, dispatcher }, RegisterResponse),
    heartbeat: (credential, body, signal) =>
      request({ method: 'POST', url: `${base}/heartbeat`, headers: auth(credential), body, signal, dispatcher }, HeartbeatResponse),
    rotateCredential: (credential, signal) =>
      request({ method: 'POST', url: `${base}/credential`, headers: auth(credential), signal, dispatcher }, CredentialRotationResponse),
    nextJob: (credential, waitSeconds, signal) =>
      request(
        {
          method: 'GET',
          url: `${base}/jobs/next?wait=${waitSeconds}`,
          headers: auth(credential),
          timeoutMs: waitSeconds * 1000 + LONG_POLL_GRACE_MS,
          signal,
          dispatcher,
        },
        NextJobResponse,
      ),
    missing: (credential, backupId, ids, signal) =>
      request({ method: 'POST', url: backup(backupId, 'missing'), headers: auth(credential), body: { ids }, signal, dispatcher }, MissingChunksResponse),
    uploadPack: (credential, backupId, body, signal) => uploadBytes(backup(backupId, 'packs'), body, auth(credential), signal, PackUploadResponse, httpsAgent),
    progress: (credential, backupId, body, signal) =>
      request({ method: 'POST', url: backup(backupId, 'progress'), headers: auth(credential), body, signal, dispatcher }, JobProgressResponse),
    commit: async (credential, backupId, body, signal) => {
      await request(
        { method: 'POST', url: backup(backupId, 'commit'), headers: auth(credential), body, timeoutMs: COMMIT_TIMEOUT_MS, signal, dispatcher },
        AnyAnswer,
      );
    },
    fail: async (credential, backupId, body, signal) => {
      await request({ method: 'POST', url: backup(backupId, 'fail'), headers: auth(credential), body, signal, dispatcher }, AnyAnswer);
    },
    restoreTree: (credential, operationId, treeId, signal) =>
      request(
        { method: 'GET', url: restore(operationId, `trees/${encodeURIComponent(treeId)}`), headers: auth(credential), signal, dispatcher },
        RestoreTreeResponse,
      ),
    restoreChunks: (credential, operationId, ids, signal) => fetchChunkBatch(restore(operationId, 'chunks'), { ids }, auth(credential), signal, httpsAgent),
    restoreProgress: (credential, operationId, body, signal) =>
      request({ method: 'POST', url: restore(operationId, 'progress'), headers: auth(credential), body, signal, dispatcher }, JobProgressResponse),
    finishRestore: async (credential, operationId, body, signal) => {
      await request(
        { method: 'POST', url: restore(operationId, 'finish'), headers: auth(credential), body, timeoutMs: COMMIT_TIMEOUT_MS, signal, dispatcher },
        AnyAnswer,
      );
    },
    failRestore: async (credential, operationId, body, signal) => {
      await request({ method: 'POST', url: restore(operationId, 'fail'), headers: auth(credential), body, signal, dispatcher }, AnyAnswer);
    },
    nextRequest: (credential, waitSeconds, signal) =>
      request(
        {
          method: 'GET',
          url: `${base}/requests/next?wait=${waitSeconds}`,
          headers: auth(credential),
          timeoutMs: waitSeconds * 1000 + LONG_POLL_GRACE_MS,
          signal,
          dispatcher,
        },
        NextRequestResponse,
      ),
    requestResult: async (credential, requestId, body, signal) => {
      await request(
        { method: 'POST', url: `${base}/requests/${encodeURIComponent(requestId)}/result`, headers: auth(credential), body, signal, dispatcher },
        AnyAnswer,
      );
    },
  };
}
