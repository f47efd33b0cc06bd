import { NavLink } from 'react-router';
import { cx } from '../ui/cx';

/** SPEC §8 console map, in this order. */
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
  { path: 'audit', label: 'Audit log' },
] as const;

export function FolderNav({ folderId }: { folderId: string }) {
  const base = `/folders/${encodeURIComponent(folderId)}`;
  return (
    <nav aria-label="Folder" className="sticky top-14 h-[calc(100vh-3.5rem)] w-56 shrink-0 overflow-y-auto border-r border-gray-200 bg-white px-3 py-4 dark:border-gray-800 dark:bg-gray-900">
      <ul className="space-y-0.5">
        {FOLDER_SECTIONS.map((section) => (
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
