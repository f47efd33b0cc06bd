import { ErrorCode } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { Pagination } from '../../../components/ui/pagination';
import { isApiError } from '../../../lib/api-client';
import { ActivationRequiredPanel } from '../../folders/components/activation-required-panel';
import { backupListQuery } from '../api/backups.queries';
import { BACKUP_PAGE_SIZE, DEFAULT_BACKUP_FILTERS, filtersFromSearch, filtersToSearch, hasFilters, listParamsFromFilters, type BackupFilters, type BackupSortKey } from '../backup-filters';
import { BackupFilterBar } from './backup-filter-bar';
import { BackupTable } from './backup-table';
import { StorageUsed } from './storage-used';

export function BackupListPage({ folderId }: { folderId: string }) {
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const backups = useQuery(backupListQuery(folderId, listParamsFromFilters(filters)));
  const setFilters = (next: BackupFilters) => setSearch(filtersToSearch(next));
  // Any new filter or order starts again from the first page.
  const update = (change: Partial<BackupFilters>) => setFilters({ ...filters, page: 1, ...change });

  if (isApiError(backups.error, ErrorCode.folderNotActive)) return <ActivationRequiredPanel folderId={folderId} />;

  const filtered = hasFilters(filters);
  const data = backups.data;
  const offset = (filters.page - 1) * BACKUP_PAGE_SIZE;
  const pastTheEnd = data !== undefined && data.items.length === 0 && data.total > 0;

  return (
    <>
      <PageHeader
        title="Backups"
        description="Restore points of every instance in this folder. Each backup is complete on its own: deleting one never breaks another."
        meta={<StorageUsed folderId={folderId} />}
      />
      <div className="space-y-4">
        <BackupFilterBar folderId={folderId} filters={filters} onChange={update} onClear={() => setFilters({ ...DEFAULT_BACKUP_FILTERS, sort: filters.sort, order: filters.order })} />
        {pastTheEnd ? (
          <EmptyState
            title="Nothing on this page"
            description="The list got shorter since this page was opened."
            action={<Button onClick={() => update({})}>Go to the first page</Button>}
          />
        ) : (
          <BackupTable
            folderId={folderId}
            rows={data?.items}
            isLoading={backups.isPending}
            error={backups.error?.message ?? null}
            sort={{
              state: { columnId: filters.sort, direction: filters.order },
              onChange: (next) => update({ sort: next.columnId as BackupSortKey, order: next.direction }),
            }}
            footer={
              data && (
                <Pagination
                  noun="backups"
                  offset={offset}
                  count={data.items.length}
                  total={data.total}
                  onPrevious={() => setFilters({ ...filters, page: Math.max(1, filters.page - 1) })}
                  onNext={() => setFilters({ ...filters, page: filters.page + 1 })}
                />
              )
            }
            empty={
              filtered ? (
                <EmptyState title="No backups match these filters" description="Change the filters above, or clear them to see every backup." />
              ) : (
                <EmptyState
                  title="No backups yet"
                  description="Link a policy to an instance and it is backed up on the policy’s schedule. To start one right away, use Back up now on the instance’s or the policy’s page."
                />
              )
            }
          />
        )}
      </div>
    </>
  );
}
