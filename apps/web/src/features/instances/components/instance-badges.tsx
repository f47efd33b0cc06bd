import { INSTANCE_KIND_LABEL, type ConnectionStatus, type Instance, type InstanceKind } from '@cloud-backup/domain';
import { Badge, type BadgeTone } from '../../../components/ui/badge';

export const CONNECTION_LABEL: Record<ConnectionStatus, { label: string; tone: BadgeTone; title: string }> = {
  ok: { label: 'OK', tone: 'green', title: 'Online with at least one policy' },
  no_policies: { label: 'No policies', tone: 'amber', title: 'Online, but no policy is linked: nothing is backed up' },
  failed: { label: 'Failed', tone: 'red', title: 'Offline, or the registration failed' },
};

/** Sort order of the Connection column: healthy first, worst last. */
export const CONNECTION_RANK: Record<ConnectionStatus, number> = { ok: 0, no_policies: 1, failed: 2 };

export function ConnectionBadge({ instance }: { instance: Pick<Instance, 'connection' | 'status'> }) {
  if (instance.status === 'deleted') return <RemovedBadge />;
  const c = CONNECTION_LABEL[instance.connection];
  return (
    <Badge tone={c.tone} dot title={c.title}>
      {c.label}
    </Badge>
  );
}

export function RemovedBadge() {
  return <Badge tone="gray">Removed</Badge>;
}

export function KindBadge({ kind }: { kind: InstanceKind }) {
  return <Badge tone="blue">{INSTANCE_KIND_LABEL[kind]}</Badge>;
}

export function OnlineBadge({ online }: { online: boolean }) {
  return (
    <Badge tone={online ? 'green' : 'gray'} dot>
      {online ? 'Online' : 'Offline'}
    </Badge>
  );
}

export function ActivityBadge({ instance }: { instance: Pick<Instance, 'activity' | 'activityDetail' | 'progressPercent'> }) {
  const progress = instance.progressPercent !== null ? ` ${Math.round(instance.progressPercent)}%` : '';
  const detail = instance.activityDetail ?? undefined;
  switch (instance.activity) {
    case 'idle':
      return <Badge tone="gray">Idle</Badge>;
    case 'backing_up':
      return (
        <Badge tone="blue" title={detail}>
          {`Backing up${progress}`}
        </Badge>
      );
    case 'restoring':
      return (
        <Badge tone="blue" title={detail}>
          {`Restoring${progress}`}
        </Badge>
      );
    case 'failed':
      return (
        <Badge tone="red" title={detail}>
          Activity failed
        </Badge>
      );
  }
}
