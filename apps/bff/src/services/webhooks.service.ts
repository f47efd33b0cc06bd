import type { CreatedWebhook, Webhook, WebhookDelivery, WebhookDeliveryList, WebhookEvent, WebhookInput } from '@cloud-backup/domain';
import { notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import { newSecret } from '../lib/secrets';
import type { Clock } from '../lib/clock';
import type { UsersRepository } from '../repositories/users.repository';
import type { WebhookDeliveryRow, WebhookRow, WebhooksRepository } from '../repositories/webhooks.repository';
import type { Actor, AuditService } from './audit.service';
import type { WebhookDispatcher } from './webhook-dispatcher.service';

export function toDeliveryDto(r: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    webhookId: r.webhookId,
    event: r.event as WebhookDelivery['event'],
    status: r.status,
    attempts: r.attempts,
    createdAt: r.createdAt.toISOString(),
    lastAttemptAt: r.lastAttemptAt?.toISOString() ?? null,
    nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
    responseStatus: r.responseStatus,
    error: r.error,
    payload: r.payload,
  };
}

/** A folder's webhooks (SPEC §5: managed by the folder's admin); the secret is shown once, on creation. */
export class WebhooksService {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly users: UsersRepository,
    private readonly dispatcher: WebhookDispatcher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private row(folderId: string, webhookId: string): WebhookRow {
    const row = this.repo.find(folderId, webhookId);
    if (!row) throw notFound('Webhook');
    return row;
  }

  private toDto(r: WebhookRow, last: WebhookDeliveryRow | undefined): Webhook {
    return {
      id: r.id,
      folderId: r.folderId,
      url: r.url,
      events: r.events as WebhookEvent[],
      enabled: r.enabled,
      createdAt: r.createdAt.toISOString(),
      createdBy: this.users.findById(r.createdBy)?.username ?? r.createdBy,
      lastDelivery: last ? { at: (last.lastAttemptAt ?? last.createdAt).toISOString(), status: last.status } : null,
    };
  }

  list(folderId: string): Webhook[] {
    const rows = this.repo.list(folderId);
    const last = this.repo.lastDeliveries(rows.map((r) => r.id));
    return rows.map((r) => this.toDto(r, last.get(r.id)));
  }

  get(folderId: string, webhookId: string): Webhook {
    const row = this.row(folderId, webhookId);
    return this.toDto(row, this.repo.lastDeliveries([row.id]).get(row.id));
  }

  create(folderId: string, input: WebhookInput, actor: Actor & { type: 'user' }): CreatedWebhook {
    const row: WebhookRow = {
      id: newId('whk'),
      folderId,
      url: input.url,
      events: [...new Set(input.events)],
      enabled: input.enabled,
      secret: newSecret('cbw'),
      createdBy: actor.id,
      createdAt: this.clock.now(),
    };
    this.repo.insert(row);
    this.audit.record(actor, { folderId, action: 'webhook.create', resourceType: 'webhook', resourceId: row.id, detail: { url: row.url, events: row.events, enabled: row.enabled } });
    return { ...this.toDto(row, undefined), secret: row.secret };
  }

  update(folderId: string, webhookId: string, input: WebhookInput, actor: Actor): Webhook {
    this.row(folderId, webhookId);
    this.repo.update(webhookId, { url: input.url, events: [...new Set(input.events)], enabled: input.enabled });
    this.audit.record(actor, { folderId, action: 'webhook.update', resourceType: 'webhook', resourceId: webhookId, detail: { url: input.url, events: input.events, enabled: input.enabled } });
    return this.get(folderId, webhookId);
  }

  delete(folderId: string, webhookId: string, actor: Actor): Webhook {
    const before = this.get(folderId, webhookId);
    this.repo.delete(webhookId);
    this.audit.record(actor, { folderId, action: 'webhook.delete', resourceType: 'webhook', resourceId: webhookId, detail: { url: before.url } });
    return before;
  }

  /** The test button: a `test` delivery, sent like any other (also when the webhook is disabled). */
  test(folderId: string, webhookId: string): WebhookDelivery {
    const row = this.row(folderId, webhookId);
    return toDeliveryDto(this.dispatcher.enqueue(row, 'test', {}));
  }

  deliveries(folderId: string, webhookId: string, limit: number, offset: number): WebhookDeliveryList {
    this.row(folderId, webhookId);
    const { items, total } = this.repo.deliveries(webhookId, limit, offset);
    return { items: items.map(toDeliveryDto), total };
  }
}
