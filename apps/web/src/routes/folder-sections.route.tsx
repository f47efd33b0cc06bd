import { EmptyState } from '../components/ui/empty-state';
import { PageHeader } from '../components/ui/page-header';
import { AccessPage } from '../features/access/components/access-page';
import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { useRequiredParam } from '../lib/use-required-param';

/** Sections whose API does not exist yet: say so plainly rather than show invented numbers. */
function PendingSection({ title, description, emptyTitle, emptyText }: { title: string; description: string; emptyTitle: string; emptyText: string }) {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <PageHeader title={title} description={description} />
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

/** Access works before the folder is activated (decision 010), so it is not behind the activation gate. */
export function AccessRoute() {
  const folderId = useRequiredParam('folderId');
  return <AccessPage key={folderId} folderId={folderId} />;
}
