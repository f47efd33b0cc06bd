import type { Retention } from '@cloud-backup/domain';
import type { ReactNode } from 'react';
import { useController } from 'react-hook-form';
import { Checkbox } from '../../../components/ui/form-controls';
import { RadioGroup } from '../../../components/ui/radio-group';
import { Section } from '../../../components/ui/section';
import { usePolicyFormContext } from './policy-form.schema';
import { BoundNumberField, BoundSelect, InlineNumberInput, toNumber } from './policy-fields';

type Rules = Extract<Retention, { mode: 'rules' }>;

const MODE_OPTIONS = [
  { value: 'keep_all' as const, label: 'Keep all backups', description: 'Nothing is deleted automatically.' },
  { value: 'rules' as const, label: 'Delete by rules', description: 'A backup is kept while any rule below keeps it.' },
];

const RULES_DEFAULT: Rules = { mode: 'rules', keepLast: 15, keepFor: null, backupSets: null, applyAt: 'after_backup' };

/** A rule that can be switched off (null) and, when on, shows its settings after its checkbox. */
function RuleRow({ label, description, on, onToggle, children }: { label: string; description: string; on: boolean; onToggle: (on: boolean) => void; children: ReactNode }) {
  return (
    <div className="flex flex-wrap items-start gap-x-4 gap-y-2 rounded-md border border-gray-200 px-4 py-3 dark:border-gray-800">
      <Checkbox className="min-w-56 flex-1" label={label} description={description} checked={on} onChange={(e) => onToggle(e.target.checked)} />
      <div className="flex flex-wrap items-start gap-2 text-gray-700 dark:text-gray-300">{children}</div>
    </div>
  );
}

function KeepLastRule() {
  const { control } = usePolicyFormContext();
  const { field, fieldState } = useController({ control, name: 'settings.retention.keepLast' });
  const on = field.value !== null;
  return (
    <RuleRow label="Keep last" description="The newest backups, by count." on={on} onToggle={(next) => field.onChange(next ? 15 : null)}>
      <InlineNumberInput label="Number of backups to keep" value={field.value} disabled={!on} min={1} onChange={(raw) => field.onChange(toNumber(raw, false))} onBlur={field.onBlur} inputRef={field.ref} error={fieldState.error?.message} />
      <span className="py-1.5">backups</span>
    </RuleRow>
  );
}

function KeepForRule() {
  const { control } = usePolicyFormContext();
  const { field } = useController({ control, name: 'settings.retention.keepFor' });
  const on = field.value !== null;
  return (
    <RuleRow label="Keep for" description="Backups younger than this." on={on} onToggle={(next) => field.onChange(next ? { value: 30, unit: 'days' } : null)}>
      {/* Bound only while the rule is on: the nested paths do not exist while it is null. */}
      {on ? (
        <>
          <BoundNumberField name="settings.retention.keepFor.value" label="Keep for how long" inline min={1} />
          <BoundSelect
            name="settings.retention.keepFor.unit"
            label="Keep for unit"
            options={['hours', 'days', 'weeks', 'months'].map((u) => ({ value: u, label: u.charAt(0).toUpperCase() + u.slice(1) }))}
            className="w-32 [&>label]:sr-only"
          />
        </>
      ) : (
        <InlineNumberInput label="Keep for how long" value={null} disabled onChange={() => undefined} />
      )}
    </RuleRow>
  );
}

const SET_DEFAULTS: NonNullable<Rules['backupSets']> = { hourly: null, daily: 7, weekly: 4, monthly: 12 };

function BackupSetsRule() {
  const { control } = usePolicyFormContext();
  const { field } = useController({ control, name: 'settings.retention.backupSets' });
  const on = field.value !== null;
  return (
    <RuleRow
      label="Keep backup sets"
      description="The newest backup of each of the last N hours, days, weeks or months. Leave a set empty to skip it."
      on={on}
      onToggle={(next) => field.onChange(next ? { ...SET_DEFAULTS } : null)}
    >
      {on && (
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {(['hourly', 'daily', 'weekly', 'monthly'] as const).map((set) => (
            <BoundNumberField key={set} name={`settings.retention.backupSets.${set}`} label={set.charAt(0).toUpperCase() + set.slice(1)} nullable min={1} className="w-24" />
          ))}
        </div>
      )}
    </RuleRow>
  );
}

function ApplyAtField() {
  const { control } = usePolicyFormContext();
  const { field } = useController({ control, name: 'settings.retention.applyAt' });
  return (
    <RadioGroup
      legend="Apply retention"
      layout="row"
      value={field.value as Rules['applyAt']}
      onChange={field.onChange}
      options={[
        { value: 'after_backup', label: 'After the new backup completes' },
        { value: 'before_backup', label: 'Before the new backup starts' },
      ]}
      hint="Before frees space first; after never leaves an instance with fewer backups than the rules keep."
    />
  );
}

export function RetentionSection() {
  const { control } = usePolicyFormContext();
  const { field } = useController({ control, name: 'settings.retention' });
  const mode = (field.value as Retention).mode;
  return (
    <Section title="Retention" description="How long backups are kept. Retention runs with each backup of the policy.">
      <div className="space-y-5">
        <RadioGroup legend="Retention" options={MODE_OPTIONS} value={mode} onChange={(next) => field.onChange(next === 'keep_all' ? { mode: 'keep_all' } : structuredClone(RULES_DEFAULT))} />
        {mode === 'rules' && (
          <div className="space-y-3">
            <KeepLastRule />
            <KeepForRule />
            <BackupSetsRule />
            <ApplyAtField />
          </div>
        )}
      </div>
    </Section>
  );
}
