import { MIN_PASSWORD_LENGTH, ResetPasswordRequest, type User } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '../../../components/ui/alert';
import { Dialog } from '../../../components/ui/dialog';
import { FormDialogFooter } from '../../../components/ui/form-dialog-footer';
import { TextField } from '../../../components/ui/form-controls';
import { useResetPassword } from '../api/users.mutations';

const EMPTY: ResetPasswordRequest = { newPassword: '' };

export function ResetPasswordDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const resetPassword = useResetPassword();
  const form = useForm<ResetPasswordRequest>({ resolver: zodResolver(ResetPasswordRequest), defaultValues: EMPTY });
  const { errors } = form.formState;
  const { reset } = form;
  const resetMutation = resetPassword.reset;

  useEffect(() => {
    if (!user) return;
    reset(EMPTY);
    resetMutation();
  }, [user, reset, resetMutation]);

  const onSubmit = form.handleSubmit((values) => user && resetPassword.mutate({ userId: user.id, ...values }, { onSuccess: () => onClose() }));

  return (
    <Dialog
      open={user !== null}
      title={`Reset password of ${user?.username ?? ''}`}
      description="All of their sessions end now, and they must choose a new password at the next sign-in."
      size="md"
      busy={resetPassword.isPending}
      onClose={onClose}
      footer={<FormDialogFooter formId="reset-password-form" submitLabel="Reset password" pending={resetPassword.isPending} onCancel={onClose} variant="danger" />}
    >
      <form id="reset-password-form" onSubmit={onSubmit} noValidate className="space-y-4">
        {resetPassword.isError && <Alert>{resetPassword.error.message}</Alert>}
        <TextField
          label="New initial password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          error={errors.newPassword?.message}
          {...form.register('newPassword')}
        />
      </form>
    </Dialog>
  );
}
