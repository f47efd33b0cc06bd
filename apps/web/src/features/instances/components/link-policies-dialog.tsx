import type { Instance } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button, buttonClasses } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { EmptyState } from '../../../components/ui/empty-state';
import { Checkbox } from '../../../components/ui/form-controls';
import { PageSpinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { plural } from '../../../lib/format';
import { linkUsageQuery, policyListQuery } from '../../policies/api/policies.queries';
import { LinkLimitSummary } from '../../policies/components/link-limit-summary';
import { linkUsageAfter } from '../../policies/link-limits';
import { formatRetention, formatSchedule } from '../../policies/policy-format';
import { useLinkInstancePolicies } from '../api/instances.mutations';

interface LinkPoliciesDialogProps {
  open: boolean;
  instance: Instance;
  onClose: () => void;
}

/** Picks any number of the folder's policies not yet linked to the instance. Mounted only while open. */
export function LinkPoliciesDialog({ open, ...rest }: LinkPoliciesDialogProps) {
  return open ? <LinkPoliciesPicker {...rest} /> : null;
}

function LinkPoliciesPicker({ instance, onClose }: Omit<LinkPoliciesDialogProps, 'open'>) {
  const folderId = instance.folderId;
  const policies = useQuery(policyListQuery(folderId));
  const usage = useQuery(linkUsageQuery(folderId));
  const link = useLinkInstancePolicies(folderId);
  const toast = useToast();
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());

  const linkedIds = new Set(instance.policies.map((p) => p.id));
  const linkable = (policies.data ?? []).filter((p) => !linkedIds.has(p.id));
  const policyIds = linkable.filter((p) => selected.has(p.id)).map((p) => p.id);
  // However many policies are picked, the instance counts once, and only if it has none yet.
  const candidates = policyIds.length > 0 ? [{ kind: instance.kind, counted: instance.policies.length > 0 }] : [];
  const after = usage.data ? linkUsageAfter(candidates, usage.data).filter((u) => u.kind === instance.kind) : null;
  const refused = after?.some((u) => u.refusal !== null) ?? false;

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  const onLink = () =>
    link.mutate(
      { instanceId: instance.id, policyIds },
      {
        onSuccess: () => {
          toast.success(`Linked ${plural(policyIds.length, 'policy', 'policies')} to ${instance.name}`);
          onClose();
        },
      },
    );

  const footer = (
    <>
      <Button onClick={onClose} disabled={link.isPending}>
        Cancel
      </Button>
      <Button variant="primary" onClick={onLink} pending={link.isPending} disabled={policyIds.length === 0 || refused}>
        Link selected
      </Button>
    </>
  );

  return (
    <Dialog open title={`Link policies to ${instance.name}`} description="The instance is backed up on the schedule of every linked policy." busy={link.isPending} onClose={onClose} footer={footer}>
      <div className="space-y-5">
        {policies.isPending ? (
          <PageSpinner label="Loading policies…" />
        ) : policies.isError ? (
          <Alert title="Could not load policies" action={<Button size="sm" onClick={() => void policies.refetch()}>Try again</Button>}>
            {errorMessage(policies.error)}
          </Alert>
        ) : linkable.length === 0 ? (
          <EmptyState
            title={policies.data.length === 0 ? 'No policies yet' : 'Every policy is linked'}
            description={policies.data.length === 0 ? 'Create a policy first.' : 'This instance is already linked to every policy of the folder.'}
            action={
              <Link to={`/folders/${encodeURIComponent(folderId)}/policies/new`} className={buttonClasses('secondary')}>
                Create policy
              </Link>
            }
          />
        ) : (
          <fieldset>
            <legend className="mb-2 font-medium text-gray-800 dark:text-gray-200">Policies to link</legend>
            <div className="space-y-3">
              {linkable.map((p) => (
                <Checkbox
                  key={p.id}
                  label={p.name}
                  description={`${formatSchedule(p.settings.schedule, p.settings.timeZone)}. ${formatRetention(p.settings.retention)}.${p.enabled ? '' : ' Disabled.'}`}
                  checked={selected.has(p.id)}
                  onChange={(e) => toggle(p.id, e.target.checked)}
                />
              ))}
            </div>
          </fieldset>
        )}
        {linkable.length > 0 && <LinkLimitSummary usage={usage} after={after} />}
        {link.isError && <Alert title="Linking failed">{link.error.message}</Alert>}
      </div>
    </Dialog>
  );
}
