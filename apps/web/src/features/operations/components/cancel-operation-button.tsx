import { can, type Operation } from '@cloud-backup/domain';
import { useState } from 'react';
import { Button, type ButtonSize } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useToast } from '../../../components/ui/toast';
import { useFolderRole } from '../../auth/api/auth.queries';
import { useCancelOperation } from '../api/operations.mutations';
import { OPERATION_TYPE_LABEL } from '../operation-format';

/**
 * Cancel for a queued or running backup or restore. Renders nothing when the operation cannot be
 * cancelled or the user's folder role may not cancel (editor and up).
 */
export function CancelOperationButton({ operation, size = 'md' }: { operation: Operation; size?: ButtonSize }) {
  const role = useFolderRole(operation.folderId);
  const [open, setOpen] = useState(false);
  const cancel = useCancelOperation(operation.folderId);
  const toast = useToast();
  if (!operation.cancellable || !can(role, 'operation.cancel')) return null;

  const what = `${OPERATION_TYPE_LABEL[operation.type].toLowerCase()} of ${operation.target.name}`;
  const onConfirm = async () => {
    try {
      await cancel.mutateAsync({ operationId: operation.id });
    } catch {
      return; // the dialog shows cancel.error
    }
    setOpen(false);
    toast.success(`The ${what} is being cancelled.`);
  };
  const onClose = () => {
    setOpen(false);
    cancel.reset();
  };

  return (
    <>
      <Button size={size} variant="danger" onClick={() => setOpen(true)} aria-label={`Cancel the ${what}`}>
        Cancel
      </Button>
      <ConfirmDialog
        open={open}
        title={`Cancel this ${OPERATION_TYPE_LABEL[operation.type].toLowerCase()}?`}
        confirmLabel="Cancel operation"
        cancelLabel="Keep running"
        pending={cancel.isPending}
        error={cancel.error?.message ?? null}
        onConfirm={onConfirm}
        onCancel={onClose}
      >
        <p>
          The <strong>{what}</strong> stops as soon as the agent notices, and the operation ends as cancelled.
        </p>
        {operation.type === 'backup' ? (
          <p>No restore point is made by this run; earlier backups are not affected.</p>
        ) : (
          <p>Files restored so far stay where they were written.</p>
        )}
      </ConfirmDialog>
    </>
  );
}
