import type { PolicySummary } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { DescriptionList } from '../../../components/ui/description-list';
import { Checkbox } from '../../../components/ui/form-controls';
import { Skeleton } from '../../../components/ui/skeleton';
import { useToast } from '../../../components/ui/toast';
import { useLinkPolicies } from '../../instances/api/instances.mutations';
import { instanceQuery } from '../../instances/api/instances.queries';
import { policyListQuery } from '../../policies/api/policies.queries';
import { formatSchedule } from '../../policies/policy-format';

// Pre-checked so the common case — protect the machine daily — is one click.
const PRESELECTED_POLICY = 'Default daily';

function initialSelection(policies: readonly PolicySummary[] | undefined): Set<string> {
  const preselected = policies?.find((p) => p.name === PRESELECTED_POLICY);
  return new Set(preselected ? [preselected.id] : []);
}

export function LinkPolicyStep({ folderId, instanceId }: { folderId: string; instanceId: string }) {
  const instance = useQuery(instanceQuery(folderId, instanceId));
  const policies = useQuery(policyListQuery(folderId));
  const link = useLinkPolicies(folderId);
  const navigate = useNavigate();
  const toast = useToast();
  // null until the user touches a checkbox, so the default follows the policies once they load.
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const selection = picked ?? initialSelection(policies.data);

  const instancePath = `/folders/${encodeURIComponent(folderId)}/instances/${encodeURIComponent(instanceId)}`;
  const finish = () => navigate(instancePath);

  const toggle = (id: string, checked: boolean) => {
    const next = new Set(selection);
    if (checked) next.add(id);
    else next.delete(id);
    setPicked(next);
  };

  const onLink = () => {
    // Keep the list order so links happen in the order the user sees them.
    const policyIds = (policies.data ?? []).filter((p) => selection.has(p.id)).map((p) => p.id);
    if (policyIds.length === 0) return finish();
    link.mutate(
      { instanceId, policyIds },
      {
        onSuccess: () => {
          toast.success(`Linked ${policyIds.length === 1 ? '1 policy' : `${policyIds.length} policies`} to ${instance.data?.name ?? 'the instance'}`);
          finish();
        },
      },
    );
  };

  return (
    <div className="space-y-6">
      <div className="rounded-md border border-green-200 bg-green-50 px-4 py-3 dark:border-green-900 dark:bg-green-950/50">
        <h3 className="font-semibold text-green-900 dark:text-green-100">Instance connected</h3>
        <div className="mt-3">
          {instance.isPending ? (
            <Skeleton className="h-16 w-full" />
          ) : instance.isError ? (
            <Alert>{instance.error.message}</Alert>
          ) : (
            <DescriptionList
              items={[
                { label: 'Host name', value: instance.data.metadata?.hostname ?? instance.data.name },
                { label: 'Operating system', value: instance.data.metadata?.os.prettyName ?? '—' },
                { label: 'Kernel', value: instance.data.metadata?.kernel.release ?? '—' },
              ]}
            />
          )}
        </div>
      </div>

      <fieldset>
        <legend className="text-base font-semibold">Link a policy</legend>
        <p className="mt-1 text-gray-600 dark:text-gray-300">The instance is backed up on the schedule of every policy you link. You can change this later.</p>
        <div className="mt-3 space-y-3">
          {policies.isPending && <Skeleton className="h-12 w-full" />}
          {policies.isError && <Alert title="Could not load policies">{policies.error.message}</Alert>}
          {policies.data?.length === 0 && <p className="text-gray-500 dark:text-gray-400">This folder has no policies yet.</p>}
          {policies.data?.map((p) => (
            <Checkbox
              key={p.id}
              label={p.name}
              description={formatSchedule(p.settings.schedule, p.settings.timeZone)}
              checked={selection.has(p.id)}
              onChange={(e) => toggle(p.id, e.target.checked)}
            />
          ))}
        </div>
      </fieldset>

      {link.isError && <Alert title="Linking failed">{link.error.message}</Alert>}

      <div className="flex gap-3">
        <Button variant="primary" onClick={onLink} pending={link.isPending} disabled={policies.isPending || selection.size === 0}>
          Link and finish
        </Button>
        <Button onClick={finish} disabled={link.isPending}>
          Skip
        </Button>
      </div>
    </div>
  );
}
