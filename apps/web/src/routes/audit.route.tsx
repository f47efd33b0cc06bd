import { AuditLogPage } from '../features/audit/components/audit-log-page';
import { useRequiredParam } from '../lib/use-required-param';

/** The audit log works before the folder is activated (decision 010), so it is not behind the activation gate. */
export function AuditRoute() {
  const folderId = useRequiredParam('folderId');
  return <AuditLogPage key={folderId} folderId={folderId} />;
}
