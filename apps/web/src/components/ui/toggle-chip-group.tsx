import { useId, type ReactNode } from 'react';
import { cx } from './cx';

export interface ChipOption<T extends string | number> {
  value: T;
  /** The accessible name, e.g. "Monday". */
  label: string;
  /** What the chip shows when it should be shorter than the label, e.g. "Mon". */
  short?: string;
}

interface ToggleChipGroupProps<T extends string | number> {
  legend: string;
  options: readonly ChipOption<T>[];
  selected: readonly T[];
  /** The new selection, always in the options' order. */
  onChange: (selected: T[]) => void;
  disabled?: boolean;
  hint?: ReactNode;
  error?: string | undefined;
}

/** A multi-select of short choices (weekdays, days of the month) as checkboxes styled as chips. */
export function ToggleChipGroup<T extends string | number>({ legend, options, selected, onChange, disabled = false, hint, error }: ToggleChipGroupProps<T>) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const toggle = (value: T, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(value);
    else next.delete(value);
    onChange(options.map((o) => o.value).filter((v) => next.has(v)));
  };
  return (
    <fieldset aria-describedby={describedBy} disabled={disabled}>
      <legend className="mb-1.5 font-medium text-gray-800 dark:text-gray-200">{legend}</legend>
      <div className="flex flex-wrap gap-1.5">
        {options.map((option) => (
          <label key={String(option.value)} className="relative">
            <input
              type="checkbox"
              aria-label={option.label}
              checked={selected.includes(option.value)}
              disabled={disabled}
              onChange={(e) => toggle(option.value, e.target.checked)}
              className="peer absolute inset-0 size-full cursor-pointer opacity-0 disabled:cursor-not-allowed"
            />
            <span
              aria-hidden="true"
              className={cx(
                'inline-flex h-7 min-w-9 items-center justify-center rounded-md px-2 text-xs font-medium ring-1 ring-inset select-none',
                'bg-white text-gray-700 ring-gray-300 dark:bg-gray-900 dark:text-gray-300 dark:ring-gray-700',
                'peer-checked:bg-blue-600 peer-checked:text-white peer-checked:ring-blue-600 dark:peer-checked:bg-blue-500 dark:peer-checked:text-gray-950 dark:peer-checked:ring-blue-500',
                'peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-500 peer-disabled:opacity-50',
              )}
            >
              {option.short ?? option.label}
            </span>
          </label>
        ))}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-gray-500 dark:text-gray-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}
