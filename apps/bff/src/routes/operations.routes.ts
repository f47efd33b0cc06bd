import { Hono } from 'hono';
import { Id, Operation, OperationList, OperationListQuery, OperationWithLog } from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';
import { actor } from './folders.routes';

export const operationsRoutes = new Hono<AppEnv>()
  .get(
    '/folders/:folderId/operations',
    doc('operations', 'Operations of the folder, newest first', OperationList),
    inFolder('folder.read'),
    validate('query', OperationListQuery),
    (c) => {
      const { limit, offset, ...filter } = c.req.valid('query');
      return c.json(c.var.services.operations.list(c.req.param('folderId'), filter, limit, offset));
    },
  )
  .get(
    '/folders/:folderId/operations/:operationId',
    doc('operations', 'One operation with its log', OperationWithLog),
    inFolder('folder.read'),
    validate('param', z.object({ folderId: Id, operationId: Id })),
    (c) => {
      const { folderId, operationId } = c.req.valid('param');
      return c.json(c.var.services.operations.get(folderId, operationId));
    },
  )
  .post(
    '/folders/:folderId/operations/:operationId/cancel',
    doc('operations', 'Cancel a queued or running backup or restore (409 when it cannot be cancelled)', Operation),
    inFolder('operation.cancel'),
    validate('param', z.object({ folderId: Id, operationId: Id })),
    (c) => {
      const { folderId, operationId } = c.req.valid('param');
      return c.json(c.var.services.operationCancel.cancel(folderId, operationId, actor(c.var.user)));
    },
  );
