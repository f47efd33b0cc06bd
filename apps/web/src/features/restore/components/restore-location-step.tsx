import { useId } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { cx } from '../../../components/ui/cx';
import type { RestoreFormValues, RestoreScope } from '../forms/restore-form.schema';
import { TargetFolderPicker } from './target-folder-picker';

interface RestoreLocationStepProps {
  folderId: string;
  scope: RestoreScope;
  target: { id: string; name: string };
  form: UseFormReturn<RestoreFormValues>;
}

const optionClass =
  'flex gap-3 rounded-lg border border-gray-200 p-4 has-[:checked]:border-blue-500 has-[:checked]:bg-blue-50 dark:border-gray-700 dark:has-[:checked]:border-blue-400 dark:has-[:checked]:bg-blue-950/40';

export function RestoreLocationStep({ folderId, scope, target, form }: RestoreLocationStepProps) {
  const kind = form.watch('locationKind');
  const customPath = form.watch('customPath');
  const whole = scope.kind === 'whole';
  const pathError = form.formState.errors.customPath?.message;
  const id = useId();

  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="sr-only">Where to restore</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className={cx(optionClass, 'cursor-pointer')}>
            <input type="radio" value="original" aria-labelledby={`${id}-original`} aria-describedby={`${id}-original-detail`} className="mt-0.5 accent-blue-600" {...form.register('locationKind')} />
            <span>
              <span id={`${id}-original`} className="block font-medium text-gray-900 dark:text-gray-100">
                Original location
              </span>
              <span id={`${id}-original-detail`} className="mt-0.5 block text-gray-500 dark:text-gray-400">
                Each item goes back to the path it was backed up from, on {target.name}.
              </span>
            </span>
          </label>
          <label className={cx(optionClass, whole ? 'cursor-not-allowed opacity-60' : 'cursor-pointer')}>
            <input type="radio" value="custom" disabled={whole} aria-labelledby={`${id}-custom`} aria-describedby={`${id}-custom-detail`} className="mt-0.5 accent-blue-600" {...form.register('locationKind')} />
            <span>
              <span id={`${id}-custom`} className="block font-medium text-gray-900 dark:text-gray-100">
                Custom folder
              </span>
              <span id={`${id}-custom-detail`} className="mt-0.5 block text-gray-500 dark:text-gray-400">
                {whole
                  ? 'Not for a whole-instance restore: every file goes back where it was.'
                  : 'Each selected item lands in a folder you choose, under its own name.'}
              </span>
            </span>
          </label>
        </div>
      </fieldset>
      {kind === 'custom' && !whole && (
        <>
          <TargetFolderPicker
            key={target.id}
            folderId={folderId}
            instanceId={target.id}
            instanceName={target.name}
            value={customPath}
            onUse={(path) => form.setValue('customPath', path, { shouldValidate: true })}
          />
          {pathError && (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {pathError}
            </p>
          )}
        </>
      )}
    </div>
  );
}
