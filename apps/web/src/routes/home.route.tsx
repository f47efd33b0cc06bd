import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router';
import { AppShell } from '../components/layout/app-shell';
import { EmptyState } from '../components/ui/empty-state';
import { PageSpinner } from '../components/ui/spinner';
import { meQuery } from '../features/auth/api/auth.queries';

export function HomeRoute() {
  const me = useQuery(meQuery());
  if (!me.data) return <PageSpinner />;
  const first = me.data.folders[0];
  if (first) return <Navigate to={`/folders/${encodeURIComponent(first.id)}/overview`} replace />;
  return (
    <AppShell me={me.data} folderId={null}>
      <EmptyState
        title="No folders"
        description={
          me.data.user.installationAdmin
            ? 'You have no role in any folder yet. Create one with “Create folder…” in the folder menu at the top.'
            : 'You have no role in any folder yet. Ask an administrator to give you access to a folder.'
        }
      />
    </AppShell>
  );
}
