import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useController } from 'react-hook-form';
import { Button } from '../../../components/ui/button';
import { cx } from '../../../components/ui/cx';
import { inputClasses } from '../../../components/ui/form-controls';
import { usePolicyFormContext, type PolicyFieldName } from './policy-form.schema';
import { FieldError, useFieldError } from './policy-fields';

interface StringListFieldProps {
  name: PolicyFieldName;
  /** The list's accessible name, e.g. "Times of day". */
  legend: string;
  /** Each entry is labelled "<itemLabel> <n>", e.g. "Time of day 1". */
  itemLabel: string;
  addLabel: string;
  /** The value a new entry starts with. */
  newItem?: string;
  placeholder?: string;
  hint?: ReactNode;
  /** Shown instead of the list when it is empty. */
  emptyText?: string;
  mono?: boolean;
  disabled?: boolean;
}

/** An editable list of strings (times, paths, masks, arguments): add, edit and remove entries. */
export function StringListField({ name, legend, itemLabel, addLabel, newItem = '', placeholder, hint, emptyText, mono = false, disabled = false }: StringListFieldProps) {
  const { control } = usePolicyFormContext();
  const { field } = useController({ control, name });
  const items = (field.value as string[] | undefined) ?? [];
  const listError = useFieldError(name);
  const id = useId();
  const inputs = useRef(new Map<number, HTMLInputElement>());
  // Index to focus after the list re-renders: the new entry, or the neighbour of a removed one.
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusIndex === null) return;
    const target = inputs.current.get(focusIndex);
    if (target) target.focus();
    else addButton.current?.focus();
    setFocusIndex(null);
  }, [focusIndex]);

  const update = (next: string[]) => field.onChange(next);

  return (
    <fieldset aria-describedby={hint ? `${id}-hint` : undefined} disabled={disabled}>
      <legend className="mb-1.5 font-medium text-gray-800 dark:text-gray-200">{legend}</legend>
      {items.length === 0 && emptyText && <p className="mb-2 text-gray-500 dark:text-gray-400">{emptyText}</p>}
      <ul className="space-y-2">
        {items.map((item, index) => (
          <ListItem
            // Entries have no identity of their own; the index is what the form's error paths use too.
            key={index}
            name={`${name}.${index}`}
            label={`${itemLabel} ${index + 1}`}
            value={item}
            placeholder={placeholder}
            mono={mono}
            inputRef={(el) => {
              if (el) inputs.current.set(index, el);
              else inputs.current.delete(index);
              if (index === 0) field.ref(el);
            }}
            onChange={(value) => update(items.map((v, i) => (i === index ? value : v)))}
            onBlur={field.onBlur}
            onRemove={() => {
              update(items.filter((_, i) => i !== index));
              setFocusIndex(Math.min(index, items.length - 2));
            }}
          />
        ))}
      </ul>
      <Button
        ref={addButton}
        size="sm"
        className="mt-2"
        onClick={() => {
          update([...items, newItem]);
          setFocusIndex(items.length);
        }}
      >
        {addLabel}
      </Button>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-gray-500 dark:text-gray-400">
          {hint}
        </p>
      )}
      {/* A message about the list as a whole ("Add at least one entry"); entries carry their own. */}
      {typeof listError === 'string' && <FieldError message={listError} />}
    </fieldset>
  );
}

interface ListItemProps {
  name: string;
  label: string;
  value: string;
  placeholder: string | undefined;
  mono: boolean;
  inputRef: (el: HTMLInputElement | null) => void;
  onChange: (value: string) => void;
  onBlur: () => void;
  onRemove: () => void;
}

function ListItem({ name, label, value, placeholder, mono, inputRef, onChange, onBlur, onRemove }: ListItemProps) {
  const error = useFieldError(name);
  const errorId = useId();
  return (
    <li>
      <div className="flex items-center gap-2">
        <input
          ref={inputRef}
          type="text"
          aria-label={label}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          spellCheck={false}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          className={cx(inputClasses, 'py-1.5', mono && 'font-mono text-xs')}
        />
        <Button size="sm" variant="ghost" aria-label={`Remove ${label.charAt(0).toLowerCase()}${label.slice(1)}`} onClick={onRemove}>
          Remove
        </Button>
      </div>
      <FieldError id={errorId} message={error} />
    </li>
  );
}
