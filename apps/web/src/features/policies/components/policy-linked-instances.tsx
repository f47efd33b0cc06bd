import { INSTANCE_KIND_LABEL, type Policy } from '@cloud-backup/domain';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/empty-state';
import { RelativeTime } from '../../../components/ui/relative-time';
import { Section } from '../../../components/ui/section';
import { useToast } from '../../../components/ui/toast';
import { useUnlinkPolicy } from '../../instances/api/instances.mutations';
import { OnlineBadge } from '../../instances/components/instance-badges';
import { LinkInstancesDialog } from './link-instances-dialog';

type LinkedInstance = Policy['instances'][number];

const time = (iso: string | null) => (iso ? new Date(iso).getTime() : null);

export function PolicyLinkedInstances({ policy, editable }: { policy: Policy; editable: boolean }) {
  const folderId = policy.folderId;
  const unlink = useUnlinkPolicy(folderId);
  const toast = useToast();
  const [linking, setLinking] = useState(false);

  const columns = useMemo<Column<LinkedInstance>[]>(() => {
    const base = `/folders/${encodeURIComponent(folderId)}/instances`;
    const cols: Column<LinkedInstance>[] = [
      {
        id: 'name',
        header: 'Name',
        cell: (i) => (
          <Link to={`${base}/${encodeURIComponent(i.id)}`} className="font-medium text-blue-700 hover:underline dark:text-blue-400">
            {i.name}
          </Link>
        ),
        sortValue: (i) => i.name,
        filterValue: (i) => i.name,
      },
      { id: 'kind', header: 'Kind', cell: (i) => INSTANCE_KIND_LABEL[i.kind], sortValue: (i) => i.kind, filterValue: (i) => INSTANCE_KIND_LABEL[i.kind] },
      { id: 'online', header: 'State', cell: (i) => <OnlineBadge online={i.online} />, sortValue: (i) => (i.online ? 0 : 1) },
      { id: 'lastBackup', header: 'Last backup', cell: (i) => <RelativeTime value={i.lastBackupAt} never="—" />, sortValue: (i) => time(i.lastBackupAt) },
      { id: 'nextBackup', header: 'Next backup', cell: (i) => <RelativeTime value={i.nextRunAt} never="—" />, sortValue: (i) => time(i.nextRunAt) },
    ];
    if (editable) {
      cols.push({
        id: 'actions',
        header: 'Actions',
        cell: (i) => (
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Unlink ${i.name}`}
            pending={unlink.isPending && unlink.variables.instanceId === i.id}
            onClick={() =>
              unlink.mutate(
                { instanceId: i.id, policyId: policy.id },
                {
                  onSuccess: () => toast.success(`Unlinked ${i.name} from ${policy.name}`),
                  onError: (error) => toast.error(error.message),
                },
              )
            }
          >
            Unlink
          </Button>
        ),
      });
    }
    return cols;
  }, [folderId, editable, unlink, policy.id, policy.name, toast]);

  const linkButton = editable && (
    <Button variant="primary" size="sm" onClick={() => setLinking(true)}>
      Link instances
    </Button>
  );

  return (
    <Section title="Linked instances" description="Instances backed up under this policy." actions={linkButton}>
      <DataTable
        label="Linked instances"
        columns={columns}
        rows={policy.instances}
        rowKey={(i) => i.id}
        initialSort={{ columnId: 'name', direction: 'asc' }}
        empty={
          <EmptyState
            title="No instances linked"
            description={editable ? 'Link instances to back them up under this policy.' : 'No instance is backed up under this policy.'}
          />
        }
      />
      {editable && <LinkInstancesDialog open={linking} policy={policy} onClose={() => setLinking(false)} />}
    </Section>
  );
}
