import { createBrowserRouter, Navigate } from 'react-router';
import { RequireAuth } from '../features/auth/components/require-auth';
import { ConnectRoute } from '../routes/connect.route';
import { BackupFilesRoute, BackupRoute, BackupsRoute } from '../routes/backups.route';
import { AccessRoute } from '../routes/folder-sections.route';
import { MonitoringRoute } from '../routes/monitoring.route';
import { NotificationsRoute } from '../routes/notifications.route';
import { QuotasRoute } from '../routes/quotas.route';
import { FolderLayoutRoute } from '../routes/folder-layout.route';
import { HomeRoute } from '../routes/home.route';
import { InstanceRoute, InstancesRoute } from '../routes/instances.route';
import { NotFoundRoute } from '../routes/not-found.route';
import { OperationRoute, OperationsRoute } from '../routes/operations.route';
import { OverviewRoute } from '../routes/overview.route';
import { PoliciesRoute, PolicyRoute } from '../routes/policies.route';
import { PolicyCreateRoute, PolicyEditRoute } from '../features/policies/policy-editor.route';
import { RouteErrorRoute } from '../routes/route-error.route';
import { SignInRoute } from '../routes/sign-in.route';
import { ChangePasswordRoute } from '../routes/change-password.route';
import { AuditRoute } from '../routes/audit.route';
import { AdminUsersRoute } from '../routes/admin-users.route';

export function createRouter() {
  return createBrowserRouter([
    {
      errorElement: <RouteErrorRoute />,
      children: [
        { path: '/sign-in', element: <SignInRoute /> },
        {
          element: <RequireAuth />,
          children: [
            { index: true, element: <HomeRoute /> },
            { path: 'change-password', element: <ChangePasswordRoute /> },
            { path: 'admin/users', element: <AdminUsersRoute /> },
            {
              path: 'folders/:folderId',
              element: <FolderLayoutRoute />,
              children: [
                { index: true, element: <Navigate to="overview" replace /> },
                { path: 'overview', element: <OverviewRoute /> },
                { path: 'vms', element: <InstancesRoute kind="vm" /> },
                { path: 'bms', element: <InstancesRoute kind="bms" /> },
                { path: 'connect', element: <ConnectRoute /> },
                { path: 'instances/:instanceId', element: <InstanceRoute /> },
                { path: 'policies', element: <PoliciesRoute /> },
                { path: 'policies/new', element: <PolicyCreateRoute /> },
                { path: 'policies/:policyId', element: <PolicyRoute /> },
                { path: 'policies/:policyId/edit', element: <PolicyEditRoute /> },
                { path: 'backups', element: <BackupsRoute /> },
                { path: 'backups/:backupId', element: <BackupRoute /> },
                { path: 'backups/:backupId/files', element: <BackupFilesRoute /> },
                { path: 'operations', element: <OperationsRoute /> },
                { path: 'operations/:operationId', element: <OperationRoute /> },
                { path: 'monitoring', element: <MonitoringRoute /> },
                { path: 'quotas', element: <QuotasRoute /> },
                { path: 'notifications', element: <NotificationsRoute /> },
                { path: 'access', element: <AccessRoute /> },
                { path: 'audit', element: <AuditRoute /> },
                { path: '*', element: <NotFoundRoute /> },
              ],
            },
          ],
        },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ]);
}
