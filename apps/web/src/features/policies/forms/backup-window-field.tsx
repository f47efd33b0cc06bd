import { useController } from 'react-hook-form';
import { Button } from '../../../components/ui/button';
import { RadioGroup } from '../../../components/ui/radio-group';
import { formatBackupWindow } from '../policy-format';
import { BackupWindowGrid, fullWindow, type WindowGrid } from './backup-window-grid';
import { usePolicyFormContext } from './policy-form.schema';

/** Any time (null) or a weekday × hour grid outside which new backups do not start. */
export function BackupWindowField() {
  const { control } = usePolicyFormContext();
  const { field, fieldState } = useController({ control, name: 'settings.backupWindow' });
  const grid = field.value as WindowGrid | null;
  const summary = formatBackupWindow(grid);
  return (
    <div className="space-y-3">
      <RadioGroup
        legend="Backup window"
        layout="row"
        value={grid === null ? 'any' : 'hours'}
        onChange={(mode) => field.onChange(mode === 'any' ? null : fullWindow())}
        options={[
          { value: 'any', label: 'Any time' },
          { value: 'hours', label: 'Only in chosen hours' },
        ]}
        hint="New backups start only inside the window, in the policy’s time zone; a running backup is not stopped."
        error={fieldState.error?.message}
      />
      {grid && (
        <>
          <p className="text-gray-600 dark:text-gray-300">Click or drag across hours to allow or block them; arrow keys and Space work too.</p>
          <BackupWindowGrid label="Allowed start hours" value={grid} onChange={field.onChange} />
          <div className="flex gap-2">
            <Button size="sm" onClick={() => field.onChange(fullWindow())}>
              Allow all hours
            </Button>
            <Button size="sm" onClick={() => field.onChange(fullWindow().map((row) => row.map(() => false)))}>
              Block all hours
            </Button>
          </div>
          {summary && (
            <ul aria-label="Backup window summary" className="grid gap-x-6 text-xs text-gray-600 sm:grid-cols-2 dark:text-gray-400">
              {summary.map((d) => (
                <li key={d.day}>
                  <span className="inline-block w-24 font-medium text-gray-800 dark:text-gray-200">{d.day}</span>
                  {d.hours}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
