import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/api-client';
import { formatCount } from '../../../lib/format';
import { targetListingQuery } from '../api/target-files.queries';
import { joinPath, pathCrumbs } from '../catalog-path';
import { CreateTargetFolderForm } from '../forms/create-target-folder-form';
import { EntryIcon } from './entry-icon';

interface TargetFolderPickerProps {
  folderId: string;
  instanceId: string;
  instanceName: string;
  /** The folder chosen so far ('' for none); browsing starts there. */
  value: string;
  onUse: (path: string) => void;
}

const crumbClass = 'rounded px-1 font-medium text-blue-700 hover:underline dark:text-blue-400';

/** Browses the target machine's own files, live through its agent, to pick (or create) the folder to restore into. */
export function TargetFolderPicker({ folderId, instanceId, instanceName, value, onUse }: TargetFolderPickerProps) {
  const [path, setPath] = useState(value || '/');
  const listing = useQuery(targetListingQuery(folderId, instanceId, path));
  const crumbs = pathCrumbs(path);
  const dirs = listing.data?.entries.filter((e) => e.type === 'dir') ?? [];
  const others = (listing.data?.entries.length ?? 0) - dirs.length;
  // A folder made here is made to restore into: open it and choose it.
  const useCreated = (created: string) => {
    setPath(created);
    onUse(created);
  };

  return (
    <div className="space-y-3 rounded-lg border border-gray-200 p-4 dark:border-gray-700">
      <nav aria-label="Target folder">
        <ol className="flex flex-wrap items-center gap-1">
          {crumbs.map((crumb, i) => (
            <li key={crumb.path} className="flex items-center gap-1">
              {i > 0 && (
                <span aria-hidden="true" className="text-gray-400 dark:text-gray-600">
                  /
                </span>
              )}
              {i === crumbs.length - 1 ? (
                <span aria-current="location" className="font-semibold text-gray-900 dark:text-gray-100">
                  {i === 0 ? instanceName : crumb.name}
                </span>
              ) : (
                <button type="button" className={crumbClass} onClick={() => setPath(crumb.path)}>
                  {i === 0 ? instanceName : crumb.name}
                </button>
              )}
            </li>
          ))}
        </ol>
      </nav>

      <div className="h-56 overflow-y-auto rounded-md border border-gray-200 bg-gray-50 dark:border-gray-800 dark:bg-gray-950">
        {listing.isPending && (
          <p role="status" className="flex items-center gap-2 px-3 py-3 text-gray-500 dark:text-gray-400">
            <Spinner size="sm" /> Reading {path} on {instanceName}…
          </p>
        )}
        {listing.isError && (
          <div className="p-3">
            <Alert title={`Could not read ${path} on ${instanceName}`} action={<Button size="sm" onClick={() => void listing.refetch()}>Try again</Button>}>
              {errorMessage(listing.error)}
            </Alert>
          </div>
        )}
        {listing.data && (
          <ul aria-label={`Folders in ${path}`} className="divide-y divide-gray-100 dark:divide-gray-800">
            {dirs.map((entry) => (
              <li key={entry.name}>
                <button
                  type="button"
                  onClick={() => setPath(joinPath(path, entry.name))}
                  className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-gray-900 hover:bg-white focus-visible:bg-white dark:text-gray-100 dark:hover:bg-gray-900 dark:focus-visible:bg-gray-900"
                >
                  <EntryIcon type="dir" />
                  {entry.name}
                </button>
              </li>
            ))}
            {dirs.length === 0 && <li className="px-3 py-3 text-gray-500 dark:text-gray-400">No folders here.</li>}
          </ul>
        )}
      </div>
      {listing.data && (others > 0 || listing.data.truncated) && (
        <p className="text-xs text-gray-500 dark:text-gray-400">
          {others > 0 && `${formatCount(others)} ${others === 1 ? 'file' : 'files'} not shown. `}
          {listing.data.truncated && 'The folder is large: only its first entries are listed.'}
        </p>
      )}

      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-gray-600 dark:text-gray-300">
          {value ? (
            <>
              Restoring into <span className="font-mono text-gray-900 dark:text-gray-100">{value}</span>
            </>
          ) : (
            'No folder chosen yet.'
          )}
        </p>
        <Button variant={value === path ? 'secondary' : 'primary'} onClick={() => onUse(path)} disabled={!listing.isSuccess}>
          Use this folder
        </Button>
      </div>

      {listing.isSuccess && <CreateTargetFolderForm folderId={folderId} instanceId={instanceId} parent={path} onCreated={useCreated} />}
    </div>
  );
}
