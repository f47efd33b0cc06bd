import { Hono } from 'hono';
import { CreatedWebhook, Id, MAX_PAGE_SIZE, Webhook, WebhookDelivery, WebhookDeliveryList, WebhookInput, WebhookList } from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';
import { actor } from './folders.routes';

const WebhookParams = z.object({ folderId: Id, webhookId: Id });
const DeliveryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const manage = inFolder('notifications.manage');

/** Notifications: a folder's webhooks, their delivery log and the test button (folder admin). */
export const webhooksRoutes = new Hono<AppEnv>()
  .get('/folders/:folderId/webhooks', doc('webhooks', 'Webhooks of the folder with their last delivery', WebhookList), manage, (c) =>
    c.json({ items: c.var.services.webhooks.list(c.req.param('folderId')) }),
  )
  .post('/folders/:folderId/webhooks', doc('webhooks', 'Create a webhook; the answer carries its signing secret, shown only once', CreatedWebhook, 201), manage, validate('json', WebhookInput), (c) =>
    c.json(c.var.services.webhooks.create(c.req.param('folderId'), c.req.valid('json'), actor(c.var.user)), 201),
  )
  .put('/folders/:folderId/webhooks/:webhookId', doc('webhooks', "Change a webhook's URL, events or enabled state", Webhook), manage, validate('param', WebhookParams), validate('json', WebhookInput), (c) => {
    const { folderId, webhookId } = c.req.valid('param');
    return c.json(c.var.services.webhooks.update(folderId, webhookId, c.req.valid('json'), actor(c.var.user)));
  })
  .delete('/folders/:folderId/webhooks/:webhookId', doc('webhooks', 'Delete a webhook and its delivery log', Webhook), manage, validate('param', WebhookParams), (c) => {
    const { folderId, webhookId } = c.req.valid('param');
    return c.json(c.var.services.webhooks.delete(folderId, webhookId, actor(c.var.user)));
  })
  .post('/folders/:folderId/webhooks/:webhookId/test', doc('webhooks', 'Queue a `test` delivery to the webhook', WebhookDelivery, 201), manage, validate('param', WebhookParams), (c) => {
    const { folderId, webhookId } = c.req.valid('param');
    return c.json(c.var.services.webhooks.test(folderId, webhookId), 201);
  })
  .get(
    '/folders/:folderId/webhooks/:webhookId/deliveries',
    doc('webhooks', "The webhook's deliveries, newest first", WebhookDeliveryList),
    manage,
    validate('param', WebhookParams),
    validate('query', DeliveryQuery),
    (c) => {
      const { folderId, webhookId } = c.req.valid('param');
      const { limit, offset } = c.req.valid('query');
      return c.json(c.var.services.webhooks.deliveries(folderId, webhookId, limit, offset));
    },
  );
