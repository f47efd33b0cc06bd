import { OVERWRITE_MODE_LABEL, OverwriteMode } from '@cloud-backup/domain';
import { useId } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import type { RestoreFormValues } from '../forms/restore-form.schema';

const DETAIL: Record<OverwriteMode, string> = {
  all: 'Files already on the target are replaced by the backup’s copy.',
  older: 'A file on the target is replaced only when it is older than the backup’s copy; newer ones are kept and reported as skipped.',
  none: 'Files already on the target are kept; only missing ones are restored.',
};

export function RestoreOverwriteStep({ form }: { form: UseFormReturn<RestoreFormValues> }) {
  const id = useId();
  return (
    <fieldset>
      <legend className="font-medium text-gray-900 dark:text-gray-100">When a file already exists on the target</legend>
      <div className="mt-3 space-y-2">
        {OverwriteMode.options.map((mode) => (
          <label
            key={mode}
            className="flex cursor-pointer gap-3 rounded-lg border border-gray-200 p-3 has-[:checked]:border-blue-500 has-[:checked]:bg-blue-50 dark:border-gray-700 dark:has-[:checked]:border-blue-400 dark:has-[:checked]:bg-blue-950/40"
          >
            <input type="radio" value={mode} aria-labelledby={`${id}-${mode}`} aria-describedby={`${id}-${mode}-detail`} className="mt-0.5 accent-blue-600" {...form.register('overwrite')} />
            <span>
              <span id={`${id}-${mode}`} className="block font-medium text-gray-900 dark:text-gray-100">
                {OVERWRITE_MODE_LABEL[mode]}
              </span>
              <span id={`${id}-${mode}-detail`} className="mt-0.5 block text-gray-500 dark:text-gray-400">
                {DETAIL[mode]}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
