import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { PageSpinner } from '../../../components/ui/spinner';
import { isApiError } from '../../../lib/api-client';
import { meQuery } from '../api/auth.queries';

export const CHANGE_PASSWORD_PATH = '/change-password';

/**
 * Everything below needs a session; a 401 is turned into a redirect to /sign-in by the API client.
 * A pending password change sends every page to CHANGE_PASSWORD_PATH.
 */
export function RequireAuth() {
  const me = useQuery(meQuery());
  const location = useLocation();
  if (me.isPending) return <PageSpinner />;
  if (me.isError) {
    if (isApiError(me.error) && me.error.status === 401) return <PageSpinner label="Redirecting to sign in…" />;
    return (
      <div className="mx-auto max-w-lg p-8">
        <Alert
          title="Could not reach Cloud Backup"
          action={
            <Button size="sm" onClick={() => void me.refetch()}>
              Try again
            </Button>
          }
        >
          {me.error.message}
        </Alert>
      </div>
    );
  }
  // The server refuses everything else until the password is changed (decision 010): say why, once.
  if (me.data.user.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  return <Outlet />;
}
