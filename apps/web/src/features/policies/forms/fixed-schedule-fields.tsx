import type { Schedule } from '@cloud-backup/domain';
import { useController } from 'react-hook-form';
import { RadioGroup } from '../../../components/ui/radio-group';
import { ToggleChipGroup } from '../../../components/ui/toggle-chip-group';
import { usePolicyFormContext } from './policy-form.schema';
import { BoundNumberField, BoundSelect, BoundTextField, FormSelect, useFieldError } from './policy-fields';
import { MONTH_DAY_CHIPS, WEEKDAY_CHIPS } from './scheme-fields';
import { StringListField } from './string-list-field';

type FixedSchedule = Extract<Schedule, { kind: 'fixed' }>;
type Period = FixedSchedule['period'];

const PERIOD_OPTIONS: readonly { value: Period; label: string }[] = [
  { value: 'hourly', label: 'Hourly' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
];

const MONTH_CHIPS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'].map((label, i) => ({
  value: i + 1,
  label,
  short: label.slice(0, 3),
}));

const TIMES_MODES = [
  { value: 'at' as const, label: 'At times of day' },
  { value: 'every' as const, label: 'Repeatedly within a time window' },
];

const TIMES_DEFAULTS: Record<FixedSchedule['timesOfDay']['mode'], FixedSchedule['timesOfDay']> = {
  at: { mode: 'at', times: ['03:00'] },
  every: { mode: 'every', every: 4, unit: 'hours', from: '00:00', to: '23:59' },
};

function ChipsField<T extends string | number>({ name, legend, options, hint }: { name: 'settings.schedule.weekdays' | 'settings.schedule.monthDays' | 'settings.schedule.months'; legend: string; options: readonly { value: T; label: string; short?: string }[]; hint: string }) {
  const { control } = usePolicyFormContext();
  const { field } = useController({ control, name });
  const error = useFieldError(name);
  return <ToggleChipGroup legend={legend} options={options} selected={(field.value as T[] | undefined) ?? []} onChange={field.onChange} hint={hint} error={typeof error === 'string' ? error : undefined} />;
}

/** Period, start times and the calendar filters of a fixed schedule. */
export function FixedScheduleFields() {
  const { control, getValues, setValue } = usePolicyFormContext();
  const { field: period } = useController({ control, name: 'settings.schedule.period' });
  const { field: times } = useController({ control, name: 'settings.schedule.timesOfDay' });
  const timesOfDay = times.value as FixedSchedule['timesOfDay'];

  const onPeriod = (next: string) => {
    period.onChange(next);
    // The period adds no restriction of its own: give weekly and monthly a day, so they mean what they say.
    const options = { shouldDirty: true } as const;
    if (next === 'weekly' && getValues('settings.schedule.weekdays')?.length === 0) setValue('settings.schedule.weekdays', ['mon'], options);
    if (next === 'monthly' && getValues('settings.schedule.monthDays')?.length === 0) setValue('settings.schedule.monthDays', [1], options);
  };

  return (
    <div className="space-y-5">
      <FormSelect
        label="Period"
        options={PERIOD_OPTIONS}
        value={String(period.value)}
        onChange={onPeriod}
        onBlur={period.onBlur}
        selectRef={period.ref}
        hint={period.value === 'hourly' ? 'Hourly runs every hour at the minute of each time below.' : undefined}
        className="max-w-xs"
      />
      <RadioGroup
        legend="Start times"
        layout="row"
        options={TIMES_MODES}
        value={timesOfDay.mode}
        onChange={(mode) => times.onChange(structuredClone(TIMES_DEFAULTS[mode]))}
      />
      {timesOfDay.mode === 'at' ? (
        <StringListField
          name="settings.schedule.timesOfDay.times"
          legend="Times of day"
          itemLabel="Time of day"
          addLabel="Add time"
          newItem="12:00"
          placeholder="HH:MM"
          hint="24-hour clock, HH:MM."
          mono
        />
      ) : (
        <div className="flex flex-wrap items-start gap-4">
          <BoundNumberField name="settings.schedule.timesOfDay.every" label="Repeat every" min={1} max={1440} className="w-32" />
          <BoundSelect
            name="settings.schedule.timesOfDay.unit"
            label="Unit"
            options={[
              { value: 'minutes', label: 'Minutes' },
              { value: 'hours', label: 'Hours' },
            ]}
            className="w-32"
          />
          <BoundTextField name="settings.schedule.timesOfDay.from" label="From" placeholder="HH:MM" className="w-28" />
          <BoundTextField name="settings.schedule.timesOfDay.to" label="To" placeholder="HH:MM" className="w-28" hint="Inclusive." />
        </div>
      )}
      <ChipsField name="settings.schedule.weekdays" legend="Weekdays" options={WEEKDAY_CHIPS} hint="None chosen: every day of the week." />
      <ChipsField name="settings.schedule.monthDays" legend="Days of the month" options={MONTH_DAY_CHIPS} hint="None chosen: every day of the month. Day 31 alone skips shorter months; use Last for month ends." />
      <ChipsField name="settings.schedule.months" legend="Months" options={MONTH_CHIPS} hint="None chosen: every month." />
    </div>
  );
}
