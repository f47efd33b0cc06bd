import type { Instance } from '@cloud-backup/domain';
import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useToast } from '../../../components/ui/toast';
import { useBackUpInstanceNow } from '../api/backups.mutations';

/** Why Back up now cannot run for this instance right now, or null when it can. */
export function backUpNowBlocker(instance: Pick<Instance, 'status' | 'online' | 'policies' | 'activity'>): string | null {
  if (instance.status === 'deleted') return 'The instance was removed from the service';
  if (instance.policies.length === 0) return 'Link a policy first: a backup runs under one of the instance’s policies';
  if (!instance.online) return 'The agent is offline: it must be online to back up';
  if (instance.activity === 'backing_up') return 'A backup of this instance is already running';
  return null;
}

export function BackUpInstanceButton({ instance }: { instance: Instance }) {
  const [open, setOpen] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  const backUp = useBackUpInstanceNow(instance.folderId);
  const toast = useToast();
  const reasonId = useId();
  const groupName = useId();
  const reason = backUpNowBlocker(instance);
  // The first linked policy is preselected; a choice survives only while that policy stays linked.
  const policyId = instance.policies.some((p) => p.id === picked) ? picked : (instance.policies[0]?.id ?? null);

  const onConfirm = () => {
    if (!policyId) return;
    backUp.mutate(
      { instanceId: instance.id, policyId },
      {
        onSuccess: () => {
          setOpen(false);
          toast.success('Backup started');
        },
      },
    );
  };

  const onCancel = () => {
    setOpen(false);
    backUp.reset();
  };

  return (
    <>
      {/* A disabled button gets no pointer events in some browsers, so the wrapper carries the tooltip. */}
      <span title={reason ?? undefined} className="inline-flex">
        <Button variant="primary" onClick={() => setOpen(true)} disabled={reason !== null} aria-describedby={reason ? reasonId : undefined}>
          Back up now
        </Button>
        {reason && (
          <span id={reasonId} className="sr-only">
            {reason}
          </span>
        )}
      </span>
      <ConfirmDialog
        open={open}
        title={`Back up ${instance.name} now`}
        confirmLabel="Start backup"
        tone="primary"
        pending={backUp.isPending}
        error={backUp.error?.message ?? null}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <p>The backup uses the sources, filters and compression of the policy you choose, and is kept as that policy’s retention says.</p>
        <fieldset className="mt-3">
          <legend className="font-medium text-gray-900 dark:text-gray-100">Policy</legend>
          <div className="mt-2 space-y-2">
            {instance.policies.map((p) => (
              <label key={p.id} className="flex items-center gap-3">
                <input
                  type="radio"
                  name={groupName}
                  value={p.id}
                  checked={policyId === p.id}
                  onChange={() => setPicked(p.id)}
                  className="size-4 accent-blue-600"
                />
                <span className="text-gray-900 dark:text-gray-100">{p.name}</span>
              </label>
            ))}
          </div>
        </fieldset>
      </ConfirmDialog>
    </>
  );
}
