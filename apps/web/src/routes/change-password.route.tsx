import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { AppShell } from '../components/layout/app-shell';
import { Alert } from '../components/ui/alert';
import { PageSpinner } from '../components/ui/spinner';
import { meQuery } from '../features/auth/api/auth.queries';
import { ChangePasswordForm } from '../features/auth/forms/change-password-form';

export function ChangePasswordRoute() {
  const me = useQuery(meQuery());
  const navigate = useNavigate();
  if (!me.data) return <PageSpinner />;
  const required = me.data.user.mustChangePassword === true;
  return (
    <AppShell me={me.data} folderId={null}>
      <div className="mx-auto max-w-sm pt-8">
        <h1 className="text-xl font-semibold text-gray-900 dark:text-gray-50">Change password</h1>
        <div className="mt-4 mb-6">
          {required ? (
            <Alert tone="info" title="Choose a new password">
              Your password was set by an administrator. Choose your own before you continue.
            </Alert>
          ) : (
            <p className="text-gray-500 dark:text-gray-400">Your other sessions will be signed out.</p>
          )}
        </div>
        <ChangePasswordForm onChanged={() => navigate('/', { replace: true })} />
      </div>
    </AppShell>
  );
}
