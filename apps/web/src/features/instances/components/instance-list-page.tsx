import { can, ErrorCode, type InstanceKind } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { buttonClasses } from '../../../components/ui/button';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { isApiError } from '../../../lib/api-client';
import { useFolderRole } from '../../auth/api/auth.queries';
import { ActivationRequiredPanel } from '../../folders/components/activation-required-panel';
import { instanceListQuery } from '../api/instances.queries';
import { InstanceTable } from './instance-table';

const COPY: Record<InstanceKind, { title: string; description: string; empty: string; noun: string }> = {
  vm: {
    title: 'Virtual machines',
    description: 'Virtual machines with the Cloud Backup agent, their connection state and linked policies.',
    empty: 'No virtual machines yet',
    noun: 'virtual machine',
  },
  bms: {
    title: 'Bare-metal servers',
    description: 'Physical servers with the Cloud Backup agent, their connection state and linked policies.',
    empty: 'No bare-metal servers yet',
    noun: 'bare-metal server',
  },
};

export function InstanceListPage({ folderId, kind }: { folderId: string; kind: InstanceKind }) {
  // Removed instances leave the service; their backups stay reachable from Backups, not from this list.
  const instances = useQuery({ ...instanceListQuery(folderId, kind), select: (data) => data.items.filter((i) => i.status !== 'deleted') });
  const copy = COPY[kind];
  const role = useFolderRole(folderId);
  // Unknown role: show the action and let the server decide.
  const mayConnect = role === null || can(role, 'instance.connect');
  const connect = mayConnect && (
    <Link to={`/folders/${encodeURIComponent(folderId)}/connect?kind=${kind}`} className={buttonClasses('primary')}>
      Connect instance
    </Link>
  );

  if (isApiError(instances.error, ErrorCode.folderNotActive)) return <ActivationRequiredPanel folderId={folderId} />;

  return (
    <>
      <PageHeader title={copy.title} description={copy.description} actions={connect} />
      <InstanceTable
        folderId={folderId}
        label={copy.title}
        rows={instances.data}
        isLoading={instances.isPending}
        error={instances.error?.message ?? null}
        empty={
          <EmptyState
            title={copy.empty}
            description={
              mayConnect
                ? `Connect a ${copy.noun}: the wizard gives you a one-time command that installs and registers the agent.`
                : `A backup user, editor or admin of this folder connects a ${copy.noun} with the Cloud Backup agent.`
            }
            action={connect}
          />
        }
      />
    </>
  );
}
