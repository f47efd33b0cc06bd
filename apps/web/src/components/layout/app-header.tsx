import type { Me } from '@cloud-backup/domain';
import { Link } from 'react-router';
import { FolderPicker } from './folder-picker';
import { ThemeToggle } from './theme-toggle';
import { UserMenu } from './user-menu';

export function AppHeader({ me, folderId }: { me: Me; folderId: string | null }) {
  return (
    <header className="sticky top-0 z-20 flex h-14 items-center gap-6 border-b border-gray-800 bg-gray-900 px-4 text-white dark:bg-gray-950">
      <Link to="/" className="flex items-center gap-2 font-semibold tracking-tight text-white">
        <svg viewBox="0 0 24 24" className="size-6 text-blue-400" fill="currentColor" aria-hidden="true">
          <path d="M6.5 19a4.5 4.5 0 0 1-.42-8.98 6 6 0 0 1 11.66-1.5A5 5 0 0 1 17.5 19h-11Z" />
        </svg>
        Cloud Backup
      </Link>
      {(folderId !== null || me.folders.length > 0 || me.user.installationAdmin) && (
        <FolderPicker folders={me.folders} currentId={folderId} mayCreate={me.user.installationAdmin} />
      )}
      <div className="ml-auto flex items-center gap-2">
        <ThemeToggle />
        <UserMenu username={me.user.username} installationAdmin={me.user.installationAdmin} />
      </div>
    </header>
  );
}
