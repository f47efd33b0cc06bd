import { INSTANCE_KIND_LABEL, type Instance } from '@cloud-backup/domain';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Badge } from '../../../components/ui/badge';
import { cx } from '../../../components/ui/cx';
import { nextSort, sortAndFilterRows, type Column, type SortState } from '../../../components/ui/data-table';
import { OnlineBadge } from '../../instances/components/instance-badges';

interface InstancePickerTableProps {
  instances: readonly Instance[];
  /** Already linked to the policy: shown checked and disabled. */
  linkedIds: ReadonlySet<string>;
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
}

const COLUMNS: readonly Column<Instance>[] = [
  { id: 'name', header: 'Name', cell: (i) => i.name, sortValue: (i) => i.name, filterValue: (i) => i.name },
  { id: 'kind', header: 'Kind', cell: (i) => INSTANCE_KIND_LABEL[i.kind], sortValue: (i) => INSTANCE_KIND_LABEL[i.kind], filterValue: (i) => INSTANCE_KIND_LABEL[i.kind] },
  { id: 'online', header: 'State', cell: (i) => <OnlineBadge online={i.online} />, sortValue: (i) => (i.online ? 0 : 1), filterValue: (i) => (i.online ? 'online' : 'offline') },
  { id: 'policies', header: 'Policies', cell: (i) => <span className="tabular-nums">{i.policies.length}</span>, sortValue: (i) => i.policies.length },
];

/** A searchable, sortable table of instances with a checkbox per row and one for every row shown. */
export function InstancePickerTable({ instances, linkedIds, selected, onChange }: InstancePickerTableProps) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortState>({ columnId: 'name', direction: 'asc' });
  const visible = useMemo(() => sortAndFilterRows(instances, COLUMNS, sort, search), [instances, sort, search]);
  const selectable = visible.filter((i) => !linkedIds.has(i.id));
  const chosen = selectable.filter((i) => selected.has(i.id)).length;
  const allRef = useRef<HTMLInputElement>(null);
  const countId = useId();

  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = chosen > 0 && chosen < selectable.length;
  }, [chosen, selectable.length]);

  const toggle = (ids: readonly string[], on: boolean) => {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    onChange(next);
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <input
          type="search"
          aria-label="Search instances"
          placeholder="Search instances"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="w-full max-w-xs rounded-md border-0 bg-white px-3 py-1.5 shadow-sm ring-1 ring-gray-300 ring-inset placeholder:text-gray-400 focus:ring-2 focus:ring-blue-600 dark:bg-gray-900 dark:ring-gray-700"
        />
        <p id={countId} role="status" className="text-gray-600 tabular-nums dark:text-gray-300">{`${selected.size} selected`}</p>
      </div>
      <div className="max-h-[50vh] overflow-auto rounded-lg border border-gray-200 dark:border-gray-800">
        <table aria-label="Instances" aria-describedby={countId} className="min-w-full divide-y divide-gray-200 dark:divide-gray-800">
          <thead className="sticky top-0 bg-gray-50 dark:bg-gray-900">
            <tr>
              <th scope="col" className="w-10 px-4 py-2.5">
                <input
                  ref={allRef}
                  type="checkbox"
                  aria-label="Select all shown instances"
                  checked={selectable.length > 0 && chosen === selectable.length}
                  disabled={selectable.length === 0}
                  onChange={(e) => toggle(selectable.map((i) => i.id), e.target.checked)}
                  className="size-4 accent-blue-600"
                />
              </th>
              {COLUMNS.map((column) => {
                const direction = sort.columnId === column.id ? sort.direction : null;
                return (
                  <th
                    key={column.id}
                    scope="col"
                    aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined}
                    className="px-4 py-2.5 text-left text-xs font-semibold tracking-wide text-gray-600 uppercase dark:text-gray-400"
                  >
                    <button type="button" onClick={() => setSort((s) => nextSort(s, column.id))} className="inline-flex items-center gap-1 uppercase hover:text-gray-900 dark:hover:text-gray-100">
                      {column.header}
                      <span aria-hidden="true" className={cx('text-[10px]', !direction && 'opacity-30')}>
                        {direction === 'desc' ? '▼' : '▲'}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100 bg-white dark:divide-gray-800 dark:bg-gray-900">
            {visible.map((instance) => {
              const linked = linkedIds.has(instance.id);
              return (
                <tr key={instance.id} className={cx(linked ? 'text-gray-500 dark:text-gray-400' : 'hover:bg-gray-50 dark:hover:bg-gray-800/50')}>
                  <td className="px-4 py-2">
                    <input
                      type="checkbox"
                      aria-label={linked ? `${instance.name} is already linked` : `Select ${instance.name}`}
                      checked={linked || selected.has(instance.id)}
                      disabled={linked}
                      onChange={(e) => toggle([instance.id], e.target.checked)}
                      className="size-4 accent-blue-600"
                    />
                  </td>
                  {COLUMNS.map((column) => (
                    <td key={column.id} className="px-4 py-2 text-gray-800 dark:text-gray-200">
                      {column.cell(instance)}
                      {column.id === 'name' && linked && (
                        <span className="ml-2">
                          <Badge>Linked</Badge>
                        </span>
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        {visible.length === 0 && (
          <p className="px-4 py-6 text-center text-gray-500 dark:text-gray-400">
            Nothing matches “{search.trim()}”.{' '}
            <button type="button" className="text-blue-700 hover:underline dark:text-blue-400" onClick={() => setSearch('')}>
              Clear search
            </button>
          </p>
        )}
      </div>
    </div>
  );
}
