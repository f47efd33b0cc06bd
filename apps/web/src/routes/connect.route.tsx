import { can } from '@cloud-backup/domain';
import { EmptyState } from '../components/ui/empty-state';
import { PageHeader } from '../components/ui/page-header';
import { useFolderRole } from '../features/auth/api/auth.queries';
import { ConnectWizard } from '../features/connect/components/connect-wizard';
import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { useRequiredParam } from '../lib/use-required-param';

export function ConnectRoute() {
  const folderId = useRequiredParam('folderId');
  const role = useFolderRole(folderId);
  // Opened by URL with a role that may not connect: say so rather than let the token request fail.
  if (role !== null && !can(role, 'instance.connect')) {
    return (
      <>
        <PageHeader title="Connect an instance" />
        <EmptyState title="Your role does not include connecting instances" description={`Your role in this folder is ${role}. A backup user, editor or admin connects instances.`} />
      </>
    );
  }
  return (
    <ActiveFolderGate folderId={folderId}>
      <ConnectWizard key={folderId} folderId={folderId} />
    </ActiveFolderGate>
  );
}
