import { lazy, Suspense } from 'react';
import { PageSpinner } from '../components/ui/spinner';
import { ActiveFolderGate } from '../features/folders/components/active-folder-gate';
import { useRequiredParam } from '../lib/use-required-param';

// The charting library is large and only this page draws charts: load it when the page is opened.
const MonitoringPage = lazy(() => import('../features/monitoring/components/monitoring-page').then((m) => ({ default: m.MonitoringPage })));

export function MonitoringRoute() {
  const folderId = useRequiredParam('folderId');
  return (
    <ActiveFolderGate folderId={folderId}>
      <Suspense fallback={<PageSpinner label="Loading charts…" />}>
        <MonitoringPage key={folderId} folderId={folderId} />
      </Suspense>
    </ActiveFolderGate>
  );
}
