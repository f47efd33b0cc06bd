import type { ReactNode } from 'react';
import { EmptyState } from '../components/ui/empty-state';
import { PageHeader } from '../components/ui/page-header';
import { useFolderRole } from '../features/auth/api/auth.queries';
import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { useRequiredParam } from '../lib/use-required-param';

/** Sections whose API does not exist yet: say so plainly rather than show invented numbers. */
function PendingSection({ title, description, emptyTitle, emptyText, extra }: { title: string; description: string; emptyTitle: string; emptyText: string; extra?: ReactNode }) {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <PageHeader title={title} description={description} />
      {extra}
      <EmptyState title={emptyTitle} description={emptyText} />
    </ActiveFolderGate>
  );
}

export function MonitoringRoute() {
  return (
    <PendingSection
      title="Monitoring"
      description="Protected instances, storage used, agent health and backup errors over time."
      emptyTitle="No monitoring data yet"
      emptyText="Charts will appear here once instances are backed up and report their state over time."
    />
  );
}

export function QuotasRoute() {
  return (
    <PendingSection
      title="Quotas"
      description="Use of this folder against its limits: linked virtual machines, linked bare-metal servers and backup storage."
      emptyTitle="Quota usage is not available yet"
      emptyText="Usage against each limit will appear here once the server reports it."
    />
  );
}

export function AccessRoute() {
  const folderId = useRequiredParam('folderId');
  const role = useFolderRole(folderId);
  return (
    <PendingSection
      title="Access"
      description="Who may see and change what in this folder."
      emptyTitle="Members are not listed yet"
      emptyText="Folder members and their roles will appear here."
      extra={
        role && (
          <p className="mb-4 text-gray-700 dark:text-gray-300">
            Your role in this folder: <span className="font-mono font-medium">{role}</span>
          </p>
        )
      }
    />
  );
}
