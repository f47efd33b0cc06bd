import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/form-controls';
import { AuditFilterForm as FormSchema, emptyAuditFilters, type AuditFilterForm as FormValues } from './audit-filter-form.schema';

export function AuditFilterForm({ onApply }: { onApply: (values: FormValues) => void }) {
  const form = useForm<FormValues>({ resolver: zodResolver(FormSchema), defaultValues: emptyAuditFilters });
  const { errors } = form.formState;

  return (
    <form
      role="search"
      aria-label="Filter the audit log"
      onSubmit={form.handleSubmit(onApply)}
      noValidate
      className="mb-4 flex flex-wrap items-start gap-3 rounded-lg border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900"
    >
      <TextField label="Action" placeholder="policy or policy.update" spellCheck={false} className="w-56" error={errors.action?.message} {...form.register('action')} />
      <TextField label="Actor" placeholder="User or instance" spellCheck={false} className="w-48" error={errors.actor?.message} {...form.register('actor')} />
      <TextField label="From" type="date" className="w-44" error={errors.from?.message} {...form.register('from')} />
      <TextField label="To" type="date" className="w-44" error={errors.to?.message} {...form.register('to')} />
      <div className="flex gap-2 pt-7">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button
          onClick={() => {
            form.reset(emptyAuditFilters);
            onApply(emptyAuditFilters);
          }}
        >
          Clear
        </Button>
      </div>
    </form>
  );
}
