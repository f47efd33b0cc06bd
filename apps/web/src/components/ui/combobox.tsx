import { useEffect, useId, useMemo, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { cx } from './cx';
import { inputClasses } from './form-controls';

interface ComboboxProps {
  label: string;
  /** Every value that may be chosen; the input only ever commits one of them. */
  options: readonly string[];
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string | undefined;
  disabled?: boolean;
  placeholder?: string;
  /** Long lists show this many matches; typing narrows them. */
  maxResults?: number;
  inputRef?: Ref<HTMLInputElement>;
  onBlur?: () => void;
}

/** Underscores and slashes count as spaces, so "new york" finds "America/New_York". */
function normalise(text: string): string {
  return text.toLocaleLowerCase().replace(/[_/]+/g, ' ').trim();
}

/**
 * A searchable select (WAI-ARIA combobox with a list popup): type to filter, arrows to move, Enter to pick,
 * Escape to close. What is typed is only a query; leaving the field without picking keeps the old value.
 */
export function Combobox({ label, options, value, onChange, hint, error, disabled = false, placeholder, maxResults = 50, inputRef, onBlur }: ComboboxProps) {
  const id = useId();
  const listId = `${id}-list`;
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const matches = useMemo(() => {
    const needle = normalise(query ?? '');
    const found = needle ? options.filter((o) => normalise(o).includes(needle)) : options;
    return { shown: found.slice(0, maxResults), total: found.length };
  }, [options, query, maxResults]);

  useEffect(() => {
    if (open) document.getElementById(`${listId}-${active}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [open, active, listId]);

  const close = () => {
    setOpen(false);
    setQuery(null);
    setActive(0);
  };
  const pick = (option: string) => {
    onChange(option);
    close();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = matches.shown.length - 1;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      setActive((i) => (event.key === 'ArrowDown' ? Math.min(i + 1, last) : Math.max(i - 1, 0)));
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      const option = matches.shown[active];
      if (option) pick(option);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  const onInputBlur = () => {
    // A query that names an option exactly counts as picking it.
    const exact = query === null ? undefined : options.find((o) => o.toLocaleLowerCase() === query.trim().toLocaleLowerCase());
    if (exact) onChange(exact);
    close();
    onBlur?.();
  };

  const activeOption = open ? matches.shown[active] : undefined;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

  return (
    <div className="relative">
      <label htmlFor={id} className="mb-1 block font-medium text-gray-800 dark:text-gray-200">
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeOption ? `${listId}-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        disabled={disabled}
        placeholder={placeholder}
        value={query ?? value}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={(e) => e.target.select()}
        onClick={() => setOpen(true)}
        onKeyDown={onKeyDown}
        onBlur={onInputBlur}
        className={cx(inputClasses, 'disabled:cursor-not-allowed disabled:opacity-60')}
      />
      {open && (
        <div className="absolute z-30 mt-1 w-full rounded-md border border-gray-200 bg-white shadow-lg dark:border-gray-700 dark:bg-gray-900">
          <ul id={listId} role="listbox" aria-label={label} className="max-h-64 overflow-y-auto py-1">
            {matches.shown.map((option, index) => (
              <li
                key={option}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={option === value}
                // Keep focus in the input so its blur does not close the list before the click lands.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(option)}
                onMouseMove={() => setActive(index)}
                className={cx(
                  'cursor-pointer px-3 py-1.5',
                  index === active ? 'bg-blue-50 text-blue-900 dark:bg-blue-950 dark:text-blue-100' : 'text-gray-800 dark:text-gray-200',
                  option === value && 'font-semibold',
                )}
              >
                {option}
              </li>
            ))}
          </ul>
          {matches.total === 0 && <p className="px-3 py-1.5 text-gray-500 dark:text-gray-400">No matches</p>}
          {matches.total > matches.shown.length && (
            <p className="border-t border-gray-100 px-3 py-1.5 text-xs text-gray-500 dark:border-gray-800 dark:text-gray-400">
              {`${matches.total - matches.shown.length} more — keep typing to narrow the list`}
            </p>
          )}
        </div>
      )}
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
    </div>
  );
}
