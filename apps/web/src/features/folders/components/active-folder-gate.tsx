import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { PageSpinner } from '../../../components/ui/spinner';
import { folderQuery } from '../api/folders.queries';
import { ActivationRequiredPanel } from './activation-required-panel';
import { FolderQueryError } from './folder-query-error';

/** Renders children only once the folder is activated, so pages never fire requests that must fail. */
export function ActiveFolderGate({ folderId, children }: { folderId: string; children: ReactNode }) {
  const folder = useQuery(folderQuery(folderId));
  if (folder.isPending) return <PageSpinner />;
  if (folder.isError) return <FolderQueryError folderId={folderId} error={folder.error} onRetry={() => void folder.refetch()} />;
  if (!folder.data.activated) return <ActivationRequiredPanel folderId={folderId} />;
  return <>{children}</>;
}
