import { Hono } from 'hono';
import {
  AgentRequestResult,
  ChunkId,
  FailRestoreRequest,
  FinishRestoreRequest,
  Id,
  JobProgressResponse,
  NextJobQuery,
  NextRequestResponse,
  RestoreChunksRequest,
  RestoreProgressRequest,
  RestoreTreeResponse,
} from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { requireAgent, type AgentEnv } from './agent-auth.middleware';

const RestoreParam = z.object({ operationId: Id });
const EMPTY = new Uint8Array(0);

/** The agent's side of restores (trees, verified chunks, progress, outcome) and of quick requests. */
export const agentRestoresRoutes = new Hono<AgentEnv>()
  .get(
    '/restores/:operationId/trees/:treeId',
    doc('agent', 'A tree of the backup being restored', RestoreTreeResponse),
    requireAgent,
    validate('param', z.object({ operationId: Id, treeId: ChunkId })),
    async (c) => {
      const { operationId, treeId } = c.req.valid('param');
      return c.json({ nodes: await c.var.services.agentRestores.tree(c.var.instance, operationId, treeId) });
    },
  )
  .post(
    '/restores/:operationId/chunks',
    doc('agent', 'Plain bytes of chunks of the restore (chunk batch body)'),
    requireAgent,
    validate('param', RestoreParam),
    validate('json', RestoreChunksRequest),
    async (c) => {
      const { parts, length } = await c.var.services.agentRestores.chunks(c.var.instance, c.req.valid('param').operationId, c.req.valid('json').ids);
      // Piece by piece: the chunks go to the socket as they are, never joined into one buffer.
      let next = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const part = parts[next];
          if (part !== undefined) {
            parts[next++] = EMPTY; // sent: its bytes may go as soon as the socket is done with them
            controller.enqueue(part);
          }
          if (next >= parts.length) controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(length) } });
    },
  )
  .post('/restores/:operationId/progress', doc('agent', 'Progress and log lines of a running restore', JobProgressResponse), requireAgent, validate('param', RestoreParam), validate('json', RestoreProgressRequest), (c) =>
    c.json(c.var.services.agentRestores.progress(c.var.instance, c.req.valid('param').operationId, c.req.valid('json'))),
  )
  .post('/restores/:operationId/finish', doc('agent', 'Report a finished restore with its summary'), requireAgent, validate('param', RestoreParam), validate('json', FinishRestoreRequest), (c) => {
    c.var.services.agentRestores.finish(c.var.instance, c.req.valid('param').operationId, c.req.valid('json'));
    return c.json({ ok: true });
  })
  .post('/restores/:operationId/fail', doc('agent', 'Report a restore as failed'), requireAgent, validate('param', RestoreParam), validate('json', FailRestoreRequest), (c) => {
    c.var.services.agentRestores.fail(c.var.instance, c.req.valid('param').operationId, c.req.valid('json'));
    return c.json({ ok: true });
  })
  .get('/requests/next', doc('agent', 'Long-poll for the next quick request (list or create a folder)', NextRequestResponse), requireAgent, validate('query', NextJobQuery), async (c) =>
    c.json({ request: await c.var.services.agentRequests.next(c.var.instance.id, c.req.valid('query').wait, c.req.raw.signal) }),
  )
  .post('/requests/:requestId/result', doc('agent', 'Answer a quick request'), requireAgent, validate('param', z.object({ requestId: Id })), validate('json', AgentRequestResult), (c) => {
    c.var.services.agentRequests.answer(c.var.instance.id, c.req.valid('param').requestId, c.req.valid('json'));
    return c.json({ ok: true });
  });
