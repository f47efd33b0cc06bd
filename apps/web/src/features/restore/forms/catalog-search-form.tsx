import { CatalogSearchQuery } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button } from '../../../components/ui/button';
import { inputClasses } from '../../../components/ui/form-controls';

const SearchForm = CatalogSearchQuery.pick({ q: true });
type SearchForm = z.infer<typeof SearchForm>;

interface CatalogSearchFormProps {
  /** The search shown now, or null while browsing folders. */
  current: string | null;
  onSearch: (q: string) => void;
  onClear: () => void;
}

/** Name search in the whole backup: a part of the name, or a pattern with * and ?. */
export function CatalogSearchForm({ current, onSearch, onClear }: CatalogSearchFormProps) {
  const form = useForm<SearchForm>({ resolver: zodResolver(SearchForm), defaultValues: { q: current ?? '' } });
  const error = form.formState.errors.q?.message;
  const inputId = useId();
  const errorId = `${inputId}-error`;

  // Back/forward between a search and a folder keeps the box in step with the URL.
  useEffect(() => form.reset({ q: current ?? '' }), [current, form]);

  const onSubmit = form.handleSubmit((values) => onSearch(values.q));

  return (
    <form role="search" onSubmit={onSubmit} noValidate className="w-full max-w-md">
      <div className="flex gap-2">
        <label htmlFor={inputId} className="sr-only">
          Search in backup
        </label>
        <input
          id={inputId}
          type="search"
          placeholder="Search by name, e.g. report or *.csv"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className={inputClasses}
          {...form.register('q')}
        />
        <Button type="submit">Search</Button>
        {current !== null && (
          <Button variant="ghost" onClick={onClear}>
            Clear search
          </Button>
        )}
      </div>
      {error && (
        <p id={errorId} className="mt-1 text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </form>
  );
}
