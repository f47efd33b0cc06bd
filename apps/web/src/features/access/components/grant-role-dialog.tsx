import { Role, type RoleGrant } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { Alert } from '../../../components/ui/alert';
import { Dialog } from '../../../components/ui/dialog';
import { FormDialogFooter } from '../../../components/ui/form-dialog-footer';
import { SelectField } from '../../../components/ui/form-controls';
import { RadioGroup } from '../../../components/ui/radio-group';
import { useGrantRole } from '../api/access.mutations';
import { grantableUsersQuery } from '../api/access.queries';
import { ROLE_INFO } from '../role-descriptions';

const GrantForm = z.object({ userId: z.string().min(1, 'Pick the user to grant the role to'), role: Role });
type GrantForm = z.infer<typeof GrantForm>;

const ROLE_OPTIONS = Role.options.map((role) => ({ value: role, label: `${ROLE_INFO[role].label} (${role})`, description: ROLE_INFO[role].description }));

interface GrantRoleDialogProps {
  folderId: string;
  open: boolean;
  /** Changing an existing grant: the user is fixed and their role preselected. */
  grant?: RoleGrant | null;
  onClose: () => void;
}

export function GrantRoleDialog({ folderId, open, grant, onClose }: GrantRoleDialogProps) {
  const users = useQuery({ ...grantableUsersQuery(folderId), enabled: open && !grant });
  const grantRole = useGrantRole(folderId);
  const userErrorId = useId();
  const form = useForm<GrantForm>({
    resolver: zodResolver(GrantForm),
    defaultValues: { userId: grant?.userId ?? '', role: grant?.role ?? 'backup.viewer' },
  });
  const { errors } = form.formState;
  const { reset } = form;
  const resetMutation = grantRole.reset;

  // Each opening starts from the grant it was opened for, without the last attempt's error.
  useEffect(() => {
    if (!open) return;
    reset({ userId: grant?.userId ?? '', role: grant?.role ?? 'backup.viewer' });
    resetMutation();
  }, [open, grant, reset, resetMutation]);

  const onSubmit = form.handleSubmit((values) => grantRole.mutate(values, { onSuccess: () => onClose() }));
  const title = grant ? `Change role of ${grant.username}` : 'Grant role';

  return (
    <Dialog
      open={open}
      title={title}
      busy={grantRole.isPending}
      onClose={onClose}
      footer={<FormDialogFooter formId="grant-role-form" submitLabel={grant ? 'Change role' : 'Grant role'} pending={grantRole.isPending} onCancel={onClose} />}
    >
      <form id="grant-role-form" onSubmit={onSubmit} noValidate className="space-y-5">
        {grantRole.isError && <Alert>{grantRole.error.message}</Alert>}
        {!grant && (
          <div>
            {users.isError && <Alert title="Could not load users">{users.error.message}</Alert>}
            <SelectField label="User" disabled={users.isPending} aria-invalid={errors.userId ? true : undefined} aria-describedby={errors.userId ? userErrorId : undefined} {...form.register('userId')}>
              <option value="">{users.isPending ? 'Loading users…' : 'Choose a user'}</option>
              {users.data?.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.username}
                </option>
              ))}
            </SelectField>
            {errors.userId && <p id={userErrorId} className="mt-1 text-xs text-red-600 dark:text-red-400">{errors.userId.message}</p>}
          </div>
        )}
        <Controller
          control={form.control}
          name="role"
          render={({ field }) => <RadioGroup legend="Role" options={ROLE_OPTIONS} value={field.value} onChange={field.onChange} error={errors.role?.message} />}
        />
      </form>
    </Dialog>
  );
}
