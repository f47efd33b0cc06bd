import { can, type Action } from '@cloud-backup/domain';
import { NavLink } from 'react-router';
import { useFolderRole } from '../../features/auth/api/auth.queries';
import { cx } from '../ui/cx';

/** SPEC §8 console map, in this order, then the sections the map does not name. */
export const FOLDER_SECTIONS = [
  { path: 'overview', label: 'Overview' },
  { path: 'vms', label: 'Virtual machines' },
  { path: 'bms', label: 'Bare-metal servers' },
  { path: 'policies', label: 'Policies' },
  { path: 'backups', label: 'Backups' },
  { path: 'operations', label: 'Operations' },
  { path: 'monitoring', label: 'Monitoring' },
  { path: 'quotas', label: 'Quotas' },
  { path: 'access', label: 'Access' },
  { path: 'notifications', label: 'Notifications' },
  { path: 'audit', label: 'Audit log' },
] as const;

/** Sections a role without this action has nothing to do in; their pages explain the same when opened by URL. */
const SECTION_ACTION: Partial<Record<string, Action>> = { backups: 'backup.read', access: 'access.manage' };

export function FolderNav({ folderId }: { folderId: string }) {
  const base = `/folders/${encodeURIComponent(folderId)}`;
  const role = useFolderRole(folderId);
  // Unknown role (Me still loading): show every section and let the pages and the server decide.
  const sections = FOLDER_SECTIONS.filter((s) => {
    const action = SECTION_ACTION[s.path];
    return role === null || action === undefined || can(role, action);
  });
  return (
    <nav aria-label="Folder" className="sticky top-14 h-[calc(100vh-3.5rem)] w-56 shrink-0 overflow-y-auto border-r border-gray-200 bg-white px-3 py-4 dark:border-gray-800 dark:bg-gray-900">
      <ul className="space-y-0.5">
        {sections.map((section) => (
          <li key={section.path}>
            <NavLink
              to={`${base}/${section.path}`}
              className={({ isActive }) =>
                cx(
                  'block rounded-md px-3 py-1.5 font-medium',
                  isActive
                    ? 'bg-blue-50 text-blue-700 dark:bg-blue-950 dark:text-blue-300'
                    : 'text-gray-700 hover:bg-gray-100 hover:text-gray-900 dark:text-gray-300 dark:hover:bg-gray-800 dark:hover:text-white',
                )
              }
            >
              {section.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
