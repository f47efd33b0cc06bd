import type { Instance } from '@cloud-backup/domain';
import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useToast } from '../../../components/ui/toast';
import { useRotateCredential } from '../api/instances.mutations';

/** Rotating revokes nothing at once: the agent keeps working and swaps its credential on its next heartbeat. */
export function RotateCredentialButton({ instance }: { instance: Instance }) {
  const [open, setOpen] = useState(false);
  const rotate = useRotateCredential(instance.folderId);
  const toast = useToast();
  const reasonId = useId();
  const pending = instance.credentialRotationPending;

  const onConfirm = () =>
    rotate.mutate(
      { instanceId: instance.id },
      {
        onSuccess: () => {
          setOpen(false);
          toast.success(`A new credential for ${instance.name} is ready; the agent picks it up on its next heartbeat.`);
        },
      },
    );

  const onCancel = () => {
    setOpen(false);
    rotate.reset();
  };

  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} disabled={pending} aria-describedby={pending ? reasonId : undefined}>
        Rotate credential
      </Button>
      {pending && (
        <span id={reasonId} className="sr-only">
          A rotation is already pending
        </span>
      )}
      <ConfirmDialog
        open={open}
        title={`Rotate the credential of ${instance.name}?`}
        confirmLabel="Rotate credential"
        tone="primary"
        pending={rotate.isPending}
        error={rotate.error?.message ?? null}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <p>The server issues a new credential for this agent. The agent picks it up on its next heartbeat; from then on the old one is refused.</p>
        <p>Backups and restores keep running meanwhile. An agent that is offline switches when it next comes online.</p>
      </ConfirmDialog>
    </>
  );
}
