import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { QuotasPage } from '../features/monitoring/components/quotas-page';
import { useRequiredParam } from '../lib/use-required-param';

export function QuotasRoute() {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <QuotasPage key={folderId} folderId={folderId} />
    </ActiveFolderGate>
  );
}
