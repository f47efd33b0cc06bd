import { can } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { PageSpinner } from '../../../components/ui/spinner';
import { PageHeader } from '../../../components/ui/page-header';
import { useFolderRole } from '../../auth/api/auth.queries';
import { FolderQueryError } from '../../folders/components/folder-query-error';
import { instanceQuery } from '../api/instances.queries';
import { InstanceAgentSection } from './instance-agent-section';
import { ActivityBadge, ConnectionBadge, KindBadge, OnlineBadge, RemovedBadge } from './instance-badges';
import { InstanceMachineSection } from './instance-machine-section';
import { InstancePoliciesSection } from './instance-policies-section';
import { RemoveInstanceSection } from './remove-instance-section';

export function InstancePage({ folderId, instanceId }: { folderId: string; instanceId: string }) {
  const instance = useQuery(instanceQuery(folderId, instanceId));
  const role = useFolderRole(folderId);

  if (instance.isPending) return <PageSpinner label="Loading instance…" />;
  if (instance.isError) return <FolderQueryError folderId={folderId} error={instance.error} title="Could not load the instance" onRetry={() => void instance.refetch()} />;

  const i = instance.data;
  const removed = i.status === 'deleted';
  // Unknown role: show the actions and let the server decide.
  const mayLink = !removed && (role === null || can(role, 'policy.link'));
  const mayRemove = role === null || can(role, 'instance.remove');

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
      />
      <div className="space-y-6">
        {i.activity === 'failed' && i.activityDetail && !removed && (
          <p role="status" className="rounded-md border border-red-200 bg-red-50 px-4 py-2 text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200">
            {i.activityDetail}
          </p>
        )}
        <InstanceMachineSection metadata={i.metadata} />
        <InstanceAgentSection instance={i} />
        <InstancePoliciesSection instance={i} editable={mayLink} />
        {mayRemove && <RemoveInstanceSection instance={i} />}
      </div>
    </>
  );
}
