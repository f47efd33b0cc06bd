import { Hono } from 'hono';
import { Id, Instance, InstanceListQuery, listOf } from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';
import { actor } from './folders.routes';

const InstanceParams = z.object({ folderId: Id, instanceId: Id });
const LinkParams = InstanceParams.extend({ policyId: Id });

export const instancesRoutes = new Hono<AppEnv>()
  .get('/folders/:folderId/instances', doc('instances', 'Instances of the folder', listOf(Instance)), inFolder('instance.read'), validate('query', InstanceListQuery), (c) =>
    c.json({ items: c.var.services.instances.list(c.req.param('folderId'), c.req.valid('query').kind) }),
  )
  .get('/folders/:folderId/instances/:instanceId', doc('instances', 'One instance with its metadata', Instance), inFolder('instance.read'), validate('param', InstanceParams), (c) => {
    const { folderId, instanceId } = c.req.valid('param');
    return c.json(c.var.services.instances.get(folderId, instanceId));
  })
  .delete(
    '/folders/:folderId/instances/:instanceId',
    doc('instances', 'Remove an instance from the service (its backups are kept)', Instance),
    inFolder('instance.remove'),
    validate('param', InstanceParams),
    (c) => {
      const { folderId, instanceId } = c.req.valid('param');
      return c.json(c.var.services.instances.remove(folderId, instanceId, actor(c.var.user)));
    },
  )
  .post(
    '/folders/:folderId/instances/:instanceId/credential-rotation',
    doc('instances', "Rotate the agent's credential: the agent fetches a new one on its next heartbeat", Instance),
    inFolder('instance.remove'),
    validate('param', InstanceParams),
    (c) => {
      const { folderId, instanceId } = c.req.valid('param');
      return c.json(c.var.services.instances.requestCredentialRotation(folderId, instanceId, actor(c.var.user)));
    },
  )
  .put(
    '/folders/:folderId/instances/:instanceId/policies/:policyId',
    doc('instances', 'Link a policy to an instance', Instance),
    inFolder('policy.link'),
    validate('param', LinkParams),
    (c) => {
      const { folderId, instanceId, policyId } = c.req.valid('param');
      return c.json(c.var.services.instances.link(folderId, instanceId, policyId, actor(c.var.user)));
    },
  )
  .delete(
    '/folders/:folderId/instances/:instanceId/policies/:policyId',
    doc('instances', 'Unlink a policy from an instance', Instance),
    inFolder('policy.link'),
    validate('param', LinkParams),
    (c) => {
      const { folderId, instanceId, policyId } = c.req.valid('param');
      return c.json(c.var.services.instances.unlink(folderId, instanceId, policyId, actor(c.var.user)));
    },
  );
