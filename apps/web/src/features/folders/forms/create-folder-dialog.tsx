import { CreateFolderRequest, type Folder } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '../../../components/ui/alert';
import { Dialog } from '../../../components/ui/dialog';
import { FormDialogFooter } from '../../../components/ui/form-dialog-footer';
import { TextField } from '../../../components/ui/form-controls';
import { useCreateFolder } from '../api/folders.mutations';

const EMPTY: CreateFolderRequest = { name: '' };

export function CreateFolderDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (folder: Folder) => void }) {
  const create = useCreateFolder();
  const form = useForm<CreateFolderRequest>({ resolver: zodResolver(CreateFolderRequest), defaultValues: EMPTY });
  const { errors } = form.formState;
  const { reset } = form;
  const resetMutation = create.reset;

  useEffect(() => {
    if (!open) return;
    reset(EMPTY);
    resetMutation();
  }, [open, reset, resetMutation]);

  const onSubmit = form.handleSubmit((values) => create.mutate(values, { onSuccess: (folder) => onCreated(folder) }));

  return (
    <Dialog
      open={open}
      title="Create folder"
      description="A folder holds its own instances, policies and backups, and is activated on its own. You become its first backup admin."
      size="md"
      busy={create.isPending}
      onClose={onClose}
      footer={<FormDialogFooter formId="create-folder-form" submitLabel="Create folder" pending={create.isPending} onCancel={onClose} />}
    >
      <form id="create-folder-form" onSubmit={onSubmit} noValidate className="space-y-4">
        {create.isError && <Alert>{create.error.message}</Alert>}
        <TextField label="Folder name" autoComplete="off" spellCheck={false} error={errors.name?.message} data-autofocus {...form.register('name')} />
      </form>
    </Dialog>
  );
}
