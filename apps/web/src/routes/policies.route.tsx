import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { PolicyListPage } from '../features/policies/components/policy-list-page';
import { PolicyPage } from '../features/policies/components/policy-page';
import { useRequiredParam } from '../lib/use-required-param';

export function PoliciesRoute() {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <PolicyListPage folderId={folderId} />
    </ActiveFolderGate>
  );
}

export function PolicyRoute() {
  const folderId = useRequiredParam('folderId');
  const policyId = useRequiredParam('policyId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <PolicyPage key={policyId} folderId={folderId} policyId={policyId} />
    </ActiveFolderGate>
  );
}
