import { Hono } from 'hono';
import { CreatedRegistrationToken, CreateRegistrationTokenRequest, Id, RegistrationToken } from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';
import { actor } from './folders.routes';

export const registrationTokensRoutes = new Hono<AppEnv>()
  .post(
    '/folders/:folderId/registration-tokens',
    doc('instances', 'Create a one-time registration token (valid 24 h) for the connect wizard', CreatedRegistrationToken, 201),
    inFolder('instance.connect'),
    validate('json', CreateRegistrationTokenRequest),
    (c) => {
      const { registration, config } = c.var.services;
      const serverUrl = config.publicUrl ?? new URL(c.req.url).origin;
      const created = registration.createToken(c.req.param('folderId'), c.req.valid('json').kind, serverUrl, actor(c.var.user));
      return c.json(created, 201);
    },
  )
  .get(
    '/folders/:folderId/registration-tokens/:tokenId',
    doc('instances', 'State of a registration token: pending, used (with the instance) or expired', RegistrationToken),
    inFolder('instance.connect'),
    validate('param', z.object({ folderId: Id, tokenId: Id })),
    (c) => {
      const { folderId, tokenId } = c.req.valid('param');
      return c.json(c.var.services.registration.getToken(folderId, tokenId));
    },
  );
