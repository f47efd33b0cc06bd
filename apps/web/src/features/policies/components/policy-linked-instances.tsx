import { INSTANCE_KIND_LABEL, type Policy } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/empty-state';
import { LinkPicker } from '../../../components/ui/link-picker';
import { Section } from '../../../components/ui/section';
import { useToast } from '../../../components/ui/toast';
import { useLinkPolicy, useUnlinkPolicy } from '../../instances/api/instances.mutations';
import { instanceListQuery } from '../../instances/api/instances.queries';
import { OnlineBadge } from '../../instances/components/instance-badges';

type LinkedInstance = Policy['instances'][number];

export function PolicyLinkedInstances({ policy, editable }: { policy: Policy; editable: boolean }) {
  const folderId = policy.folderId;
  const instances = useQuery({ ...instanceListQuery(folderId, null), enabled: editable });
  const link = useLinkPolicy(folderId);
  const unlink = useUnlinkPolicy(folderId);
  const toast = useToast();
  const [selected, setSelected] = useState('');

  const linkedIds = new Set(policy.instances.map((i) => i.id));
  // Only live instances can be protected; removed ones keep their backups but take no new ones.
  const linkable = (instances.data ?? []).filter((i) => i.status === 'registered' && !linkedIds.has(i.id));
  const choice = linkable.some((i) => i.id === selected) ? selected : (linkable[0]?.id ?? '');

  const onLink = () => {
    const target = linkable.find((i) => i.id === choice);
    if (!target) return;
    link.mutate(
      { instanceId: target.id, policyId: policy.id },
      {
        onSuccess: () => toast.success(`Linked ${target.name} to ${policy.name}`),
        onError: (error) => toast.error(error.message),
      },
    );
  };

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

  return (
    <Section title="Linked instances" description="Instances backed up under this policy.">
      <DataTable
        label="Linked instances"
        columns={columns}
        rows={policy.instances}
        rowKey={(i) => i.id}
        initialSort={{ columnId: 'name', direction: 'asc' }}
        empty={<EmptyState title="No instances linked" description="Link an instance below to back it up under this policy." />}
      />
      {editable && (
        <LinkPicker
          label="Instance to link"
          buttonLabel="Link instance"
          options={linkable.map((i) => ({ value: i.id, label: `${i.name} (${INSTANCE_KIND_LABEL[i.kind]})` }))}
          value={choice}
          onChange={setSelected}
          onLink={onLink}
          pending={link.isPending}
          loading={instances.isPending}
          loadingText="Loading instances…"
          emptyText="No other registered instances"
          error={instances.isError ? { title: 'Could not load instances', message: instances.error.message } : null}
        />
      )}
    </Section>
  );
}
