import { useRequiredParam } from '../../lib/use-required-param';
import { ActiveFolderGate } from '../folders/components/active-folder-gate';
import { PolicyCreatePage, PolicyEditPage } from './components/policy-editor-page';

/* Thin route elements for the policy editor, kept with the feature (the routes/ folder is shared). */

export function PolicyCreateRoute() {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <PolicyCreatePage folderId={folderId} />
    </ActiveFolderGate>
  );
}

export function PolicyEditRoute() {
  const folderId = useRequiredParam('folderId');
  const policyId = useRequiredParam('policyId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <PolicyEditPage key={policyId} folderId={folderId} policyId={policyId} />
    </ActiveFolderGate>
  );
}
