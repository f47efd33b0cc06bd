import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AgentRequestResult,
  FailRestoreRequest,
  FinishRestoreRequest,
  RestoreChunksRequest,
  RestoreProgressRequest,
  type AgentJob,
  type AgentRequest,
  type DamagedChunk,
  type OperationLogLine,
  type RestoreNode,
} from '@cloud-backup/domain';

export interface RestoreRecord {
  progress: RestoreProgressRequest['progress'][];
  log: OperationLogLine[];
  finish: FinishRestoreRequest | null;
  fail: FailRestoreRequest | null;
  /** The ids of every chunks request, in order. */
  chunkRequests: string[][];
  treeRequests: string[];
  /** Most chunk requests that were being answered at the same time. */
  maxConcurrentChunkRequests: number;
  /** When set, the next progress answer asks the agent to cancel. */
  cancel: boolean;
}

type ApiErrorBody = { status: number; code: string; message: string };

export interface GeneratedChunk {
  length: number;
  make(): Buffer;
}

export interface FakeRestoreServer {
  url: string;
  credential: string;
  /** Chunk bytes by id; a generated chunk makes big test files without holding them in memory. */
  chunks: Map<string, Buffer | GeneratedChunk>;
  trees: Map<string, RestoreNode[]>;
  /** Chunks answered as damaged (listed in `damaged`, not sent). */
  damaged: Map<string, string>;
  /** Chunks answered with other bytes under their id. */
  corrupt: Set<string>;
  /** Trees answered with this error instead of their nodes. */
  brokenTrees: Map<string, ApiErrorBody>;
  restores: Map<string, RestoreRecord>;
  jobs: AgentJob[];
  /** Quick requests handed out by `GET /requests/next`, and the results the agent posted. */
  requests: AgentRequest[];
  results: Map<string, AgentRequestResult>;
  failAllWith: ApiErrorBody | null;
  /** The next this many tree and chunk requests are answered 503, as by a restarting server. */
  unavailableFor: number;
  /** Called with every accepted progress report, before the answer goes out. */
  onProgress: ((operationId: string, progress: RestoreProgressRequest['progress']) => void) | null;
  /** Awaited before a chunks answer goes out (to slow the server down, or act mid-restore). */
  beforeChunks: ((operationId: string, ids: string[]) => Promise<void> | void) | null;
  restore(operationId: string): RestoreRecord;
  close(): Promise<void>;
}

function newRecord(): RestoreRecord {
  return { progress: [], log: [], finish: null, fail: null, chunkRequests: [], treeRequests: [], maxConcurrentChunkRequests: 0, cancel: false };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * The chunk batch format of chunk-batch.codec.ts, written chunk by chunk (generated ones made as they go)
 * so the test server's own memory does not blur the agent's in the large-file test.
 */
async function streamChunkBatch(
  res: ServerResponse,
  blobs: { id: string; stored: Buffer | GeneratedChunk }[],
  damaged: DamagedChunk[],
  corrupt: ReadonlySet<string>,
): Promise<void> {
  const header = Buffer.from(JSON.stringify({ blobs: blobs.map((b) => ({ id: b.id, length: b.stored.length })), damaged }));
  const prefix = Buffer.alloc(8);
  prefix.write('CBDL', 0, 'latin1');
  prefix.writeUInt32BE(header.length, 4);
  const total = 8 + header.length + blobs.reduce((n, b) => n + b.stored.length, 0);
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(total) });
  res.write(Buffer.concat([prefix, header]));
  for (const { id, stored } of blobs) {
    const data = Buffer.isBuffer(stored) ? stored : stored.make();
    // Same length, other bytes: what a bit flip on the server's disk would look like.
    const sent = corrupt.has(id) ? Buffer.concat([data.subarray(1), Buffer.from('!')]) : data;
    if (!res.write(sent)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

const error = (res: ServerResponse, e: ApiErrorBody) => send(res, e.status, { error: { code: e.code, message: e.message } });

/**
 * The restore side of the BFF's agent API, in memory and over real HTTP: trees and chunks from maps (a
 * chunk can be flipped to damaged or to corrupt bytes), per-operation records of every call, a job queue
 * and a quick-request queue, both long-polled.
 */
export async function startFakeRestoreServer(credential = 'restore-cred'): Promise<FakeRestoreServer> {
  const held = new Set<NodeJS.Timeout>();
  let chunkRequestsNow = 0;
  const state: FakeRestoreServer = {
    url: '',
    credential,
    chunks: new Map(),
    trees: new Map(),
    damaged: new Map(),
    corrupt: new Set(),
    brokenTrees: new Map(),
    restores: new Map(),
    jobs: [],
    requests: [],
    results: new Map(),
    failAllWith: null,
    unavailableFor: 0,
    onProgress: null,
    beforeChunks: null,
    restore: (id) => {
      let record = state.restores.get(id);
      if (!record) state.restores.set(id, (record = newRecord()));
      return record;
    },
    close: async () => {
      for (const t of held) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  /** Answers a long poll with the first queued item, or `empty` once `wait` seconds have passed. */
  function longPoll(res: ServerResponse, url: URL, take: () => unknown, key: string): void {
    const deadline = Date.now() + Number(url.searchParams.get('wait') ?? '25') * 1000;
    const poll = () => {
      const item = take();
      if (item !== undefined || Date.now() >= deadline) return send(res, 200, { [key]: item ?? null });
      const timer = setTimeout(() => {
        held.delete(timer);
        poll();
      }, 20);
      held.add(timer);
    };
    poll();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    if (state.failAllWith) return error(res, state.failAllWith);
    if (req.headers.authorization !== `Bearer ${credential}`) return error(res, { status: 401, code: 'invalid_agent_credential', message: 'Unknown agent credential' });
    if (req.method === 'POST' && url.pathname === '/agent/v1/heartbeat') return send(res, 200, { heartbeatIntervalSeconds: 30, metadataRequired: false });
    if (req.method === 'GET' && url.pathname === '/agent/v1/jobs/next') return longPoll(res, url, () => state.jobs.shift(), 'job');
    if (req.method === 'GET' && url.pathname === '/agent/v1/requests/next') return longPoll(res, url, () => state.requests.shift(), 'request');
    const json = (): unknown => JSON.parse(body.toString('utf8'));
    const invalid = (issues: unknown) => error(res, { status: 400, code: 'validation_failed', message: JSON.stringify(issues).slice(0, 2000) });

    const result = /^\/agent\/v1\/requests\/([^/]+)\/result$/.exec(url.pathname);
    if (req.method === 'POST' && result) {
      const parsed = AgentRequestResult.safeParse(json());
      if (!parsed.success) return invalid(parsed.error.issues);
      state.results.set(decodeURIComponent(result[1] ?? ''), parsed.data);
      return send(res, 200, { ok: true });
    }

    if (state.unavailableFor > 0 && /^\/agent\/v1\/restores\/[^/]+\/(trees\/|chunks$)/.test(url.pathname)) {
      state.unavailableFor--;
      return error(res, { status: 503, code: 'unavailable', message: 'Restarting' });
    }
    const tree = /^\/agent\/v1\/restores\/([^/]+)\/trees\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && tree) {
      const record = state.restore(decodeURIComponent(tree[1] ?? ''));
      const id = decodeURIComponent(tree[2] ?? '');
      record.treeRequests.push(id);
      const broken = state.brokenTrees.get(id);
      if (broken) return error(res, broken);
      const nodes = state.trees.get(id);
      if (!nodes) return error(res, { status: 404, code: 'not_found', message: `No tree ${id}` });
      return send(res, 200, { nodes });
    }

    const match = /^\/agent\/v1\/restores\/([^/]+)\/(chunks|progress|finish|fail)$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) return error(res, { status: 404, code: 'not_found', message: `No route ${req.method} ${url.pathname}` });
    const operationId = decodeURIComponent(match[1] ?? '');
    const record = state.restore(operationId);
    const action = match[2];
    if (action === 'chunks') {
      const parsed = RestoreChunksRequest.safeParse(json());
      if (!parsed.success) return invalid(parsed.error.issues);
      record.chunkRequests.push(parsed.data.ids);
      chunkRequestsNow++;
      record.maxConcurrentChunkRequests = Math.max(record.maxConcurrentChunkRequests, chunkRequestsNow);
      try {
        await state.beforeChunks?.(operationId, parsed.data.ids);
        await answerChunks(res, parsed.data.ids);
      } finally {
        chunkRequestsNow--;
      }
      return;
    }
    return answerRest(res, record, operationId, action, json, invalid);
  }

  async function answerChunks(res: ServerResponse, ids: string[]): Promise<void> {
    const blobs: { id: string; stored: Buffer | GeneratedChunk }[] = [];
    const damaged: DamagedChunk[] = [];
    for (const id of new Set(ids)) {
      const reason = state.damaged.get(id);
      const stored = state.chunks.get(id);
      if (reason !== undefined || stored === undefined) damaged.push({ id, reason: reason ?? 'not in the repository' });
      else blobs.push({ id, stored });
    }
    await streamChunkBatch(res, blobs, damaged, state.corrupt);
  }

  function answerRest(
    res: ServerResponse,
    record: RestoreRecord,
    operationId: string,
    action: string | undefined,
    json: () => unknown,
    invalid: (issues: unknown) => void,
  ): void {
    if (record.finish || record.fail) return error(res, { status: 409, code: 'conflict', message: 'The restore already finished' });
    if (action === 'progress') {
      const parsed = RestoreProgressRequest.safeParse(json());
      if (!parsed.success) return invalid(parsed.error.issues);
      record.progress.push(parsed.data.progress);
      record.log.push(...parsed.data.log);
      state.onProgress?.(operationId, parsed.data.progress);
      return send(res, 200, { cancel: record.cancel });
    }
    if (action === 'finish') {
      const parsed = FinishRestoreRequest.safeParse(json());
      if (!parsed.success) return invalid(parsed.error.issues);
      record.finish = parsed.data;
      record.log.push(...parsed.data.log);
      return send(res, 200, { ok: true });
    }
    const parsed = FailRestoreRequest.safeParse(json());
    if (!parsed.success) return invalid(parsed.error.issues);
    record.fail = parsed.data;
    record.log.push(...parsed.data.log);
    return send(res, 200, { ok: true });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => error(res, { status: 500, code: 'internal_error', message: String(e) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
