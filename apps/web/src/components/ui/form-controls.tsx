import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { cx } from './cx';

export const inputClasses =
  'block w-full rounded-md border-0 bg-white px-3 py-2 text-gray-900 shadow-sm ring-1 ring-inset ring-gray-300 placeholder:text-gray-400 focus:ring-2 focus:ring-inset focus:ring-blue-600 aria-[invalid=true]:ring-red-500 dark:bg-gray-900 dark:text-gray-100 dark:ring-gray-700 dark:focus:ring-blue-400';

interface TextFieldProps extends ComponentPropsWithRef<'input'> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** Label, input, hint and error wired together with ids so the label is the accessible name. */
export function TextField({ label, hint, error, className, id, ...rest }: TextFieldProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={inputId} className="mb-1 block font-medium text-gray-800 dark:text-gray-200">
        {label}
      </label>
      <input id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={inputClasses} {...rest} />
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
    </div>
  );
}

interface CheckboxProps extends Omit<ComponentPropsWithRef<'input'>, 'type'> {
  label: ReactNode;
  description?: ReactNode;
}

export function Checkbox({ label, description, className, id, ...rest }: CheckboxProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  return (
    <div className={cx('flex items-start gap-3', className)}>
      <input
        id={inputId}
        type="checkbox"
        aria-describedby={description ? `${inputId}-description` : undefined}
        className="mt-0.5 size-4 rounded border-gray-300 accent-blue-600 dark:border-gray-600"
        {...rest}
      />
      <div>
        <label htmlFor={inputId} className="font-medium text-gray-900 dark:text-gray-100">
          {label}
        </label>
        {description && (
          <div id={`${inputId}-description`} className="text-gray-500 dark:text-gray-400">
            {description}
          </div>
        )}
      </div>
    </div>
  );
}

export const selectClasses =
  'block rounded-md border-0 bg-white py-2 pr-8 pl-3 text-gray-900 shadow-sm ring-1 ring-inset ring-gray-300 focus:ring-2 focus:ring-blue-600 dark:bg-gray-900 dark:text-gray-100 dark:ring-gray-700';

interface SelectFieldProps extends ComponentPropsWithRef<'select'> {
  label: string;
}

/** A labelled select for filter bars and short forms; options are the children. */
export function SelectField({ label, className, id, children, ...rest }: SelectFieldProps) {
  const autoId = useId();
  const selectId = id ?? autoId;
  return (
    <div className={className}>
      <label htmlFor={selectId} className="mb-1 block font-medium text-gray-800 dark:text-gray-200">
        {label}
      </label>
      <select id={selectId} className={cx(selectClasses, 'w-full')} {...rest}>
        {children}
      </select>
    </div>
  );
}
