import { useController } from 'react-hook-form';
import { Combobox } from '../../../components/ui/combobox';
import { usePolicyFormContext } from './policy-form.schema';

let cached: readonly string[] | null = null;

/** Every IANA zone the browser knows, UTC first (some engines leave it out of the list). */
export function timeZoneOptions(): readonly string[] {
  if (cached) return cached;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  cached = ['UTC', ...zones.filter((z) => z !== 'UTC')];
  return cached;
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function TimeZoneField() {
  const { control } = usePolicyFormContext();
  const { field, fieldState } = useController({ control, name: 'settings.timeZone' });
  const here = browserTimeZone();
  return (
    <div className="max-w-sm">
      <Combobox
        label="Time zone"
        options={timeZoneOptions()}
        value={String(field.value)}
        onChange={field.onChange}
        onBlur={field.onBlur}
        inputRef={field.ref}
        placeholder="Search time zones"
        error={fieldState.error?.message}
        hint={`The schedule follows this zone’s wall clock, daylight saving included. Yours is ${here}.`}
      />
    </div>
  );
}
