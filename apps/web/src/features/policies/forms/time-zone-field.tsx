import { useController, useFormState } from 'react-hook-form';
import { Combobox } from '../../../components/ui/combobox';
import { displayZone, unknownZoneNote } from '../../../lib/time-zone';
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
  const value = String(field.value);
  // Only the saved zone can be unknown here and still be right: the server accepted it.
  const savedZone = useFormState({ control }).defaultValues?.settings?.timeZone;
  const savedButUnknown = value === savedZone && !displayZone(value).known;
  return (
    <div className="max-w-sm">
      <Combobox
        label="Time zone"
        options={timeZoneOptions()}
        value={value}
        onChange={field.onChange}
        onBlur={field.onBlur}
        inputRef={field.ref}
        placeholder="Search time zones"
        error={fieldState.error?.message}
        hint={
          savedButUnknown
            ? unknownZoneNote(value)
            : `The schedule follows this zone’s wall clock, daylight saving included. Yours is ${here}.`
        }
      />
    </div>
  );
}
