import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Outlet } from 'react-router';
import { AppShell } from '../components/layout/app-shell';
import { PageSpinner } from '../components/ui/spinner';
import { meQuery } from '../features/auth/api/auth.queries';
import { folderQuery } from '../features/folders/api/folders.queries';
import { useFolderEvents } from '../lib/live-events';
import { useRequiredParam } from '../lib/use-required-param';

export function FolderLayoutRoute() {
  const folderId = useRequiredParam('folderId');
  const me = useQuery(meQuery());
  const folder = useQuery(folderQuery(folderId));
  // The event stream answers 409 until activation, so it opens once the folder is active.
  useFolderEvents(folder.data?.activated ? folderId : undefined);

  const folderName = folder.data?.name ?? me.data?.folders.find((f) => f.id === folderId)?.name;
  useEffect(() => {
    document.title = folderName ? `${folderName} · Cloud Backup` : 'Cloud Backup';
  }, [folderName]);

  if (!me.data) return <PageSpinner />;
  return (
    <AppShell me={me.data} folderId={folderId}>
      <Outlet />
    </AppShell>
  );
}
