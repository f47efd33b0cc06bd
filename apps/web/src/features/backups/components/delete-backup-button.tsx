import type { Backup } from '@cloud-backup/domain';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useToast } from '../../../components/ui/toast';
import { formatDateTime } from '../../../lib/format';
import { useDeleteBackup } from '../api/backups.mutations';

export function DeleteBackupButton({ backup, disabledReason }: { backup: Backup; disabledReason: string | null }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteBackup(backup.folderId);
  const navigate = useNavigate();
  const toast = useToast();

  // mutateAsync, not mutate's per-call callbacks: the live `backup.changed` event can unmount this page (the
  // backup is gone) before the call settles, and per-call callbacks do not run after an unmount.
  const onConfirm = async () => {
    try {
      await remove.mutateAsync({ backupId: backup.id });
    } catch {
      return; // the dialog shows remove.error
    }
    setOpen(false);
    toast.success(`The backup of ${backup.instanceName} from ${formatDateTime(backup.startedAt)} was deleted.`);
    navigate(`/folders/${encodeURIComponent(backup.folderId)}/backups`);
  };

  const onCancel = () => {
    setOpen(false);
    remove.reset();
  };

  return (
    <>
      <span title={disabledReason ?? undefined} className="inline-flex">
        <Button variant="danger" onClick={() => setOpen(true)} disabled={disabledReason !== null}>
          Delete
        </Button>
      </span>
      <ConfirmDialog
        open={open}
        title="Delete this backup?"
        confirmLabel="Delete"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <p>
          The backup of <strong>{backup.instanceName}</strong> from {formatDateTime(backup.startedAt)} will be deleted. You cannot restore from it
          afterwards.
        </p>
        <p>Other backups stay complete and restorable: each one holds everything it needs.</p>
        <p>Data no other backup uses is removed by the garbage collection that follows, which frees the space.</p>
      </ConfirmDialog>
    </>
  );
}
