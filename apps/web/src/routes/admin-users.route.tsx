import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { AppShell } from '../components/layout/app-shell';
import { EmptyState } from '../components/ui/empty-state';
import { PageSpinner } from '../components/ui/spinner';
import { meQuery } from '../features/auth/api/auth.queries';
import { UsersPage } from '../features/users/components/users-page';

export function AdminUsersRoute() {
  const me = useQuery(meQuery());
  useEffect(() => {
    document.title = 'Users · Cloud Backup';
  }, []);
  if (!me.data) return <PageSpinner />;
  return (
    <AppShell me={me.data} folderId={null}>
      {me.data.user.installationAdmin ? (
        <UsersPage currentUserId={me.data.user.id} />
      ) : (
        <EmptyState title="Installation admins only" description="Only installation admins create users and reset passwords." />
      )}
    </AppShell>
  );
}
