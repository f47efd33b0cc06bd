import { useId } from 'react';
import { Alert } from './alert';
import { Button } from './button';
import { selectClasses } from './form-controls';

interface LinkPickerProps {
  /** The select's label, e.g. "Policy to link". */
  label: string;
  buttonLabel: string;
  options: readonly { value: string; label: string }[];
  value: string;
  onChange: (value: string) => void;
  onLink: () => void;
  pending: boolean;
  loading: boolean;
  loadingText: string;
  /** Shown as the only option when there is nothing left to link. */
  emptyText: string;
  error: { title: string; message: string } | null;
}

/** A select of things to link plus its button: the shared "link a policy / link an instance" control. */
export function LinkPicker(p: LinkPickerProps) {
  const selectId = useId();
  if (p.error) {
    return (
      <div className="mt-4">
        <Alert title={p.error.title}>{p.error.message}</Alert>
      </div>
    );
  }
  return (
    <div className="mt-4 flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor={selectId} className="mb-1 block font-medium text-gray-800 dark:text-gray-200">
          {p.label}
        </label>
        <select id={selectId} className={selectClasses} value={p.value} onChange={(e) => p.onChange(e.target.value)} disabled={p.loading || p.options.length === 0}>
          {p.loading && <option value="">{p.loadingText}</option>}
          {!p.loading && p.options.length === 0 && <option value="">{p.emptyText}</option>}
          {p.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <Button onClick={p.onLink} pending={p.pending} disabled={!p.value}>
        {p.buttonLabel}
      </Button>
    </div>
  );
}
