import type { Me } from '@cloud-backup/domain';
import type { ReactNode } from 'react';
import { AppHeader } from './app-header';
import { FolderNav } from './folder-nav';

export function AppShell({ me, folderId, children }: { me: Me; folderId: string | null; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader me={me} folderId={folderId} />
      <div className="flex flex-1">
        {folderId && <FolderNav folderId={folderId} />}
        <main className="min-w-0 flex-1 px-8 py-6">
          <div className="mx-auto max-w-7xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
