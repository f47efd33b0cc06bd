import type { Backup, CatalogItem } from '@cloud-backup/domain';
import { useState } from 'react';
import { Link } from 'react-router';
import { buttonClasses } from '../../../components/ui/button';
import { cx } from '../../../components/ui/cx';
import { PageHeader } from '../../../components/ui/page-header';
import { formatDateTime } from '../../../lib/format';
import { BackupStatusBadge, BackupTypeBadge } from '../../backups/components/backup-badges';
import { browserHref, useBrowserState } from '../browser-location';
import { baseName, parentPath, restorePaths } from '../catalog-path';
import { CatalogSearchForm } from '../forms/catalog-search-form';
import { CatalogBreadcrumbs } from './catalog-breadcrumbs';
import { CatalogListing } from './catalog-listing';
import { CatalogSearchResults } from './catalog-search-results';
import { useRestoreBasket } from './restore-basket.context';
import { RestoreBasketBar } from './restore-basket-bar';
import { RestoreDialog } from './restore-dialog';
import { VersionHistoryPanel } from './version-history-panel';

export function BackupBrowser({ backup, mayRestore }: { backup: Backup; mayRestore: boolean }) {
  const { state, listFocus, go } = useBrowserState();
  const basket = useRestoreBasket();
  const [versionsOf, setVersionsOf] = useState<CatalogItem | null>(null);
  const [restoring, setRestoring] = useState(false);
  const folderId = backup.folderId;
  const hrefFor = (path: string, highlight?: string) => browserHref(folderId, backup.id, { path, sort: state.sort, order: state.order, highlight });
  const listParams = { path: state.path, sort: state.sort, order: state.order };
  const showBasket = mayRestore && basket.items.length > 0;

  return (
    <div className={cx(showBasket && 'pb-28')}>
      <PageHeader
        title={
          <>
            Files of {backup.instanceName} <span className="font-normal text-gray-500 dark:text-gray-400">· {formatDateTime(backup.startedAt)}</span>
          </>
        }
        meta={
          <>
            <BackupStatusBadge backup={backup} />
            <BackupTypeBadge type={backup.type} />
          </>
        }
        description={mayRestore ? 'Select files and folders to restore them, or download them straight from here.' : 'Browse the backup and download files or folders.'}
        actions={
          <Link to={`/folders/${encodeURIComponent(folderId)}/backups/${encodeURIComponent(backup.id)}`} className={buttonClasses('ghost')}>
            Backup details
          </Link>
        }
      />
      <div className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-4">
          {state.q === null ? (
            <CatalogBreadcrumbs path={state.path} rootLabel={backup.instanceName} hrefFor={(path) => hrefFor(path)} />
          ) : (
            <p className="font-medium text-gray-900 dark:text-gray-100">Search results</p>
          )}
          <CatalogSearchForm current={state.q} onSearch={(q) => go({ ...listParams, q })} onClear={() => go(listParams)} />
        </div>
        {state.q === null ? (
          <CatalogListing
            key={`${state.path}\n${state.highlight ?? ''}`}
            folderId={folderId}
            backupId={backup.id}
            params={listParams}
            highlight={state.highlight}
            listFocus={listFocus}
            selectable={mayRestore}
            folderHref={(path) => hrefFor(path)}
            onOpenFolder={(path) => go({ ...listParams, path }, { name: null })}
            onGoUp={() => go({ ...listParams, path: parentPath(state.path) }, { name: baseName(state.path) })}
            onSort={(sort, order) => go({ ...listParams, sort, order })}
            onVersions={setVersionsOf}
          />
        ) : (
          <CatalogSearchResults folderId={folderId} backupId={backup.id} q={state.q} selectable={mayRestore} folderHref={hrefFor} onVersions={setVersionsOf} />
        )}
      </div>
      <VersionHistoryPanel folderId={folderId} backupId={backup.id} item={versionsOf} onClose={() => setVersionsOf(null)} />
      {mayRestore && (
        <>
          <RestoreBasketBar onRestore={() => setRestoring(true)} />
          <RestoreDialog
            open={restoring}
            backup={backup}
            scope={{ kind: 'items', paths: restorePaths(basket.items) }}
            items={basket.items}
            onClose={() => setRestoring(false)}
            onStarted={basket.clear}
          />
        </>
      )}
    </div>
  );
}
