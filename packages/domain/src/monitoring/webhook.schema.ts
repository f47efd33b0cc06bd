import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';

export const WebhookEvent = z.enum(['backup.failed', 'agent.offline', 'instance.at_risk', 'quota.nearly_reached']);
export type WebhookEvent = z.infer<typeof WebhookEvent>;
export const WEBHOOK_EVENT_LABELS: Readonly<Record<WebhookEvent, string>> = {
  'backup.failed': 'Backup failed',
  'agent.offline': 'Agent offline',
  'instance.at_risk': 'Instance at risk',
  'quota.nearly_reached': 'Quota nearly reached',
};

export const WebhookUrl = z
  .string()
  .trim()
  .max(2048, 'At most 2048 characters')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'Enter an http:// or https:// URL without a user name or password');

export const WebhookInput = z.object({
  url: WebhookUrl,
  events: z.array(WebhookEvent).min(1, 'Choose at least one event').max(WebhookEvent.options.length),
  enabled: z.boolean().default(true),
});
export type WebhookInput = z.infer<typeof WebhookInput>;

export const Webhook = z.object({
  id: Id,
  folderId: Id,
  url: z.string(),
  events: z.array(WebhookEvent),
  enabled: z.boolean(),
  createdAt: IsoDateTime,
  createdBy: z.string(),
  /** The newest delivery's outcome, for the list. */
  lastDelivery: z.object({ at: IsoDateTime, status: z.enum(['pending', 'delivered', 'failed']) }).nullable(),
});
export type Webhook = z.infer<typeof Webhook>;

/** Returned once, on creation: the secret that signs deliveries (`X-Cloud-Backup-Signature: sha256=<hex HMAC of the body>`). */
export const CreatedWebhook = Webhook.extend({ secret: z.string() });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

export const WebhookList = z.object({ items: z.array(Webhook) });
export type WebhookList = z.infer<typeof WebhookList>;

/** Delivery attempts: the first at once, then retries after these delays; failed after the last. */
export const WEBHOOK_RETRY_DELAYS_SECONDS = [10, 60, 300, 1800] as const;
export const WEBHOOK_TIMEOUT_SECONDS = 10;

export const WebhookDelivery = z.object({
  id: Id,
  webhookId: Id,
  event: z.union([WebhookEvent, z.literal('test')]),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().nonnegative(),
  createdAt: IsoDateTime,
  lastAttemptAt: IsoDateTime.nullable(),
  nextAttemptAt: IsoDateTime.nullable(),
  /** HTTP status of the last attempt, null when it got no answer. */
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryList = z.object({ items: z.array(WebhookDelivery), total: z.number().int().nonnegative() });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;

/**
 * The JSON body every delivery POSTs. `data` depends on the event: backup.failed → {instanceId,
 * instanceName, policyName, backupId, operationId, error}; agent.offline → {instanceId, instanceName,
 * lastSeenAt}; instance.at_risk → AtRiskInstance; quota.nearly_reached → {key, used, limit}; test → {}.
 */
export const WebhookPayload = z.object({
  id: Id,
  event: z.union([WebhookEvent, z.literal('test')]),
  at: IsoDateTime,
  folder: z.object({ id: Id, name: z.string() }),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;
