import type { RestoreOutcomeItem, RestoreSummary } from '@cloud-backup/domain';
import { Alert } from '../../../components/ui/alert';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { DescriptionList } from '../../../components/ui/description-list';
import { formatBytes, formatCount } from '../../../lib/format';

const COLUMNS: Column<RestoreOutcomeItem>[] = [
  { id: 'path', header: 'Path', cell: (i) => <span className="font-mono text-xs break-all">{i.path}</span>, sortValue: (i) => i.path, filterValue: (i) => i.path },
  { id: 'reason', header: 'Reason', cell: (i) => i.reason, sortValue: (i) => i.reason, filterValue: (i) => i.reason },
];

/** What a finished restore did: counts, then the skipped and failed files with their reasons. */
export function RestoreSummaryView({ summary }: { summary: RestoreSummary }) {
  const count = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;
  const restored = `${count(summary.restoredFiles, 'file', 'files')}, ${count(summary.restoredDirs, 'folder', 'folders')} (${formatBytes(summary.restoredBytes)})`;
  return (
    <div className="space-y-5">
      {summary.failedCount > 0 ? (
        <Alert title={`${formatCount(summary.failedCount)} ${summary.failedCount === 1 ? 'file was' : 'files were'} not restored`}>
          Their data was damaged or could not be written; see the reasons below. Nothing wrong was written.
        </Alert>
      ) : (
        <Alert tone="success" title="Every selected file was restored or deliberately skipped" />
      )}
      <DescriptionList
        items={[
          { label: 'Restored', value: restored },
          { label: 'Skipped', value: formatCount(summary.skippedCount) },
          { label: 'Failed', value: formatCount(summary.failedCount) },
        ]}
      />
      <OutcomeTable title="Skipped" label="Skipped files" items={summary.skipped} count={summary.skippedCount} />
      <OutcomeTable title="Failed" label="Failed files" items={summary.failed} count={summary.failedCount} />
    </div>
  );
}

function OutcomeTable({ title, label, items, count }: { title: string; label: string; items: readonly RestoreOutcomeItem[]; count: number }) {
  if (count === 0) return null;
  return (
    <div className="space-y-2">
      <h3 className="font-semibold text-gray-900 dark:text-gray-100">{title}</h3>
      <DataTable
        label={label}
        columns={COLUMNS}
        rows={items}
        rowKey={(i) => i.path}
        filterable={items.length > 10}
        empty={<p className="text-gray-500 dark:text-gray-400">{`${formatCount(count)} in all; the list was not kept.`}</p>}
      />
      {items.length < count && <p className="text-xs text-gray-500 dark:text-gray-400">{`Showing ${formatCount(items.length)} of ${formatCount(count)}.`}</p>}
    </div>
  );
}
