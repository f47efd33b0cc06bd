import type { EventBus } from '../events/event-bus';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { InstancesService } from './instances.service';

/**
 * Watches heartbeats: when an instance goes online or offline (a missed-heartbeat window passed),
 * the console is told live. Online state itself is always derived from `lastSeenAt`.
 */
export class PresenceService {
  private readonly known = new Map<string, boolean>();

  constructor(
    private readonly repo: InstancesRepository,
    private readonly instances: InstancesService,
    private readonly events: EventBus,
    private readonly onOffline: (instanceId: string) => void = () => undefined,
  ) {}

  sweep(): void {
    const seen = new Set<string>();
    for (const row of this.repo.listHeartbeating()) {
      seen.add(row.id);
      const online = this.instances.isOnline({ lastSeenAt: row.lastSeenAt, status: 'registered' });
      if (this.known.get(row.id) !== online) {
        if (this.known.has(row.id)) this.events.publish({ type: 'instance.changed', folderId: row.folderId, instanceId: row.id });
        if (this.known.get(row.id) === true && !online) this.onOffline(row.id);
        this.known.set(row.id, online);
      }
    }
    for (const id of this.known.keys()) if (!seen.has(id)) this.known.delete(id);
  }

  start(intervalMs: number): () => void {
    const timer = setInterval(() => this.sweep(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
