import { useId, type ComponentPropsWithRef, type ReactNode } from 'react';
import { get, useController, useFormState, type FieldError } from 'react-hook-form';
import { cx } from '../../../components/ui/cx';
import { Checkbox, inputClasses, selectClasses, TextField } from '../../../components/ui/form-controls';
import { usePolicyFormContext, type PolicyFieldName } from './policy-form.schema';

/*
 * Form fields bound to the policy form by name. Values stay exactly what the API takes; the only empty
 * sentinels are NaN for a required number (the schema refuses it with "Enter a whole number") and null
 * where the schema itself allows null.
 */

/** The message at `name` (or below it, e.g. one entry of a list), from the server or the schema. */
export function useFieldError(name: string): string | undefined {
  const { control } = usePolicyFormContext();
  const { errors } = useFormState({ control, name: name as PolicyFieldName });
  return (get(errors, name) as FieldError | undefined)?.message;
}

export function FieldError({ id, message }: { id?: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-xs text-red-600 dark:text-red-400">
      {message}
    </p>
  );
}

type InputProps = Omit<ComponentPropsWithRef<'input'>, 'name' | 'value' | 'onChange' | 'onBlur' | 'type'>;

interface BoundTextFieldProps extends InputProps {
  name: PolicyFieldName;
  label: string;
  hint?: ReactNode;
  /** An empty input means null (e.g. no working directory). */
  nullable?: boolean;
}

export function BoundTextField({ name, label, hint, nullable = false, ...rest }: BoundTextFieldProps) {
  const { control } = usePolicyFormContext();
  const { field, fieldState } = useController({ control, name });
  const value = field.value as string | null;
  return (
    <TextField
      {...rest}
      label={label}
      hint={hint}
      error={fieldState.error?.message}
      name={field.name}
      ref={field.ref}
      value={value ?? ''}
      onBlur={field.onBlur}
      onChange={(e) => field.onChange(nullable && e.target.value === '' ? null : e.target.value)}
    />
  );
}


function numberText(value: unknown): string {
  return typeof value === 'number' && !Number.isNaN(value) ? String(value) : '';
}

interface BoundNumberFieldProps extends InputProps {
  name: PolicyFieldName;
  /** Visible label; with `inline` it becomes the accessible name only (the row around it says the rest). */
  label: string;
  hint?: ReactNode;
  nullable?: boolean;
  inline?: boolean;
}

export function BoundNumberField({ name, label, hint, nullable = false, inline = false, className, ...rest }: BoundNumberFieldProps) {
  const { control } = usePolicyFormContext();
  const { field, fieldState } = useController({ control, name });
  const onChange = (raw: string) => field.onChange(toNumber(raw, nullable));
  if (inline) {
    return (
      <InlineNumberInput {...rest} className={className} label={label} value={field.value} onChange={onChange} onBlur={field.onBlur} inputRef={field.ref} error={fieldState.error?.message} />
    );
  }
  return (
    <TextField
      {...rest}
      type="number"
      inputMode="numeric"
      step={1}
      className={className}
      label={label}
      hint={hint}
      error={fieldState.error?.message}
      name={field.name}
      ref={field.ref}
      value={numberText(field.value)}
      onBlur={field.onBlur}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

interface InlineNumberInputProps extends Omit<InputProps, 'ref'> {
  /** The accessible name; the words around the input say the rest visibly. */
  label: string;
  value: unknown;
  onChange: (raw: string) => void;
  onBlur?: () => void;
  inputRef?: ComponentPropsWithRef<'input'>['ref'];
  error?: string | undefined;
}

/** A small number input inside a sentence ("Keep last [15] backups"). */
export function InlineNumberInput({ label, value, onChange, onBlur, inputRef, error, className, ...rest }: InlineNumberInputProps) {
  const errorId = useId();
  return (
    <span className={cx('inline-flex flex-col', className)}>
      <input
        {...rest}
        ref={inputRef}
        type="number"
        inputMode="numeric"
        step={1}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        value={numberText(value)}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        className={cx(inputClasses, 'w-24 py-1.5 disabled:cursor-not-allowed disabled:opacity-50')}
      />
      <FieldError id={errorId} message={error} />
    </span>
  );
}

/** Turns what was typed into the form's value: a number, or the field's empty sentinel. */
export function toNumber(raw: string, nullable: boolean): number | null {
  if (raw.trim() === '') return nullable ? null : Number.NaN;
  return Number(raw);
}

interface BoundCheckboxProps {
  name: PolicyFieldName;
  label: ReactNode;
  description?: ReactNode;
  disabled?: boolean;
}

export function BoundCheckbox({ name, label, description, disabled }: BoundCheckboxProps) {
  const { control } = usePolicyFormContext();
  const { field } = useController({ control, name });
  return (
    <Checkbox
      label={label}
      description={description}
      disabled={disabled}
      name={field.name}
      ref={field.ref}
      checked={field.value === true}
      onBlur={field.onBlur}
      onChange={(e) => field.onChange(e.target.checked)}
    />
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectProps {
  label: string;
  options: readonly SelectOption[];
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
  disabled?: boolean;
  selectRef?: ComponentPropsWithRef<'select'>['ref'];
  onBlur?: () => void;
  className?: string;
}

/** A labelled select with hint and error, for values that are not one form path (e.g. a union's type). */
export function FormSelect({ label, options, value, onChange, hint, error, disabled, selectRef, onBlur, className }: SelectProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block font-medium text-gray-800 dark:text-gray-200">
        {label}
      </label>
      <select
        id={id}
        ref={selectRef}
        value={value}
        disabled={disabled}
        onBlur={onBlur}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cx(selectClasses, 'w-full disabled:cursor-not-allowed disabled:opacity-60')}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-gray-500 dark:text-gray-400">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function BoundSelect({ name, ...rest }: Omit<SelectProps, 'value' | 'onChange' | 'error' | 'selectRef' | 'onBlur'> & { name: PolicyFieldName }) {
  const { control } = usePolicyFormContext();
  const { field, fieldState } = useController({ control, name });
  return <FormSelect {...rest} value={String(field.value)} onChange={field.onChange} onBlur={field.onBlur} selectRef={field.ref} error={fieldState.error?.message} />;
}
