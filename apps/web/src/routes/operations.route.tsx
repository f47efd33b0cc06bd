import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { OperationListPage } from '../features/operations/components/operation-list-page';
import { OperationPage } from '../features/operations/components/operation-page';
import { useRequiredParam } from '../lib/use-required-param';

export function OperationsRoute() {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <OperationListPage key={folderId} folderId={folderId} />
    </ActiveFolderGate>
  );
}

export function OperationRoute() {
  const folderId = useRequiredParam('folderId');
  const operationId = useRequiredParam('operationId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <OperationPage key={operationId} folderId={folderId} operationId={operationId} />
    </ActiveFolderGate>
  );
}
