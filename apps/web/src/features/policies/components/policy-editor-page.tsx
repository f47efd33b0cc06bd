import { can } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Alert } from '../../../components/ui/alert';
import { PageHeader } from '../../../components/ui/page-header';
import { PageSpinner } from '../../../components/ui/spinner';
import { useFolderRole } from '../../auth/api/auth.queries';
import { FolderQueryError } from '../../folders/components/folder-query-error';
import { policyQuery } from '../api/policies.queries';
import { PolicyForm } from '../forms/policy-form';

interface EditorPageProps {
  folderId: string;
  /** The clock of the next-runs preview; tests pass a fixed time. */
  now?: Date;
}

/** Unknown role: show the form and let the server decide. */
function WriteGuard({ folderId, children }: { folderId: string; children: ReactNode }) {
  const role = useFolderRole(folderId);
  if (role !== null && !can(role, 'policy.write')) {
    return <Alert title="You cannot change policies">Creating and editing policies needs the backup.editor role or higher in this folder.</Alert>;
  }
  return <>{children}</>;
}

export function PolicyCreatePage({ folderId, now }: EditorPageProps) {
  return (
    <>
      <PageHeader title="Create policy" description="When and how the linked instances are backed up, and how long their backups are kept." />
      <WriteGuard folderId={folderId}>
        <PolicyForm folderId={folderId} policy={null} now={now} />
      </WriteGuard>
    </>
  );
}

export function PolicyEditPage({ folderId, policyId, now }: EditorPageProps & { policyId: string }) {
  const policy = useQuery(policyQuery(folderId, policyId));
  if (policy.isPending) return <PageSpinner label="Loading policy…" />;
  if (policy.isError) return <FolderQueryError folderId={folderId} error={policy.error} title="Could not load the policy" onRetry={() => void policy.refetch()} />;
  return (
    <>
      <PageHeader title={`Edit ${policy.data.name}`} description="Changes apply from the next run of each linked instance." />
      <WriteGuard folderId={folderId}>
        <PolicyForm key={policy.data.id} folderId={folderId} policy={policy.data} now={now} />
      </WriteGuard>
    </>
  );
}
