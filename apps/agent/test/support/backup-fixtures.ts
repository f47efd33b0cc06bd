import { decodeTree, walkTree, type TreeNode } from '@cloud-backup/engine';
import type { BackupJob } from '@cloud-backup/domain';
import { createAgentApiClient } from '../../src/api/agent-api.client';
import { runBackupJob, type BackupJobContext, type BackupJobOutcome } from '../../src/jobs/backup.job';
import type { FakeBackupServer } from './fake-backup-server';

let counter = 0;

/** A backup job as the server would send it; every call gets fresh backup and operation ids. */
export function backupJob(overrides: Partial<BackupJob> = {}): BackupJob {
  counter++;
  return {
    kind: 'backup',
    operationId: `op_${counter}`,
    backupId: `bkp_${counter}`,
    archiveId: 'arc_test',
    type: 'full',
    sources: ['/'],
    skipPseudoFilesystems: true,
    fileFilters: { exclusionMasks: [], inclusionMasks: [] },
    compression: 'normal',
    fastBackup: true,
    preCommand: null,
    postCommand: null,
    previousBackupId: null,
    ...overrides,
  };
}

export interface JobRun {
  outcome: BackupJobOutcome;
  logs: string[];
}

/** Runs one job in-process against the fake server; retries are immediate so failures show fast. */
export async function runJob(
  server: FakeBackupServer,
  job: BackupJob,
  where: { root: string; dataDir: string },
  extra: Partial<BackupJobContext> = {},
): Promise<JobRun> {
  const logs: string[] = [];
  const outcome = await runBackupJob(job, {
    client: createAgentApiClient(server.url),
    credential: server.credential,
    root: where.root,
    dataDir: where.dataDir,
    logger: { info: (m) => logs.push(m) },
    signal: new AbortController().signal,
    retry: { delaysMs: [10, 10], sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    pseudoMountPoints: new Set(),
    ...extra,
  });
  return { outcome, logs };
}

function loadTree(server: FakeBackupServer, id: string): TreeNode[] {
  const blob = server.blobs.get(id);
  if (!blob || blob.type !== 'tree') throw new Error(`tree ${id} was never uploaded`);
  return decodeTree(blob.data);
}

/** Every node of a committed backup by its path from the backup's root (`etc/passwd`). */
export async function listBackup(server: FakeBackupServer, rootTreeId: string): Promise<Map<string, TreeNode>> {
  const out = new Map<string, TreeNode>();
  await walkTree(rootTreeId, async (id) => loadTree(server, id), (p, node) => {
    out.set(p, node);
  });
  return out;
}

/** A file's content, put back together from the uploaded chunks. */
export function contentOf(server: FakeBackupServer, node: TreeNode | undefined): Buffer {
  if (!node?.content) throw new Error('not a file node');
  return Buffer.concat(
    node.content.map((id) => {
      const blob = server.blobs.get(id);
      if (!blob) throw new Error(`chunk ${id} was never uploaded`);
      return blob.data;
    }),
  );
}
