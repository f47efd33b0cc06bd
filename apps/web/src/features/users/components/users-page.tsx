import type { User } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { formatDateTime } from '../../../lib/format';
import { useSetUserDisabled } from '../api/users.mutations';
import { usersQuery } from '../api/users.queries';
import { CreateUserDialog } from '../forms/create-user-dialog';
import { ResetPasswordDialog } from '../forms/reset-password-dialog';

export function UsersPage({ currentUserId }: { currentUserId: string }) {
  const users = useQuery(usersQuery());
  const setDisabled = useSetUserDisabled();
  const [creating, setCreating] = useState(false);
  const [toggling, setToggling] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const columns: Column<User>[] = [
    {
      id: 'username',
      header: 'User name',
      cell: (u) => (
        <span className="font-medium">
          {u.username}
          {u.id === currentUserId && <span className="ml-2 text-xs text-gray-500 dark:text-gray-400">(you)</span>}
        </span>
      ),
      sortValue: (u) => u.username,
      filterValue: (u) => u.username,
    },
    {
      id: 'status',
      header: 'Status',
      cell: (u) => (
        <div className="flex flex-wrap gap-1.5">
          {u.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}
          {u.installationAdmin && <Badge tone="blue">Installation admin</Badge>}
          {u.mustChangePassword && <Badge tone="amber">Must change password</Badge>}
        </div>
      ),
      sortValue: (u) => (u.disabled ? 1 : 0),
    },
    { id: 'created', header: 'Created', cell: (u) => <time dateTime={u.createdAt}>{formatDateTime(u.createdAt)}</time>, sortValue: (u) => u.createdAt },
    {
      id: 'actions',
      header: 'Actions',
      cell: (u) => (
        <div className="flex gap-2">
          <Button size="sm" aria-label={`Reset password of ${u.username}`} onClick={() => setResetting(u)}>
            Reset password
          </Button>
          {u.id !== currentUserId && (
            <Button
              size="sm"
              variant="ghost"
              aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.username}`}
              onClick={() => {
                setDisabled.reset();
                setToggling(u);
              }}
            >
              {u.disabled ? 'Enable' : 'Disable'}
            </Button>
          )}
        </div>
      ),
    },
  ];

  const disabling = toggling ? !toggling.disabled : false;

  return (
    <>
      <PageHeader
        title="Users"
        description="Accounts of this installation. Users get access to folders from each folder's Access page."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            Create user
          </Button>
        }
      />
      <DataTable
        label="Users"
        columns={columns}
        rows={users.data}
        rowKey={(u) => u.id}
        isLoading={users.isPending}
        error={users.error?.message ?? null}
        empty={<EmptyState title="No users" description="Create a user to give someone a sign-in." />}
        initialSort={{ columnId: 'username', direction: 'asc' }}
      />
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
      <ConfirmDialog
        open={toggling !== null}
        title={`${disabling ? 'Disable' : 'Enable'} ${toggling?.username ?? ''}?`}
        confirmLabel={disabling ? 'Disable user' : 'Enable user'}
        tone={disabling ? 'danger' : 'primary'}
        pending={setDisabled.isPending}
        error={setDisabled.error?.message ?? null}
        onCancel={() => setToggling(null)}
        onConfirm={() => toggling && setDisabled.mutate({ userId: toggling.id, disabled: disabling }, { onSuccess: () => setToggling(null) })}
      >
        <p>
          {disabling
            ? `${toggling?.username ?? ''} can no longer sign in, and their sessions end now. Their folder roles stay.`
            : `${toggling?.username ?? ''} can sign in again with their current password.`}
        </p>
      </ConfirmDialog>
    </>
  );
}
