import type { InstanceKind } from '@cloud-backup/domain';
import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { InstanceListPage } from '../features/instances/components/instance-list-page';
import { InstancePage } from '../features/instances/components/instance-page';
import { useRequiredParam } from '../lib/use-required-param';

export function InstancesRoute({ kind }: { kind: InstanceKind }) {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <InstanceListPage key={kind} folderId={folderId} kind={kind} />
    </ActiveFolderGate>
  );
}

export function InstanceRoute() {
  const folderId = useRequiredParam('folderId');
  const instanceId = useRequiredParam('instanceId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <InstancePage key={instanceId} folderId={folderId} instanceId={instanceId} />
    </ActiveFolderGate>
  );
}
