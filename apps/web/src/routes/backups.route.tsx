import { BackupListPage } from '../features/backups/components/backup-list-page';
import { BackupPage } from '../features/backups/components/backup-page';
import { BackupsRoleGate } from '../features/backups/components/backups-role-gate';
import { BackupBrowserPage } from '../features/restore/components/backup-browser-page';
import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { useRequiredParam } from '../lib/use-required-param';

export function BackupsRoute() {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <BackupsRoleGate folderId={folderId}>
        <BackupListPage key={folderId} folderId={folderId} />
      </BackupsRoleGate>
    </ActiveFolderGate>
  );
}

export function BackupRoute() {
  const folderId = useRequiredParam('folderId');
  const backupId = useRequiredParam('backupId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <BackupsRoleGate folderId={folderId}>
        <BackupPage key={backupId} folderId={folderId} backupId={backupId} />
      </BackupsRoleGate>
    </ActiveFolderGate>
  );
}

export function BackupFilesRoute() {
  const folderId = useRequiredParam('folderId');
  const backupId = useRequiredParam('backupId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <BackupsRoleGate folderId={folderId}>
        <BackupBrowserPage key={backupId} folderId={folderId} backupId={backupId} />
      </BackupsRoleGate>
    </ActiveFolderGate>
  );
}
