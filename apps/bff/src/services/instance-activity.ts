import type { EventBus } from '../events/event-bus';
import type { InstanceRow, InstancesRepository } from '../repositories/instances.repository';

/** What an instance is doing right now (backing up, restoring …), shown live on its page and in the tables. */
export function setInstanceActivity(
  instances: InstancesRepository,
  events: EventBus,
  instance: Pick<InstanceRow, 'id' | 'folderId'>,
  activity: InstanceRow['activity'],
  detail: string | null,
  percent: number | null,
): void {
  instances.update(instance.id, { activity, activityDetail: detail, progressPercent: percent });
  events.publish({ type: 'instance.changed', folderId: instance.folderId, instanceId: instance.id });
}
