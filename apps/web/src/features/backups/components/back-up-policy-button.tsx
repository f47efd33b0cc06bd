import type { Policy } from '@cloud-backup/domain';
import { useId } from 'react';
import { Button } from '../../../components/ui/button';
import { useToast } from '../../../components/ui/toast';
import { plural } from '../../../lib/format';
import { useBackUpPolicyNow } from '../api/backups.mutations';

export function BackUpPolicyButton({ policy }: { policy: Policy }) {
  const backUp = useBackUpPolicyNow(policy.folderId);
  const toast = useToast();
  const reasonId = useId();
  const reason = policy.instances.length === 0 ? 'Link an instance first: Back up now backs up every linked instance' : null;

  const onClick = () =>
    backUp.mutate(
      { policyId: policy.id },
      {
        onSuccess: (operations) => {
          if (operations.length === 0) toast.info('No backup started: no linked instance can be backed up right now');
          else toast.success(`Started ${plural(operations.length, 'backup')}`);
        },
        onError: (error) => toast.error(error.message),
      },
    );

  return (
    <span title={reason ?? undefined} className="inline-flex">
      <Button variant="primary" onClick={onClick} pending={backUp.isPending} disabled={reason !== null} aria-describedby={reason ? reasonId : undefined}>
        Back up now
      </Button>
      {reason && (
        <span id={reasonId} className="sr-only">
          {reason}
        </span>
      )}
    </span>
  );
}
