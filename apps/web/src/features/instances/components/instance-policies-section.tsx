import type { Instance } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { LinkPicker } from '../../../components/ui/link-picker';
import { Section } from '../../../components/ui/section';
import { useToast } from '../../../components/ui/toast';
import { policyListQuery } from '../../policies/api/policies.queries';
import { useLinkPolicy, useUnlinkPolicy } from '../api/instances.mutations';

interface InstancePoliciesSectionProps {
  instance: Instance;
  /** False for removed instances and for roles that may not link. */
  editable: boolean;
}

export function InstancePoliciesSection({ instance, editable }: InstancePoliciesSectionProps) {
  const folderId = instance.folderId;
  const policies = useQuery({ ...policyListQuery(folderId), enabled: editable });
  const link = useLinkPolicy(folderId);
  const unlink = useUnlinkPolicy(folderId);
  const toast = useToast();
  const [selected, setSelected] = useState('');

  const linkedIds = new Set(instance.policies.map((p) => p.id));
  const linkable = (policies.data ?? []).filter((p) => !linkedIds.has(p.id));
  const choice = linkable.some((p) => p.id === selected) ? selected : (linkable[0]?.id ?? '');

  const onLink = () => {
    const policy = linkable.find((p) => p.id === choice);
    if (!policy) return;
    link.mutate(
      { instanceId: instance.id, policyId: policy.id },
      {
        onSuccess: () => toast.success(`Linked ${policy.name} to ${instance.name}`),
        onError: (error) => toast.error(error.message),
      },
    );
  };

  const onUnlink = (policyId: string, policyName: string) =>
    unlink.mutate(
      { instanceId: instance.id, policyId },
      {
        onSuccess: () => toast.success(`Unlinked ${policyName} from ${instance.name}`),
        onError: (error) => toast.error(error.message),
      },
    );

  const base = `/folders/${encodeURIComponent(folderId)}`;

  return (
    <Section title="Policies" description="Linked policies decide when this instance is backed up and how long backups are kept.">
      {instance.policies.length === 0 ? (
        <p className="text-gray-500 dark:text-gray-400">No policy is linked: this instance is not backed up.</p>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-md border border-gray-200 dark:divide-gray-800 dark:border-gray-800">
          {instance.policies.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-4 px-4 py-2">
              <Link to={`${base}/policies/${encodeURIComponent(p.id)}`} className="font-medium text-blue-700 hover:underline dark:text-blue-400">
                {p.name}
              </Link>
              {editable && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Unlink ${p.name}`}
                  pending={unlink.isPending && unlink.variables.policyId === p.id}
                  onClick={() => onUnlink(p.id, p.name)}
                >
                  Unlink
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <LinkPicker
          label="Policy to link"
          buttonLabel="Link policy"
          options={linkable.map((p) => ({ value: p.id, label: p.name }))}
          value={choice}
          onChange={setSelected}
          onLink={onLink}
          pending={link.isPending}
          loading={policies.isPending}
          loadingText="Loading policies…"
          emptyText="Every policy is linked"
          error={policies.isError ? { title: 'Could not load policies', message: policies.error.message } : null}
        />
      )}
    </Section>
  );
}
