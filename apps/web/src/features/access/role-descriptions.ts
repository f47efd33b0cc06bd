import type { Role } from '@cloud-backup/domain';

/** What each role may do (SPEC §5, the table in packages/domain/src/access/roles.ts), weakest first. */
export const ROLE_INFO: Readonly<Record<Role, { label: string; description: string }>> = {
  'backup.auditor': { label: 'Auditor', description: 'Reads the folder, policies, instances, quotas and the audit log; no backups.' },
  'backup.viewer': { label: 'Viewer', description: 'Everything the auditor sees, plus backups.' },
  'backup.user': { label: 'User', description: 'Connects instances and links them to policies; does not see backups.' },
  'backup.editor': { label: 'Editor', description: 'Writes policies, runs and deletes backups, restores and removes instances.' },
  'backup.admin': { label: 'Admin', description: 'Everything an editor may, plus managing who has access to the folder.' },
};
