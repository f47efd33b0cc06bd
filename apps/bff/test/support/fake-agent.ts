import { chunkId, encodeTree, type TreeNode } from '@cloud-backup/engine';
import { encodePackUpload, type UploadBlob } from '@cloud-backup/domain';
import type { Harness } from '../harness';

/** A directory tree for a test backup: strings and Buffers are files, objects are directories. */
export interface TestTree {
  [name: string]: string | Buffer | TestTree;
}

const MTIME = 1_700_000_000_000;

/** Encodes `tree` bottom-up into tree and data blobs, like the agent's tree step. */
export function encodeTestTree(tree: TestTree, blobs: Map<string, UploadBlob> = new Map()): { id: string; blobs: Map<string, UploadBlob>; files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const nodes: TreeNode[] = [];
  for (const [name, value] of Object.entries(tree).sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
    if (typeof value === 'string' || Buffer.isBuffer(value)) {
      const data = Buffer.isBuffer(value) ? value : Buffer.from(value);
      const id = chunkId(data);
      blobs.set(id, { id, type: 'data', data });
      nodes.push({ name, type: 'file', mode: 0o100644, mtimeMs: MTIME, uid: 0, gid: 0, size: data.length, content: data.length ? [id] : [] });
      files++;
      bytes += data.length;
    } else {
      const sub = encodeTestTree(value, blobs);
      nodes.push({ name, type: 'dir', mode: 0o40755, mtimeMs: MTIME, uid: 0, gid: 0, size: 0, subtree: sub.id });
      files += sub.files;
      bytes += sub.bytes;
    }
  }
  const encoded = encodeTree(nodes);
  blobs.set(encoded.id, { id: encoded.id, type: 'tree', data: encoded.plain });
  return { id: encoded.id, blobs, files, bytes };
}

/** Plays an agent against the in-process app through the real agent API. */
export class FakeAgent {
  constructor(
    private readonly h: Harness,
    readonly instanceId: string,
    readonly credential: string,
  ) {}

  call(method: string, url: string, body?: unknown) {
    return this.h.call(method, `/agent/v1${url}`, { headers: { authorization: `Bearer ${this.credential}` }, body, csrf: false });
  }

  async raw(method: string, url: string, body: string | Uint8Array, contentType: string): Promise<Response> {
    return this.h.app.request(`/agent/v1${url}`, { method, headers: { authorization: `Bearer ${this.credential}`, 'content-type': contentType }, body });
  }

  async uploadPack(backupId: string, blobs: UploadBlob[]) {
    const res = await this.raw('POST', `/backups/${backupId}/packs`, encodePackUpload(blobs), 'application/octet-stream');
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  /** Takes the queued backup job and completes it with `tree`; returns the backup id. */
  async backUp(tree: TestTree): Promise<string> {
    const next = await this.call('GET', '/jobs/next?wait=0');
    if (next.json?.job?.kind !== 'backup') throw new Error(`expected a backup job, got ${JSON.stringify(next.json)}`);
    return this.backUpJob(next.json.job, tree);
  }

  /** Completes a backup job already taken with `tree`; returns the backup id. */
  async backUpJob(job: { backupId: string }, tree: TestTree): Promise<string> {
    const backupId = job.backupId;
    const encoded = encodeTestTree(tree);
    const missing = await this.call('POST', `/backups/${backupId}/missing`, { ids: [...encoded.blobs.keys()] });
    const need = new Set<string>(missing.json.missing);
    const blobs = [...encoded.blobs.values()].filter((b) => need.has(b.id));
    if (blobs.length) {
      const up = await this.uploadPack(backupId, blobs);
      if (up.status !== 200) throw new Error(`upload failed: ${JSON.stringify(up.json)}`);
    }
    const commit = await this.call('POST', `/backups/${backupId}/commit`, { rootTreeId: encoded.id, fileCount: encoded.files, dirCount: 1, logicalBytes: encoded.bytes, warnings: [], log: [] });
    if (commit.status !== 200) throw new Error(`commit failed: ${commit.text}`);
    return backupId;
  }
}
