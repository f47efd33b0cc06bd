import type { Backup, Instance } from '@cloud-backup/domain';
import { INSTANCE_KIND_LABEL } from '@cloud-backup/domain';
import { useController, type UseFormReturn } from 'react-hook-form';
import { Alert } from '../../../components/ui/alert';
import { SelectField } from '../../../components/ui/form-controls';
import type { RestoreFormValues } from '../forms/restore-form.schema';
import { targetRefusal } from '../restore-format';

interface RestoreTargetStepProps {
  backup: Pick<Backup, 'instanceId' | 'instanceName' | 'instanceKind'>;
  instances: readonly Instance[];
  form: UseFormReturn<RestoreFormValues>;
}

/** Only connected instances of the backup's kind are offered; the others are listed with the reason. */
export function RestoreTargetStep({ backup, instances, form }: RestoreTargetStepProps) {
  const offered = instances.filter((i) => targetRefusal(i, backup.instanceKind) === null);
  const refused = instances.filter((i) => i.status !== 'deleted' && targetRefusal(i, backup.instanceKind) !== null);
  // Controlled, so the default (the source instance) shows whatever the browser's idea of an untouched select.
  const { field, fieldState } = useController({ control: form.control, name: 'targetInstanceId' });
  const error = fieldState.error?.message;

  return (
    <div className="space-y-4">
      <p className="text-gray-600 dark:text-gray-300">
        The backup was taken from <strong className="font-medium text-gray-900 dark:text-gray-100">{backup.instanceName}</strong>, a{' '}
        {INSTANCE_KIND_LABEL[backup.instanceKind].toLowerCase()}. It can be restored to any connected {INSTANCE_KIND_LABEL[backup.instanceKind].toLowerCase()}{' '}
        of this folder.
      </p>
      {offered.length === 0 ? (
        <Alert tone="warning" title="No instance can receive this restore now">
          Connect the agent of a {INSTANCE_KIND_LABEL[backup.instanceKind].toLowerCase()}, or start the agent of {backup.instanceName}, then try again.
        </Alert>
      ) : (
        <div className="max-w-sm">
          <SelectField
            label="Target instance"
            aria-invalid={error ? true : undefined}
            data-autofocus
            ref={field.ref}
            name={field.name}
            value={field.value}
            onBlur={field.onBlur}
            onChange={(event) => {
              field.onChange(event.target.value);
              // Another machine has other folders: a custom folder chosen on the previous target no longer applies.
              form.setValue('customPath', '');
            }}
          >
            <option value="">Choose an instance…</option>
            {offered.map((i) => (
              <option key={i.id} value={i.id}>
                {i.id === backup.instanceId ? `${i.name} (original)` : i.name}
              </option>
            ))}
          </SelectField>
          {error && <p className="mt-1 text-xs text-red-600 dark:text-red-400">{error}</p>}
        </div>
      )}
      {refused.length > 0 && (
        <div>
          <h4 className="font-medium text-gray-900 dark:text-gray-100">Not offered</h4>
          <ul aria-label="Instances not offered" className="mt-1 space-y-1 text-gray-600 dark:text-gray-400">
            {refused.map((i) => (
              <li key={i.id}>
                <span className="font-medium text-gray-800 dark:text-gray-200">{i.name}</span> — {targetRefusal(i, backup.instanceKind)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
