import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { NotificationsPage } from '../features/notifications/components/notifications-page';
import { useRequiredParam } from '../lib/use-required-param';

export function NotificationsRoute() {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <NotificationsPage key={folderId} folderId={folderId} />
    </ActiveFolderGate>
  );
}
