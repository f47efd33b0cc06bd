import { WEEKDAYS, type BackupScheme } from '@cloud-backup/domain';
import { useController } from 'react-hook-form';
import { ToggleChipGroup } from '../../../components/ui/toggle-chip-group';
import { formatWeekday } from '../policy-format';
import { FIXED_AFTER_CREATION_NOTE, usePolicyFormContext } from './policy-form.schema';
import { FormSelect, useFieldError } from './policy-fields';

type SchemeType = BackupScheme['type'];

const SCHEME_OPTIONS: readonly { value: SchemeType; label: string }[] = [
  { value: 'always_incremental', label: 'Always incremental' },
  { value: 'always_full', label: 'Always full' },
  { value: 'weekly_full_daily_incremental', label: 'Weekly full, daily incremental' },
  { value: 'weekly_incremental', label: 'Weekly incremental' },
  { value: 'custom', label: 'Custom' },
];

function schemeOf(type: SchemeType): BackupScheme {
  switch (type) {
    case 'weekly_full_daily_incremental':
      return { type, fullDay: 'mon' };
    case 'custom':
      return { type, fullOnWeekdays: [], fullOnMonthDays: [] };
    default:
      return { type };
  }
}

export const WEEKDAY_CHIPS = WEEKDAYS.map((d) => ({ value: d, label: formatWeekday(d), short: formatWeekday(d).slice(0, 3) }));
export const MONTH_DAY_CHIPS: readonly { value: number | 'last'; label: string; short: string }[] = [
  ...Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: `Day ${i + 1}`, short: String(i + 1) })),
  { value: 'last', label: 'Last day of the month', short: 'Last' },
];

/** The backup scheme and its own settings; its kind is fixed once the policy exists. */
export function SchemeFields({ fixed }: { fixed: boolean }) {
  const { control } = usePolicyFormContext();
  const { field, fieldState } = useController({ control, name: 'settings.scheme' });
  const scheme = field.value as BackupScheme;
  // The server names the kind itself (settings.scheme.type) when it refuses a change of it.
  const typeError = useFieldError('settings.scheme.type') ?? fieldState.error?.message;

  return (
    <div className="space-y-4">
      <FormSelect
        label="Backup scheme"
        options={SCHEME_OPTIONS}
        value={scheme.type}
        // Switching kinds replaces the scheme, so no setting of the old kind is left behind.
        onChange={(type) => field.onChange(schemeOf(type as SchemeType))}
        onBlur={field.onBlur}
        selectRef={field.ref}
        disabled={fixed}
        hint={fixed ? `${FIXED_AFTER_CREATION_NOTE} Whether a run is full or incremental follows this scheme.` : 'The first backup of each instance is always full.'}
        error={typeError}
        className="max-w-sm"
      />
      {scheme.type === 'weekly_full_daily_incremental' && (
        <FormSelect
          label="Weekly full backup day"
          options={WEEKDAY_CHIPS.map((d) => ({ value: d.value, label: d.label }))}
          value={scheme.fullDay ?? 'mon'}
          onChange={(day) => field.onChange({ ...scheme, fullDay: day })}
          className="max-w-xs"
        />
      )}
      {scheme.type === 'custom' && (
        <div className="space-y-3">
          <ToggleChipGroup
            legend="Full backups on weekdays"
            options={WEEKDAY_CHIPS}
            selected={scheme.fullOnWeekdays}
            onChange={(fullOnWeekdays) => field.onChange({ ...scheme, fullOnWeekdays })}
          />
          <ToggleChipGroup
            legend="Full backups on days of the month"
            options={MONTH_DAY_CHIPS}
            selected={scheme.fullOnMonthDays}
            onChange={(fullOnMonthDays) => field.onChange({ ...scheme, fullOnMonthDays })}
            hint="Runs on the chosen weekdays or days are full; every other run is incremental."
          />
        </div>
      )}
    </div>
  );
}
