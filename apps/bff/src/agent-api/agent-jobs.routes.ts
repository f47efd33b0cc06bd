import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  CommitBackupRequest,
  ErrorCode,
  FailBackupRequest,
  Id,
  JobProgressRequest,
  JobProgressResponse,
  MAX_PACK_UPLOAD_BYTES,
  MissingChunksRequest,
  MissingChunksResponse,
  NextJobQuery,
  NextJobResponse,
  PackUploadResponse,
} from '@cloud-backup/domain';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { doc, validate } from '../lib/openapi-meta';
import { requireAgent, type AgentEnv } from './agent-auth.middleware';

const BackupParam = z.object({ backupId: Id });

export const agentJobsRoutes = new Hono<AgentEnv>()
  .get('/jobs/next', doc('agent', 'Long-poll for the next job', NextJobResponse), requireAgent, validate('query', NextJobQuery), async (c) => {
    const job = await c.var.services.agentJobs.next(c.var.instance, c.req.valid('query').wait, c.req.raw.signal);
    return c.json({ job });
  })
  .post('/backups/:backupId/missing', doc('agent', 'Which of these chunk ids the server lacks', MissingChunksResponse), requireAgent, validate('param', BackupParam), validate('json', MissingChunksRequest), async (c) =>
    c.json({ missing: await c.var.services.agentJobs.missing(c.var.instance, c.req.valid('param').backupId, c.req.valid('json').ids) }),
  )
  .post(
    '/backups/:backupId/packs',
    doc('agent', 'Upload chunks (pack upload body)', PackUploadResponse),
    requireAgent,
    bodyLimit({
      maxSize: MAX_PACK_UPLOAD_BYTES + 1024 * 1024,
      onError: () => {
        throw new AppError(413, ErrorCode.payloadTooLarge, `A pack upload may hold at most ${MAX_PACK_UPLOAD_BYTES} bytes`);
      },
    }),
    validate('param', BackupParam),
    async (c) => {
      const body = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await c.var.services.agentJobs.uploadPack(c.var.instance, c.req.valid('param').backupId, body));
    },
  )
  .post('/backups/:backupId/progress', doc('agent', 'Progress and log lines of a running backup', JobProgressResponse), requireAgent, validate('param', BackupParam), validate('json', JobProgressRequest), (c) =>
    c.json(c.var.services.agentJobs.progress(c.var.instance, c.req.valid('param').backupId, c.req.valid('json'))),
  )
  .post('/backups/:backupId/commit', doc('agent', 'Commit a backup with its root tree'), requireAgent, validate('param', BackupParam), validate('json', CommitBackupRequest), async (c) => {
    await c.var.services.agentJobs.commit(c.var.instance, c.req.valid('param').backupId, c.req.valid('json'));
    return c.json({ ok: true });
  })
  .post('/backups/:backupId/fail', doc('agent', 'Report a backup as failed'), requireAgent, validate('param', BackupParam), validate('json', FailBackupRequest), (c) => {
    c.var.services.agentJobs.fail(c.var.instance, c.req.valid('param').backupId, c.req.valid('json'));
    return c.json({ ok: true });
  });
