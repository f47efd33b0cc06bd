import { can } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { PageSpinner } from '../../../components/ui/spinner';
import { PageHeader } from '../../../components/ui/page-header';
import { useFolderRole } from '../../auth/api/auth.queries';
import { BackUpInstanceButton } from '../../backups/components/back-up-instance-button';
import { InstanceBackupActivity } from '../../backups/components/instance-backup-activity';
import { RecentBackupsSection } from '../../backups/components/recent-backups-section';
import { StorageUsed } from '../../backups/components/storage-used';
import { FolderQueryError } from '../../folders/components/folder-query-error';
import { instanceQuery } from '../api/instances.queries';
import { InstanceAgentSection } from './instance-agent-section';
import { ActivityBadge, ConnectionBadge, KindBadge, OnlineBadge, RemovedBadge } from './instance-badges';
import { InstanceMachineSection } from './instance-machine-section';
import { InstancePoliciesSection } from './instance-policies-section';
import { RemoveInstanceSection } from './remove-instance-section';
import { RotateCredentialButton } from './rotate-credential-button';

export function InstancePage({ folderId, instanceId }: { folderId: string; instanceId: string }) {
  // The agent swaps a rotated credential on a heartbeat; poll while one is pending so the page never waits on an event.
  const instance = useQuery({ ...instanceQuery(folderId, instanceId), refetchInterval: (q) => (q.state.data?.credentialRotationPending ? 5_000 : false) });
  const role = useFolderRole(folderId);

  if (instance.isPending) return <PageSpinner label="Loading instance…" />;
  if (instance.isError) return <FolderQueryError folderId={folderId} error={instance.error} title="Could not load the instance" onRetry={() => void instance.refetch()} />;

  const i = instance.data;
  const removed = i.status === 'deleted';
  // Unknown role: show the actions and let the server decide.
  const mayLink = !removed && (role === null || can(role, 'policy.link'));
  const mayRemove = role === null || can(role, 'instance.remove');
  // Shown disabled on removed instances, with the reason, rather than hidden.
  const mayBackUp = role === null || can(role, 'backup.run');
  const mayReadBackups = role === null || can(role, 'backup.read');

  return (
    <>
      <PageHeader
        title={i.name}
        meta={
          <>
            <KindBadge kind={i.kind} />
            {removed ? (
              <RemovedBadge />
            ) : (
              <>
                <ConnectionBadge instance={i} />
                <OnlineBadge online={i.online} />
                <ActivityBadge instance={i} />
              </>
            )}
          </>
        }
        actions={mayBackUp && <BackUpInstanceButton instance={i} />}
      />
      <div className="space-y-6">
        {i.activity === 'backing_up' && !removed && mayReadBackups && <InstanceBackupActivity instance={i} />}
        {i.activity === 'failed' && i.activityDetail && !removed && (
          <p role="status" className="rounded-md border border-red-200 bg-red-50 px-4 py-2 text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200">
            {i.activityDetail}
          </p>
        )}
        <InstanceMachineSection metadata={i.metadata} />
        {/* Rotating is the gentle sibling of Remove from service, so it needs the same permission. */}
        <InstanceAgentSection instance={i} actions={mayRemove && !removed && <RotateCredentialButton instance={i} />} />
        <InstancePoliciesSection instance={i} editable={mayLink} />
        {mayReadBackups && (
          <RecentBackupsSection
            folderId={folderId}
            owner={{ instanceId: i.id }}
            summary={<StorageUsed folderId={folderId} scope={{ kind: 'instance', instanceId: i.id }} />}
            emptyText={
              removed
                ? 'No backups of this instance are kept.'
                : 'Backups run on the schedule of the linked policies; Back up now starts one right away.'
            }
          />
        )}
        {mayRemove && <RemoveInstanceSection instance={i} />}
      </div>
    </>
  );
}
