import { CreateUserRequest, MIN_PASSWORD_LENGTH } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '../../../components/ui/alert';
import { Dialog } from '../../../components/ui/dialog';
import { FormDialogFooter } from '../../../components/ui/form-dialog-footer';
import { TextField } from '../../../components/ui/form-controls';
import { useCreateUser } from '../api/users.mutations';

const EMPTY: CreateUserRequest = { username: '', initialPassword: '' };

export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateUser();
  const form = useForm<CreateUserRequest>({ resolver: zodResolver(CreateUserRequest), defaultValues: EMPTY });
  const { errors } = form.formState;
  const { reset } = form;
  const resetMutation = create.reset;

  useEffect(() => {
    if (!open) return;
    reset(EMPTY);
    resetMutation();
  }, [open, reset, resetMutation]);

  const onSubmit = form.handleSubmit((values) => create.mutate(values, { onSuccess: () => onClose() }));

  return (
    <Dialog
      open={open}
      title="Create user"
      description="The user must choose their own password at the first sign-in."
      size="md"
      busy={create.isPending}
      onClose={onClose}
      footer={<FormDialogFooter formId="create-user-form" submitLabel="Create user" pending={create.isPending} onCancel={onClose} />}
    >
      <form id="create-user-form" onSubmit={onSubmit} noValidate className="space-y-4">
        {create.isError && <Alert>{create.error.message}</Alert>}
        <TextField label="User name" autoComplete="off" spellCheck={false} error={errors.username?.message} {...form.register('username')} />
        <TextField
          label="Initial password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters. Hand it over out of band.`}
          error={errors.initialPassword?.message}
          {...form.register('initialPassword')}
        />
      </form>
    </Dialog>
  );
}
