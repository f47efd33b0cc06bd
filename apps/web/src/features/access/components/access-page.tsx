import { can, type RoleGrant } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { meQuery, useFolderRole } from '../../auth/api/auth.queries';
import { useRevokeRole } from '../api/access.mutations';
import { folderGrantsQuery } from '../api/access.queries';
import { ROLE_INFO } from '../role-descriptions';
import { GrantRoleDialog } from './grant-role-dialog';

export function AccessPage({ folderId }: { folderId: string }) {
  const role = useFolderRole(folderId);
  const me = useQuery(meQuery());
  // Only backup.admin may list or change grants; other roles are told so instead of shown a 403.
  const mayManage = can(role, 'access.manage');
  const grants = useQuery({ ...folderGrantsQuery(folderId), enabled: mayManage });
  const revoke = useRevokeRole(folderId);
  const [granting, setGranting] = useState(false);
  const [changing, setChanging] = useState<RoleGrant | null>(null);
  const [revoking, setRevoking] = useState<RoleGrant | null>(null);

  const columns: Column<RoleGrant>[] = [
    {
      id: 'user',
      header: 'User',
      cell: (g) => (
        <span className="font-medium">
          {g.username}
          {g.userId === me.data?.user.id && <span className="ml-2 text-xs text-gray-500 dark:text-gray-400">(you)</span>}
        </span>
      ),
      sortValue: (g) => g.username,
      filterValue: (g) => g.username,
    },
    {
      id: 'role',
      header: 'Role',
      cell: (g) => (
        <span title={ROLE_INFO[g.role].description}>
          <Badge tone={g.role === 'backup.admin' ? 'blue' : 'gray'}>{ROLE_INFO[g.role].label}</Badge> <span className="font-mono text-xs text-gray-500 dark:text-gray-400">{g.role}</span>
        </span>
      ),
      sortValue: (g) => g.role,
      filterValue: (g) => g.role,
    },
    {
      id: 'granted',
      header: 'Granted',
      // Grants older than migration 0005 carry no time or granter.
      cell: (g) =>
        g.grantedAt ? (
          <span className="whitespace-nowrap">
            {formatDateTime(g.grantedAt)}
            {g.grantedBy && <span className="text-gray-500 dark:text-gray-400"> by {g.grantedBy}</span>}
          </span>
        ) : (
          <span className="text-gray-500 dark:text-gray-400">—</span>
        ),
      sortValue: (g) => g.grantedAt,
    },
    {
      id: 'actions',
      header: 'Actions',
      cell: (g) => (
        <div className="flex gap-2">
          <Button size="sm" aria-label={`Change role of ${g.username}`} onClick={() => setChanging(g)}>
            Change role
          </Button>
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Revoke access of ${g.username}`}
            onClick={() => {
              revoke.reset();
              setRevoking(g);
            }}
          >
            Revoke
          </Button>
        </div>
      ),
    },
  ];

  const forbidden = !mayManage || (isApiError(grants.error) && grants.error.status === 403);

  return (
    <>
      <PageHeader
        title="Access"
        description="Who may see and change what in this folder. Each user has one role per folder."
        meta={role && <span className="text-gray-700 dark:text-gray-300">Your role: <span className="font-mono font-medium">{role}</span></span>}
        actions={
          !forbidden && (
            <Button variant="primary" onClick={() => setGranting(true)}>
              Grant role
            </Button>
          )
        }
      />
      {forbidden ? (
        <EmptyState title="Only folder admins manage access" description="Ask a backup.admin of this folder to change who has access." />
      ) : (
        <DataTable
          label="Folder members"
          columns={columns}
          rows={grants.data}
          rowKey={(g) => g.userId}
          isLoading={grants.isPending}
          error={grants.error?.message ?? null}
          empty={<EmptyState title="No members" description="Grant a role to give someone access to this folder." />}
          initialSort={{ columnId: 'user', direction: 'asc' }}
        />
      )}
      <GrantRoleDialog folderId={folderId} open={granting} onClose={() => setGranting(false)} />
      <GrantRoleDialog folderId={folderId} open={changing !== null} grant={changing} onClose={() => setChanging(null)} />
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke access of ${revoking?.username ?? ''}?`}
        confirmLabel="Revoke access"
        pending={revoke.isPending}
        error={revoke.error?.message ?? null}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate({ userId: revoking.userId }, { onSuccess: () => setRevoking(null) })}
      >
        <p>
          {revoking?.username} loses the role {revoking?.role} and can no longer open this folder. This takes effect at once.
        </p>
      </ConfirmDialog>
    </>
  );
}
