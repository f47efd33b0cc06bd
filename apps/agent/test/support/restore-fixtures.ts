import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { OverwriteMode, RestoreItem, RestoreJob, RestoreNode } from '@cloud-backup/domain';
import { createAgentApiClient } from '../../src/api/agent-api.client';
import { runRestoreJob, type RestoreJobContext, type RestoreJobOutcome } from '../../src/jobs/restore.job';
import type { FakeRestoreServer } from './fake-restore-server';

export const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** A fixed, recognisable mtime (with milliseconds) so tests can check it was kept. */
export const BACKUP_MTIME = Date.UTC(2023, 4, 6, 7, 8, 9, 250);

type Meta = Partial<Pick<RestoreNode, 'mode' | 'mtimeMs' | 'uid' | 'gid' | 'linkGroup' | 'rawName'>>;

/**
 * Builds a backup's trees and chunks straight into a fake server, the way the engine lays them out:
 * files are cut into fixed-size chunks stored under their SHA-256, folders are trees of nodes.
 */
export class BackupBuilder {
  constructor(
    private readonly server: FakeRestoreServer,
    private readonly chunkSize = 64 * 1024,
  ) {}

  file(name: string, content: Buffer | string, meta: Meta = {}): RestoreNode {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const ids: string[] = [];
    for (let offset = 0; offset < data.length; offset += this.chunkSize) {
      const chunk = Buffer.from(data.subarray(offset, offset + this.chunkSize));
      const id = sha256(chunk);
      this.server.chunks.set(id, chunk);
      ids.push(id);
    }
    return { name, type: 'file', mode: 0o644, mtimeMs: BACKUP_MTIME, uid: 0, gid: 0, size: data.length, content: ids, ...meta };
  }

  /** A file whose chunks are made on demand by `chunk(i)`, so huge files cost no memory. */
  generatedFile(name: string, chunkCount: number, chunk: (i: number) => Buffer, meta: Meta = {}): { node: RestoreNode; sha256: string } {
    const whole = createHash('sha256');
    const ids: string[] = [];
    let size = 0;
    for (let i = 0; i < chunkCount; i++) {
      const data = chunk(i);
      whole.update(data);
      size += data.length;
      const id = sha256(data);
      this.server.chunks.set(id, { length: data.length, make: () => chunk(i) });
      ids.push(id);
    }
    const node: RestoreNode = { name, type: 'file', mode: 0o644, mtimeMs: BACKUP_MTIME, uid: 0, gid: 0, size, content: ids, ...meta };
    return { node, sha256: whole.digest('hex') };
  }

  dir(name: string, children: RestoreNode[], meta: Meta = {}): RestoreNode {
    const nodes = [...children];
    const id = sha256(JSON.stringify(nodes));
    this.server.trees.set(id, nodes);
    return { name, type: 'dir', mode: 0o755, mtimeMs: BACKUP_MTIME, uid: 0, gid: 0, size: 0, subtree: id, ...meta };
  }

  symlink(name: string, target: string, meta: Meta = {}): RestoreNode {
    return { name, type: 'symlink', mode: 0o777, mtimeMs: BACKUP_MTIME, uid: 0, gid: 0, size: Buffer.byteLength(target), target, ...meta };
  }
}

/** Files (and links) and bytes under `nodes`, the way the server computes a restore's totals. */
export function totalsOf(server: FakeRestoreServer, nodes: readonly RestoreNode[]): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const node of nodes) {
    if (node.type === 'dir') {
      const inner = totalsOf(server, server.trees.get(node.subtree ?? '') ?? []);
      files += inner.files;
      bytes += inner.bytes;
    } else {
      files++;
      bytes += node.type === 'file' ? node.size : 0;
    }
  }
  return { files, bytes };
}

let counter = 0;

export function restoreJob(server: FakeRestoreServer, items: RestoreItem[], overwrite: OverwriteMode = 'all'): RestoreJob {
  counter++;
  const totals = totalsOf(
    server,
    items.map((i) => i.node),
  );
  return { kind: 'restore', operationId: `op_r${counter}`, backupId: `bkp_r${counter}`, items, overwrite, filesTotal: totals.files, bytesTotal: totals.bytes };
}

/** Items that each land in `targetDir` under their own name. */
export function itemsIn(targetDir: string, nodes: RestoreNode[]): RestoreItem[] {
  return nodes.map((node) => ({ sourcePath: `${targetDir === '/' ? '' : targetDir}/${node.name}`, targetDir, node }));
}

export interface RestoreRun {
  outcome: RestoreJobOutcome;
  logs: string[];
}

/** Runs one restore in-process against the fake server; retries are immediate so failures show fast. */
export async function runRestore(server: FakeRestoreServer, job: RestoreJob, root: string, extra: Partial<RestoreJobContext> = {}): Promise<RestoreRun> {
  const logs: string[] = [];
  const outcome = await runRestoreJob(job, {
    client: createAgentApiClient(server.url),
    credential: server.credential,
    root,
    logger: { info: (m) => logs.push(m) },
    signal: new AbortController().signal,
    retry: { delaysMs: [10, 10], sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    ...extra,
  });
  return { outcome, logs };
}

/** Every path under `dir` (relative, sorted), links not followed: what a restore left behind. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      out.push(childRel);
      if (entry.isDirectory()) walk(path.join(abs, entry.name), childRel);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** Temporary files a restore may have left: there must never be any. */
export function tempLeftovers(dir: string): string[] {
  return listTree(dir).filter((p) => p.includes('.cb-restore-'));
}
