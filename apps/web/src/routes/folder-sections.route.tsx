import { AccessPage } from '../features/access/components/access-page';
import { useRequiredParam } from '../lib/use-required-param';

/** Access works before the folder is activated (decision 010), so it is not behind the activation gate. */
export function AccessRoute() {
  const folderId = useRequiredParam('folderId');
  return <AccessPage key={folderId} folderId={folderId} />;
}
