import { MIN_PASSWORD_LENGTH, type ChangePasswordRequest } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/form-controls';
import { useChangePassword } from '../api/auth.mutations';
import { ChangePasswordForm as FormSchema, emptyChangePasswordForm, type ChangePasswordForm as FormValues } from './change-password-form.schema';

export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const change = useChangePassword();
  const form = useForm<FormValues>({ resolver: zodResolver(FormSchema), defaultValues: emptyChangePasswordForm });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(({ currentPassword, newPassword }) =>
    change.mutate({ currentPassword, newPassword } satisfies ChangePasswordRequest, {
      onSuccess: () => onChanged(),
      onError: () => form.resetField('currentPassword'),
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {change.isError && <Alert>{change.error.message}</Alert>}
      <TextField label="Current password" type="password" autoComplete="current-password" autoFocus error={errors.currentPassword?.message} {...form.register('currentPassword')} />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={errors.newPassword?.message}
        {...form.register('newPassword')}
      />
      <TextField label="Confirm new password" type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...form.register('confirmPassword')} />
      <Button type="submit" variant="primary" className="w-full" pending={change.isPending}>
        Change password
      </Button>
    </form>
  );
}
