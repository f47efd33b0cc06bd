import type { Instance, Policy } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button, buttonClasses } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageSpinner } from '../../../components/ui/spinner';
import { Stepper } from '../../../components/ui/stepper';
import { useToast } from '../../../components/ui/toast';
import { errorMessage } from '../../../lib/api-client';
import { plural } from '../../../lib/format';
import { instanceListQuery } from '../../instances/api/instances.queries';
import { useLinkInstances } from '../api/policies.mutations';
import { linkUsageQuery } from '../api/policies.queries';
import { linkUsageAfter } from '../link-limits';
import { formatSchedule } from '../policy-format';
import { InstancePickerTable } from './instance-picker-table';
import { LinkLimitSummary } from './link-limit-summary';

const STEPS = ['Choose instances', 'Review'] as const;

interface LinkInstancesDialogProps {
  open: boolean;
  policy: Policy;
  onClose: () => void;
}

/** The "link a policy to instances" wizard (SPEC §8). Mounted only while open, so it starts fresh. */
export function LinkInstancesDialog({ open, ...rest }: LinkInstancesDialogProps) {
  return open ? <LinkInstancesWizard {...rest} /> : null;
}

function LinkInstancesWizard({ policy, onClose }: Omit<LinkInstancesDialogProps, 'open'>) {
  const folderId = policy.folderId;
  const instances = useQuery(instanceListQuery(folderId, null));
  const usage = useQuery(linkUsageQuery(folderId));
  const link = useLinkInstances(folderId);
  const toast = useToast();
  const [step, setStep] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const linkedIds = useMemo(() => new Set(policy.instances.map((i) => i.id)), [policy.instances]);
  // Only live instances take new backups; removed ones keep theirs but cannot be linked.
  const linkable = useMemo(() => (instances.data ?? []).filter((i) => i.status === 'registered'), [instances.data]);
  const picked: Instance[] = linkable.filter((i) => selected.has(i.id) && !linkedIds.has(i.id));
  const after = usage.data ? linkUsageAfter(picked.map((i) => ({ kind: i.kind, counted: i.policies.length > 0 })), usage.data) : null;
  const refused = after?.some((u) => u.refusal !== null) ?? false;

  const onLink = () =>
    link.mutate(
      { policyId: policy.id, instanceIds: picked.map((i) => i.id) },
      {
        onSuccess: () => {
          toast.success(`Linked ${plural(picked.length, 'instance')} to ${policy.name}`);
          onClose();
        },
      },
    );

  const footer = (
    <>
      <Button onClick={onClose} disabled={link.isPending}>
        Cancel
      </Button>
      {step > 0 && (
        <Button onClick={() => setStep(0)} disabled={link.isPending}>
          Back
        </Button>
      )}
      {step === 0 ? (
        <Button variant="primary" onClick={() => setStep(1)} disabled={picked.length === 0 || refused}>
          Next
        </Button>
      ) : (
        <Button variant="primary" onClick={onLink} pending={link.isPending} disabled={picked.length === 0 || refused}>
          Link selected
        </Button>
      )}
    </>
  );

  return (
    <Dialog open title={`Link instances to ${policy.name}`} description={formatSchedule(policy.settings.schedule, policy.settings.timeZone)} size="xl" busy={link.isPending} onClose={onClose} footer={footer}>
      <div className="space-y-5">
        <Stepper steps={STEPS} current={step} />
        <h3 ref={headingRef} tabIndex={-1} className="text-base font-semibold text-gray-900 outline-none dark:text-gray-100">
          {`Step ${step + 1} of ${STEPS.length}: ${STEPS[step]}`}
        </h3>
        {instances.isPending ? (
          <PageSpinner label="Loading instances…" />
        ) : instances.isError ? (
          <Alert title="Could not load the instances" action={<Button size="sm" onClick={() => void instances.refetch()}>Try again</Button>}>
            {errorMessage(instances.error)}
          </Alert>
        ) : linkable.length === 0 ? (
          <EmptyState
            title="No connected instances"
            description="Connect an instance first; it can then be linked to this policy."
            action={
              <Link to={`/folders/${encodeURIComponent(folderId)}/connect`} className={buttonClasses('primary')}>
                Connect an instance
              </Link>
            }
          />
        ) : step === 0 ? (
          <InstancePickerTable instances={linkable} linkedIds={linkedIds} selected={selected} onChange={setSelected} />
        ) : (
          <div className="space-y-2">
            <p className="text-gray-700 dark:text-gray-300">{`${plural(picked.length, 'instance')} will be backed up under ${policy.name}:`}</p>
            <ul aria-label="Instances to link" className="list-disc pl-5">
              {picked.map((i) => (
                <li key={i.id}>{i.name}</li>
              ))}
            </ul>
          </div>
        )}
        {linkable.length > 0 && <LinkLimitSummary usage={usage} after={after} />}
        {link.isError && <Alert title="Linking failed">{link.error.message}</Alert>}
      </div>
    </Dialog>
  );
}
