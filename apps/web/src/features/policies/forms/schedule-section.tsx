import type { Schedule } from '@cloud-backup/domain';
import { useController } from 'react-hook-form';
import { RadioGroup } from '../../../components/ui/radio-group';
import { Section } from '../../../components/ui/section';
import { FixedScheduleFields } from './fixed-schedule-fields';
import { FIXED_AFTER_CREATION_NOTE, usePolicyFormContext } from './policy-form.schema';
import { BoundNumberField, BoundSelect, useFieldError } from './policy-fields';
import { TimeZoneField } from './time-zone-field';

type ScheduleKind = Schedule['kind'];

const KIND_OPTIONS = [
  { value: 'fixed' as const, label: 'Fixed times', description: 'Hourly, daily, weekly or monthly at set times.' },
  { value: 'interval' as const, label: 'Interval between backups', description: 'A set time after the previous backup ends.' },
];

const KIND_DEFAULTS: Record<ScheduleKind, Schedule> = {
  fixed: { kind: 'fixed', period: 'daily', timesOfDay: { mode: 'at', times: ['03:00'] }, weekdays: [], monthDays: [], months: [] },
  interval: { kind: 'interval', every: 24, unit: 'hours' },
};

/** When the policy runs: fixed times or an interval, in the policy’s time zone. */
export function ScheduleSection({ fixed }: { fixed: boolean }) {
  const { control } = usePolicyFormContext();
  const { field } = useController({ control, name: 'settings.schedule' });
  const kind = (field.value as Schedule).kind;
  const kindError = useFieldError('settings.schedule.kind');

  return (
    <Section title="Schedule" description="Times are on the wall clock of the policy’s time zone.">
      <div className="space-y-6">
        <RadioGroup
          legend="Schedule type"
          layout="row"
          options={KIND_OPTIONS}
          value={kind}
          onChange={(next) => field.onChange(structuredClone(KIND_DEFAULTS[next]))}
          disabled={fixed}
          hint={fixed ? FIXED_AFTER_CREATION_NOTE : undefined}
          error={typeof kindError === 'string' ? kindError : undefined}
        />
        {kind === 'fixed' ? (
          <FixedScheduleFields />
        ) : (
          <div className="flex flex-wrap items-start gap-4">
            <BoundNumberField name="settings.schedule.every" label="Repeat every" min={1} max={10000} className="w-32" hint="Counted from the end of the previous backup." />
            <BoundSelect
              name="settings.schedule.unit"
              label="Unit"
              options={[
                { value: 'hours', label: 'Hours' },
                { value: 'days', label: 'Days' },
              ]}
              className="w-32"
            />
          </div>
        )}
        <TimeZoneField />
      </div>
    </Section>
  );
}
