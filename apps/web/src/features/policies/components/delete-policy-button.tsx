import type { Policy } from '@cloud-backup/domain';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useToast } from '../../../components/ui/toast';
import { plural } from '../../../lib/format';
import { useDeletePolicy } from '../api/policies.mutations';

/** Deletes the policy after saying what happens to its instances; then returns to the policy list. */
export function DeletePolicyButton({ policy }: { policy: Policy }) {
  const [open, setOpen] = useState(false);
  const remove = useDeletePolicy(policy.folderId);
  const navigate = useNavigate();
  const toast = useToast();
  const linked = policy.instances.length;

  const onConfirm = () =>
    remove.mutate(
      { policyId: policy.id },
      {
        onSuccess: () => {
          setOpen(false);
          toast.success(`Deleted ${policy.name}. Its backups are kept.`);
          navigate(`/folders/${encodeURIComponent(policy.folderId)}/policies`);
        },
      },
    );

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete policy
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete ${policy.name}?`}
        confirmLabel="Delete"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onConfirm={onConfirm}
        onCancel={() => {
          setOpen(false);
          remove.reset();
        }}
      >
        <p>
          {linked === 0
            ? 'No instance is linked to this policy.'
            : `${plural(linked, 'instance')} will be unlinked from it and no longer backed up under it.`}
        </p>
        <p>Backups already made under this policy are kept until you delete them.</p>
      </ConfirmDialog>
    </>
  );
}
