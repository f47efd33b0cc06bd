import { Hono } from 'hono';
import { Id, listOf, Policy, PolicySummary } from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';

export const policiesRoutes = new Hono<AppEnv>()
  .get('/folders/:folderId/policies', doc('policies', 'Policies of the folder with their link counts', listOf(PolicySummary)), inFolder('policy.read'), (c) =>
    c.json({ items: c.var.services.policies.list(c.req.param('folderId')) }),
  )
  .get(
    '/folders/:folderId/policies/:policyId',
    doc('policies', 'One policy with its linked instances', Policy),
    inFolder('policy.read'),
    validate('param', z.object({ folderId: Id, policyId: Id })),
    (c) => {
      const { folderId, policyId } = c.req.valid('param');
      return c.json(c.var.services.policies.get(folderId, policyId));
    },
  );
