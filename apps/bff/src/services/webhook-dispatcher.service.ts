import { createHmac } from 'node:crypto';
import { WEBHOOK_RETRY_DELAYS_SECONDS, WEBHOOK_TIMEOUT_SECONDS, type WebhookEvent, type WebhookPayload } from '@cloud-backup/domain';
import { newId } from '../lib/ids';
import type { Clock } from '../lib/clock';
import type { FoldersRepository } from '../repositories/folders.repository';
import type { WebhookDeliveryRow, WebhooksRepository, WebhookRow } from '../repositories/webhooks.repository';

export type DeliveryEvent = WebhookEvent | 'test';

/** `sha256=<hex HMAC-SHA256(secret, body)>`: the receiver recomputes it over the raw body it got. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface DispatcherOptions {
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
  /** Deliveries attempted at once per tick. */
  batch?: number;
}

/**
 * Queues one delivery per subscribed webhook and sends them from a worker loop. Deliveries live in the
 * database (status, attempts, next attempt), so a restart resumes the pending ones; an attempt cut off by
 * the shutdown is not counted and runs again, so a receiver may see a delivery twice (same delivery id).
 */
export class WebhookDispatcher {
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly batch: number;
  private running: Promise<void> | null = null;
  private shutdown = new AbortController();
  private kick: (() => void) | null = null;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly folders: FoldersRepository,
    private readonly clock: Clock,
    o: DispatcherOptions = {},
  ) {
    this.timeoutMs = o.timeoutMs ?? WEBHOOK_TIMEOUT_SECONDS * 1000;
    this.retryDelaysMs = o.retryDelaysMs ?? WEBHOOK_RETRY_DELAYS_SECONDS.map((s) => s * 1000);
    this.batch = o.batch ?? 8;
  }

  /** Queues `event` for every enabled webhook of the folder subscribed to it; returns the deliveries. */
  notify(folderId: string, event: WebhookEvent, data: Record<string, unknown>): WebhookDeliveryRow[] {
    const hooks = this.repo.list(folderId).filter((w) => w.enabled && w.events.includes(event));
    return hooks.map((hook) => this.enqueue(hook, event, data));
  }

  /** Queues one delivery to `hook` regardless of its events and enabled state (the test button). */
  enqueue(hook: WebhookRow, event: DeliveryEvent, data: Record<string, unknown>): WebhookDeliveryRow {
    const now = this.clock.now();
    const id = newId('whd');
    const folder = this.folders.findById(hook.folderId);
    const payload: WebhookPayload = { id, event, at: now.toISOString(), folder: { id: hook.folderId, name: folder?.name ?? hook.folderId }, data };
    const row: WebhookDeliveryRow = {
      id,
      webhookId: hook.id,
      folderId: hook.folderId,
      event,
      payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastAttemptAt: null,
      responseStatus: null,
      error: null,
      createdAt: now,
    };
    this.repo.insertDelivery(row);
    this.kick?.();
    return row;
  }

  /** Sends every due delivery once; concurrent calls share one run. Tests call it after moving the clock. */
  tick(): Promise<void> {
    this.running ??= this.sendDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sendDue(): Promise<void> {
    for (;;) {
      if (this.shutdown.signal.aborted) return;
      const due = this.repo.due(this.clock.now(), this.batch);
      if (due.length === 0) return;
      await Promise.all(due.map((d) => this.attempt(d)));
    }
  }

  private async attempt(delivery: WebhookDeliveryRow): Promise<void> {
    const hook = this.repo.findById(delivery.webhookId);
    if (!hook) {
      this.repo.updateDelivery(delivery.id, { status: 'failed', nextAttemptAt: null, error: 'The webhook no longer exists' });
      return;
    }
    const body = JSON.stringify(delivery.payload);
    let responseStatus: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'cloud-backup-webhooks/1',
          'x-cloud-backup-event': delivery.event,
          'x-cloud-backup-delivery': delivery.id,
          'x-cloud-backup-signature': signBody(hook.secret, body),
        },
        signal: AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      responseStatus = res.status;
      const text = await res.text().catch(() => '');
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    } catch (e) {
      if (this.shutdown.signal.aborted) return;
      const name = (e as Error | null)?.name;
      error = name === 'TimeoutError' ? `No answer within ${this.timeoutMs / 1000} s` : describeFetchError(e);
    }
    const now = this.clock.now();
    const attempts = delivery.attempts + 1;
    if (error === null) {
      this.repo.updateDelivery(delivery.id, { status: 'delivered', attempts, lastAttemptAt: now, nextAttemptAt: null, responseStatus, error: null });
      return;
    }
    const delay = this.retryDelaysMs[attempts - 1];
    this.repo.updateDelivery(delivery.id, {
      status: delay === undefined ? 'failed' : 'pending',
      attempts,
      lastAttemptAt: now,
      nextAttemptAt: delay === undefined ? null : new Date(now.getTime() + delay),
      responseStatus,
      error,
    });
  }

  /** Ticks every `intervalMs` (and soon after a delivery is queued); the returned stop waits for the attempts in flight to end. */
  start(intervalMs: number): () => Promise<void> {
    this.shutdown = new AbortController();
    const run = () => {
      this.tick().catch((error: unknown) => console.error('[bff] webhook deliveries failed:', error));
    };
    const timer = setInterval(run, intervalMs);
    timer.unref();
    this.kick = () => setImmediate(run);
    return async () => {
      clearInterval(timer);
      this.kick = null;
      this.shutdown.abort();
      await this.running;
    };
  }
}

function describeFetchError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (cause?.code) return `Could not reach the receiver (${cause.code}${cause.message ? `: ${cause.message}` : ''})`;
  return `Could not reach the receiver: ${(e as Error | null)?.message ?? String(e)}`;
}
