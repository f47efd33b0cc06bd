import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CommitBackupRequest,
  FailBackupRequest,
  JobProgressRequest,
  MAX_PACK_UPLOAD_BYTES,
  MissingChunksRequest,
  decodePackUpload,
  type AgentJob,
  type OperationLogLine,
} from '@cloud-backup/domain';

export interface StoredBlob {
  type: 'data' | 'tree';
  data: Buffer;
}

export interface BackupRecord {
  progress: JobProgressRequest['progress'][];
  log: OperationLogLine[];
  commit: CommitBackupRequest | null;
  fail: FailBackupRequest | null;
  missingCalls: number;
  packUploads: number;
  uploadedBlobs: { id: string; type: 'data' | 'tree'; length: number }[];
  /** When set, the next progress answer asks the agent to cancel. */
  cancel: boolean;
}

export interface FakeBackupServer {
  url: string;
  credential: string;
  blobs: Map<string, StoredBlob>;
  backups: Map<string, BackupRecord>;
  /** Jobs handed out by `GET /jobs/next`, first come first served. */
  jobs: AgentJob[];
  jobPolls: number;
  /** Answers every agent call with this error from now on (e.g. 410 instance_removed). */
  failAllWith: { status: number; code: string; message: string } | null;
  /** Like failAllWith, for job polls only. */
  failJobPollsWith: { status: number; code: string; message: string } | null;
  /** Called with every accepted progress report, before the answer goes out. */
  onProgress: ((backupId: string, progress: JobProgressRequest['progress']) => void) | null;
  /** Called when a commit is accepted, before the answer goes out. */
  onCommit: ((backupId: string) => void) | null;
  backup(id: string): BackupRecord;
  close(): Promise<void>;
}

function newRecord(): BackupRecord {
  return { progress: [], log: [], commit: null, fail: null, missingCalls: 0, packUploads: 0, uploadedBlobs: [], cancel: false };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const error = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });

/**
 * The agent API of the BFF, in memory: a long-polled job queue, a content-addressed blob store that
 * checks every uploaded blob's SHA-256 against its id, and per-backup records of every call.
 */
export async function startFakeBackupServer(credential = 'job-cred'): Promise<FakeBackupServer> {
  const blobs = new Map<string, StoredBlob>();
  const backups = new Map<string, BackupRecord>();
  const waiting = new Set<NodeJS.Timeout>();
  const state: FakeBackupServer = {
    url: '',
    credential,
    blobs,
    backups,
    jobs: [],
    jobPolls: 0,
    failAllWith: null,
    failJobPollsWith: null,
    onCommit: null,
    onProgress: null,
    backup: (id) => {
      let record = backups.get(id);
      if (!record) backups.set(id, (record = newRecord()));
      return record;
    },
    close: async () => {
      for (const t of waiting) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readBody(req);
    if (state.failAllWith) return error(res, state.failAllWith.status, state.failAllWith.code, state.failAllWith.message);
    if (req.headers.authorization !== `Bearer ${credential}`) return error(res, 401, 'invalid_agent_credential', 'Unknown agent credential');
    if (req.method === 'POST' && url.pathname === '/agent/v1/heartbeat') {
      return send(res, 200, { heartbeatIntervalSeconds: 30, metadataRequired: false });
    }
    if (req.method === 'GET' && url.pathname === '/agent/v1/jobs/next') {
      state.jobPolls++;
      const refusal = state.failJobPollsWith;
      if (refusal) return error(res, refusal.status, refusal.code, refusal.message);
      const waitMs = Number(url.searchParams.get('wait') ?? '25') * 1000;
      const deadline = Date.now() + waitMs;
      const poll = () => {
        const job = state.jobs.shift();
        if (job || Date.now() >= deadline) return send(res, 200, { job: job ?? null });
        const timer = setTimeout(() => {
          waiting.delete(timer);
          poll();
        }, 20);
        waiting.add(timer);
      };
      return poll();
    }
    if (req.method === 'GET' && url.pathname === '/agent/v1/requests/next') {
      // No quick requests here: held like an idle server holds them (see fake-restore-server for those).
      const timer = setTimeout(() => {
        waiting.delete(timer);
        send(res, 200, { request: null });
      }, Number(url.searchParams.get('wait') ?? '25') * 1000);
      waiting.add(timer);
      return;
    }
    const match = /^\/agent\/v1\/backups\/([^/]+)\/(missing|packs|progress|commit|fail)$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) return error(res, 404, 'not_found', `No route ${req.method} ${url.pathname}`);
    const record = state.backup(decodeURIComponent(match[1] ?? ''));
    const action = match[2];
    if (action === 'packs') {
      if (req.headers['content-type'] !== 'application/octet-stream') return error(res, 400, 'bad_request', 'Packs are octet-streams');
      if (body.length > MAX_PACK_UPLOAD_BYTES) return error(res, 413, 'payload_too_large', 'Pack too large');
      let storedBytes = 0;
      const decoded = decodePackUpload(body);
      for (const blob of decoded) {
        if (createHash('sha256').update(blob.data).digest('hex') !== blob.id) return error(res, 400, 'bad_request', `Blob ${blob.id} does not match its id`);
      }
      for (const blob of decoded) {
        record.uploadedBlobs.push({ id: blob.id, type: blob.type, length: blob.data.length });
        if (!blobs.has(blob.id)) storedBytes += blob.data.length;
        blobs.set(blob.id, { type: blob.type, data: Buffer.from(blob.data) });
      }
      record.packUploads++;
      return send(res, 200, { storedBlobs: decoded.length, storedBytes });
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return error(res, 400, 'bad_request', 'Not JSON');
    }
    const invalid = (issues: unknown) => error(res, 400, 'validation_failed', JSON.stringify(issues).slice(0, 2000));
    if (action === 'missing') {
      const parsed = MissingChunksRequest.safeParse(json);
      if (!parsed.success) return invalid(parsed.error.issues);
      record.missingCalls++;
      return send(res, 200, { missing: parsed.data.ids.filter((id) => !blobs.has(id)) });
    }
    if (record.commit || record.fail) return error(res, 409, 'conflict', 'The backup already finished');
    if (action === 'progress') {
      const parsed = JobProgressRequest.safeParse(json);
      if (!parsed.success) return invalid(parsed.error.issues);
      record.progress.push(parsed.data.progress);
      record.log.push(...parsed.data.log);
      state.onProgress?.(decodeURIComponent(match[1] ?? ''), parsed.data.progress);
      return send(res, 200, { cancel: record.cancel });
    }
    if (action === 'commit') {
      const parsed = CommitBackupRequest.safeParse(json);
      if (!parsed.success) return invalid(parsed.error.issues);
      if (!blobs.has(parsed.data.rootTreeId)) return error(res, 400, 'bad_request', 'Unknown root tree');
      record.commit = parsed.data;
      record.log.push(...parsed.data.log);
      state.onCommit?.(decodeURIComponent(match[1] ?? ''));
      return send(res, 200, { ok: true });
    }
    const parsed = FailBackupRequest.safeParse(json);
    if (!parsed.success) return invalid(parsed.error.issues);
    record.fail = parsed.data;
    record.log.push(...parsed.data.log);
    return send(res, 200, { ok: true });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => error(res, 500, 'internal_error', String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
