import { useQuery } from '@tanstack/react-query';
import { PageSpinner } from '../components/ui/spinner';
import { folderQuery } from '../features/folders/api/folders.queries';
import { ActivationWizard } from '../features/folders/components/activation-wizard';
import { FolderQueryError } from '../features/folders/components/folder-query-error';
import { OverviewSummary } from '../features/folders/components/overview-summary';
import { FolderHealthSection } from '../features/monitoring/components/folder-health-section';
import { useRequiredParam } from '../lib/use-required-param';

export function OverviewRoute() {
  const folderId = useRequiredParam('folderId');
  const folder = useQuery(folderQuery(folderId));
  if (folder.isPending) return <PageSpinner />;
  if (folder.isError) return <FolderQueryError folderId={folderId} error={folder.error} title="Could not load the folder" onRetry={() => void folder.refetch()} />;
  if (!folder.data.activated) return <ActivationWizard folderId={folderId} folderName={folder.data.name} />;
  return (
    <>
      <OverviewSummary folderId={folderId} />
      <div className="mt-8">
        <FolderHealthSection folderId={folderId} />
      </div>
    </>
  );
}
