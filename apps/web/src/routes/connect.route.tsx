import { ConnectWizard } from '../features/connect/components/connect-wizard';
import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { useRequiredParam } from '../lib/use-required-param';

export function ConnectRoute() {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <ConnectWizard key={folderId} folderId={folderId} />
    </ActiveFolderGate>
  );
}
