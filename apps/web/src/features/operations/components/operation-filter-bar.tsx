import { OperationStatus, OperationType } from '@cloud-backup/domain';
import { Button } from '../../../components/ui/button';
import { SelectField, TextField } from '../../../components/ui/form-controls';
import { hasOperationFilters, type OperationFilters } from '../operation-filters';
import { OPERATION_STATUS, OPERATION_TYPE_LABEL } from '../operation-format';

type FilterChange = Partial<Omit<OperationFilters, 'page'>>;

interface OperationFilterBarProps {
  filters: OperationFilters;
  onChange: (change: FilterChange) => void;
  onClear: () => void;
}

export function OperationFilterBar({ filters, onChange, onClear }: OperationFilterBarProps) {
  return (
    <form role="search" aria-label="Filter operations" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
      <SelectField label="Type" value={filters.type ?? ''} onChange={(e) => onChange({ type: OperationType.safeParse(e.target.value).data ?? null })} className="w-44">
        <option value="">All types</option>
        {OperationType.options.map((t) => (
          <option key={t} value={t}>
            {OPERATION_TYPE_LABEL[t]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Status"
        value={filters.status ?? ''}
        onChange={(e) => onChange({ status: OperationStatus.safeParse(e.target.value).data ?? null })}
        className="w-44"
      >
        <option value="">All statuses</option>
        {OperationStatus.options.map((s) => (
          <option key={s} value={s}>
            {OPERATION_STATUS[s].label}
          </option>
        ))}
      </SelectField>
      <TextField label="From" type="date" value={filters.from ?? ''} max={filters.to ?? undefined} onChange={(e) => onChange({ from: e.target.value || null })} className="w-40" />
      <TextField label="To" type="date" value={filters.to ?? ''} min={filters.from ?? undefined} onChange={(e) => onChange({ to: e.target.value || null })} className="w-40" />
      {filters.targetId && (
        <p className="pb-2 text-gray-600 dark:text-gray-400">
          One target only{' '}
          <Button size="sm" variant="ghost" onClick={() => onChange({ targetId: null })}>
            Show all targets
          </Button>
        </p>
      )}
      {hasOperationFilters(filters) && (
        <Button variant="ghost" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </form>
  );
}
