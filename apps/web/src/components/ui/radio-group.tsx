import { useId, type ReactNode } from 'react';
import { cx } from './cx';

export interface RadioOption<T extends string> {
  value: T;
  label: string;
  description?: ReactNode;
}

interface RadioGroupProps<T extends string> {
  /** The group's accessible name, shown as its legend. */
  legend: string;
  options: readonly RadioOption<T>[];
  value: T;
  onChange: (value: T) => void;
  disabled?: boolean;
  hint?: ReactNode;
  error?: string | undefined;
  /** `row` lays short options side by side. */
  layout?: 'row' | 'column';
}

/** Native radios in a fieldset, so arrow keys move between options and the legend names the group. */
export function RadioGroup<T extends string>({ legend, options, value, onChange, disabled = false, hint, error, layout = 'column' }: RadioGroupProps<T>) {
  const name = useId();
  const hintId = `${name}-hint`;
  const errorId = `${name}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset aria-describedby={describedBy} disabled={disabled}>
      <legend className="mb-1.5 font-medium text-gray-800 dark:text-gray-200">{legend}</legend>
      <div className={cx('flex gap-x-6 gap-y-2', layout === 'row' ? 'flex-wrap' : 'flex-col')}>
        {options.map((option) => {
          const id = `${name}-${option.value}`;
          return (
            <div key={option.value} className="flex items-start gap-2.5">
              <input
                id={id}
                type="radio"
                name={name}
                value={option.value}
                checked={value === option.value}
                disabled={disabled}
                onChange={() => onChange(option.value)}
                aria-describedby={option.description ? `${id}-description` : undefined}
                className="mt-0.5 size-4 accent-blue-600 disabled:cursor-not-allowed"
              />
              <div>
                <label htmlFor={id} className={cx('font-medium text-gray-900 dark:text-gray-100', disabled && 'text-gray-500 dark:text-gray-400')}>
                  {option.label}
                </label>
                {option.description && (
                  <div id={`${id}-description`} className="text-gray-500 dark:text-gray-400">
                    {option.description}
                  </div>
                )}
              </div>
            </div>
          );
        })}
      </div>
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-gray-500 dark:text-gray-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="mt-1 text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </fieldset>
  );
}
