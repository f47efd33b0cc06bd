import { Hono } from 'hono';
import {
  Id,
  Instance,
  LinkInstancesRequest,
  LinkPoliciesRequest,
  LinkUsage,
  listOf,
  Policy,
  PolicyInput,
  PolicySummary,
  RetentionPreview,
  RetentionPreviewRequest,
} from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';
import { actor } from './folders.routes';

const PolicyParams = z.object({ folderId: Id, policyId: Id });

export const policiesRoutes = new Hono<AppEnv>()
  .get('/folders/:folderId/policies', doc('policies', 'Policies of the folder with their link counts', listOf(PolicySummary)), inFolder('policy.read'), (c) =>
    c.json({ items: c.var.services.policies.list(c.req.param('folderId')) }),
  )
  .post('/folders/:folderId/policies', doc('policies', 'Create a policy', Policy, 201), inFolder('policy.write'), validate('json', PolicyInput), (c) =>
    c.json(c.var.services.policies.create(c.req.param('folderId'), c.req.valid('json'), actor(c.var.user)), 201),
  )
  .get('/folders/:folderId/policies/:policyId', doc('policies', 'One policy with its linked instances', Policy), inFolder('policy.read'), validate('param', PolicyParams), (c) => {
    const { folderId, policyId } = c.req.valid('param');
    return c.json(c.var.services.policies.get(folderId, policyId));
  })
  .put(
    '/folders/:folderId/policies/:policyId',
    doc('policies', 'Edit a policy (scheme kind, schedule kind and compression are fixed)', Policy),
    inFolder('policy.write'),
    validate('param', PolicyParams),
    validate('json', PolicyInput),
    (c) => {
      const { folderId, policyId } = c.req.valid('param');
      return c.json(c.var.services.policies.update(folderId, policyId, c.req.valid('json'), actor(c.var.user)));
    },
  )
  .delete(
    '/folders/:folderId/policies/:policyId',
    doc('policies', 'Delete a policy and unlink its instances; its backups stay', z.object({ unlinked: z.number().int() })),
    inFolder('policy.write'),
    validate('param', PolicyParams),
    (c) => {
      const { folderId, policyId } = c.req.valid('param');
      return c.json(c.var.services.policies.delete(folderId, policyId, actor(c.var.user)));
    },
  )
  .post(
    '/folders/:folderId/policies/:policyId/retention-preview',
    doc('policies', 'Which existing backups these retention rules would delete now, per linked instance', RetentionPreview),
    inFolder('policy.read'),
    validate('param', PolicyParams),
    validate('json', RetentionPreviewRequest),
    (c) => {
      const { folderId, policyId } = c.req.valid('param');
      return c.json(c.var.services.policies.retentionPreview(folderId, policyId, c.req.valid('json').retention));
    },
  )
  .post(
    '/folders/:folderId/policies/:policyId/instances',
    doc('policies', 'Link many instances to the policy (all or none; limits checked)', Policy),
    inFolder('policy.link'),
    validate('param', PolicyParams),
    validate('json', LinkInstancesRequest),
    (c) => {
      const { folderId, policyId } = c.req.valid('param');
      c.var.services.policies.link(folderId, c.req.valid('json').instanceIds, [policyId], actor(c.var.user));
      return c.json(c.var.services.policies.get(folderId, policyId));
    },
  )
  .post(
    '/folders/:folderId/instances/:instanceId/policies',
    doc('policies', 'Link many policies to the instance (all or none; limits checked)', Instance),
    inFolder('policy.link'),
    validate('param', z.object({ folderId: Id, instanceId: Id })),
    validate('json', LinkPoliciesRequest),
    (c) => {
      const { folderId, instanceId } = c.req.valid('param');
      c.var.services.policies.link(folderId, [instanceId], c.req.valid('json').policyIds, actor(c.var.user));
      return c.json(c.var.services.instances.get(folderId, instanceId));
    },
  )
  .get('/folders/:folderId/link-usage', doc('policies', 'Linked instances against the folder limits', LinkUsage), inFolder('policy.read'), (c) =>
    c.json(c.var.services.policies.linkUsage(c.req.param('folderId'))),
  );
