import { can } from '@cloud-backup/domain';
import type { ReactNode } from 'react';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { useFolderRole } from '../../auth/api/auth.queries';
import { ROLE_INFO } from '../../access/role-descriptions';

/**
 * Auditors and users do not see backups (SPEC §5): opened by URL, the section says so instead of
 * showing the server's 403. Unknown role: render and let the server decide, as every page does.
 */
export function BackupsRoleGate({ folderId, children }: { folderId: string; children: ReactNode }) {
  const role = useFolderRole(folderId);
  if (role === null || can(role, 'backup.read')) return <>{children}</>;
  return (
    <>
      <PageHeader title="Backups" />
      <EmptyState
        title="Your role does not include backups"
        description={`As ${ROLE_INFO[role].label.toLowerCase()} (${role}) in this folder you see its instances, policies and activation, but not its backups. Ask a backup admin of the folder for the viewer role or higher.`}
      />
    </>
  );
}
