import type { FolderLimits, UpdateLimitsRequest } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useRef } from 'react';
import { useForm } from 'react-hook-form';
import { Alert } from '../../../components/ui/alert';
import { Dialog } from '../../../components/ui/dialog';
import { FormDialogFooter } from '../../../components/ui/form-dialog-footer';
import { selectClasses, TextField } from '../../../components/ui/form-controls';
import { useToast } from '../../../components/ui/toast';
import { useUpdateLimits } from '../api/quotas.mutations';
import { LimitsForm, limitsFormValues, type LimitsFormInput } from './limits-form.schema';

const SERVER_FIELD: Record<string, keyof LimitsFormInput> = { vmLinked: 'vmLinked', bmsLinked: 'bmsLinked', storageBytes: 'storageAmount' };

export function EditLimitsDialog({ folderId, limits, open, onClose }: { folderId: string; limits: FolderLimits; open: boolean; onClose: () => void }) {
  const update = useUpdateLimits(folderId);
  const unitId = useId();
  const toast = useToast();
  const form = useForm<LimitsFormInput, unknown, UpdateLimitsRequest>({ resolver: zodResolver(LimitsForm), defaultValues: limitsFormValues(limits) });
  const { errors } = form.formState;
  const { reset } = form;
  const resetMutation = update.reset;
  // A background refetch must not wipe what the admin is typing: the form starts from the limits as they were on opening.
  const latestLimits = useRef(limits);
  latestLimits.current = limits;

  useEffect(() => {
    if (!open) return;
    reset(limitsFormValues(latestLimits.current));
    resetMutation();
  }, [open, reset, resetMutation]);

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await update.mutateAsync(values);
    } catch (error) {
      // A 400 names the fields it refused: show each at its field.
      const fields = (error as { fields?: Record<string, string> }).fields ?? {};
      Object.entries(fields).forEach(([key, message], i) => {
        const field = SERVER_FIELD[key];
        if (field) form.setError(field, { type: 'server', message }, { shouldFocus: i === 0 });
      });
      return;
    }
    toast.success('The folder’s limits were saved.');
    onClose();
  });

  const serverFieldErrors = update.error?.fields && Object.keys(update.error.fields).some((k) => k in SERVER_FIELD);

  return (
    <Dialog
      open={open}
      title="Edit limits"
      description="The folder’s own limits replace the installation’s defaults. Lowering a limit below what is used blocks new links or backups, it removes nothing."
      size="md"
      busy={update.isPending}
      onClose={onClose}
      footer={<FormDialogFooter formId="edit-limits-form" submitLabel="Save limits" pending={update.isPending} onCancel={onClose} />}
    >
      <form id="edit-limits-form" onSubmit={onSubmit} noValidate className="space-y-4">
        {update.isError && !serverFieldErrors && <Alert>{update.error.message}</Alert>}
        <TextField label="Linked virtual machines" type="number" min={0} step={1} inputMode="numeric" error={errors.vmLinked?.message} {...form.register('vmLinked', { valueAsNumber: true })} />
        <TextField label="Linked bare-metal servers" type="number" min={0} step={1} inputMode="numeric" error={errors.bmsLinked?.message} {...form.register('bmsLinked', { valueAsNumber: true })} />
        <div className="flex items-start gap-2">
          <TextField
            label="Backup storage"
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            className="flex-1"
            hint="After deduplication and compression. 1 TB = 1,000 GB."
            error={errors.storageAmount?.message}
            {...form.register('storageAmount', { valueAsNumber: true })}
          />
          <div>
            <label htmlFor={unitId} className="mb-1 block font-medium text-gray-800 dark:text-gray-200">
              Unit
            </label>
            <select id={unitId} className={selectClasses} {...form.register('storageUnit')}>
              <option value="GB">GB</option>
              <option value="TB">TB</option>
            </select>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
