import { BackupStatus, BackupType } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Button } from '../../../components/ui/button';
import { SelectField, TextField } from '../../../components/ui/form-controls';
import { instanceListQuery } from '../../instances/api/instances.queries';
import { policyListQuery } from '../../policies/api/policies.queries';
import { storageQuery } from '../api/backups.queries';
import { hasFilters, type BackupFilters } from '../backup-filters';
import { BACKUP_STATUS, BACKUP_TYPE_LABEL } from '../backup-format';

type FilterChange = Partial<Pick<BackupFilters, 'instanceId' | 'policyId' | 'type' | 'status' | 'from' | 'to'>>;

interface BackupFilterBarProps {
  folderId: string;
  filters: BackupFilters;
  onChange: (change: FilterChange) => void;
  onClear: () => void;
}

/**
 * Live instances come from the instance list; removed ones (whose backups stay) only from the storage
 * usage, which names every instance that still has data.
 */
function useInstanceOptions(folderId: string, selectedId: string | null) {
  const live = useQuery(instanceListQuery(folderId, null));
  const storage = useQuery(storageQuery(folderId));
  const options = new Map<string, string>();
  for (const i of live.data ?? []) options.set(i.id, i.name);
  for (const i of storage.data?.instances ?? []) if (!options.has(i.instanceId)) options.set(i.instanceId, i.instanceName);
  if (selectedId && !options.has(selectedId)) options.set(selectedId, selectedId);
  return [...options].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

export function BackupFilterBar({ folderId, filters, onChange, onClear }: BackupFilterBarProps) {
  const instances = useInstanceOptions(folderId, filters.instanceId);
  const policies = useQuery(policyListQuery(folderId));
  const policyOptions = (policies.data ?? []).map((p) => ({ id: p.id, name: p.name }));
  // A deleted policy's backups stay; keep a linked filter visible even though the policy is gone.
  if (filters.policyId && !policyOptions.some((p) => p.id === filters.policyId)) policyOptions.push({ id: filters.policyId, name: filters.policyId });

  return (
    <form role="search" aria-label="Filter backups" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <SelectField label="Instance" value={filters.instanceId ?? ''} onChange={(e) => onChange({ instanceId: e.target.value || null })} className="w-48">
        <option value="">All instances</option>
        {instances.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Policy" value={filters.policyId ?? ''} onChange={(e) => onChange({ policyId: e.target.value || null })} className="w-48">
        <option value="">All policies</option>
        {policyOptions.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Type"
        value={filters.type ?? ''}
        onChange={(e) => onChange({ type: BackupType.safeParse(e.target.value).data ?? null })}
        className="w-36"
      >
        <option value="">All types</option>
        {BackupType.options.map((t) => (
          <option key={t} value={t}>
            {BACKUP_TYPE_LABEL[t]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Status"
        value={filters.status ?? ''}
        onChange={(e) => onChange({ status: BackupStatus.safeParse(e.target.value).data ?? null })}
        className="w-52"
      >
        <option value="">All statuses</option>
        {BackupStatus.options.map((s) => (
          <option key={s} value={s}>
            {BACKUP_STATUS[s].label}
          </option>
        ))}
      </SelectField>
      <TextField label="From" type="date" value={filters.from ?? ''} max={filters.to ?? undefined} onChange={(e) => onChange({ from: e.target.value || null })} className="w-40" />
      <TextField label="To" type="date" value={filters.to ?? ''} min={filters.from ?? undefined} onChange={(e) => onChange({ to: e.target.value || null })} className="w-40" />
      {hasFilters(filters) && (
        <Button variant="ghost" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </form>
  );
}
