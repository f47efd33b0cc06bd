import type { ReactNode } from 'react';
import { useWatch } from 'react-hook-form';
import { Section } from '../../../components/ui/section';
import { ArchiveNameField } from './archive-name-field';
import { BackupWindowField } from './backup-window-field';
import { CommandField } from './command-field';
import { FIXED_AFTER_CREATION_NOTE, usePolicyFormContext } from './policy-form.schema';
import { BoundCheckbox, BoundNumberField, BoundSelect } from './policy-fields';

const COMPRESSION_OPTIONS = [
  { value: 'off', label: 'Off' },
  { value: 'normal', label: 'Normal' },
  { value: 'high', label: 'High' },
  { value: 'max', label: 'Maximum' },
];

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-4 border-t border-gray-100 pt-5 first:border-t-0 first:pt-0 dark:border-gray-800">
      <h3 className="font-semibold text-gray-900 dark:text-gray-100">{title}</h3>
      {children}
    </div>
  );
}

export function AdvancedSection({ fixed, policyId }: { fixed: boolean; policyId: string | null }) {
  const { control } = usePolicyFormContext();
  const [reattempts, randomDelay] = useWatch({ control, name: ['settings.reattempts.enabled', 'settings.randomDelay.enabled'] });
  return (
    <Section title="Advanced">
      <div className="space-y-6">
        <Group title="Data">
          <BoundSelect
            name="settings.compression"
            label="Compression"
            options={COMPRESSION_OPTIONS}
            disabled={fixed}
            hint={fixed ? FIXED_AFTER_CREATION_NOTE : 'Cannot be changed once the policy is created.'}
            className="max-w-xs"
          />
          <BoundCheckbox name="settings.fastBackup" label="Fast backup" description="Incremental backups treat files with unchanged size and modification time as unchanged, instead of reading their content." />
          <BoundCheckbox name="settings.validation" label="Validation" description="Re-read and verify the stored data after each backup." />
        </Group>
        <Group title="Runs">
          <BoundCheckbox name="settings.reattempts.enabled" label="Reattempts" description="Retry after recoverable errors, including failed pre/post commands and offline instances." />
          <div className="flex flex-wrap gap-4 pl-7">
            <BoundNumberField name="settings.reattempts.intervalMinutes" label="Reattempt interval (minutes)" min={1} max={1440} disabled={!reattempts} className="w-52" />
            <BoundNumberField name="settings.reattempts.maxAttempts" label="Max attempts" min={1} max={100} disabled={!reattempts} className="w-36" />
          </div>
          <BoundCheckbox name="settings.randomDelay.enabled" label="Random start delay" description="Start each instance’s backup at a random moment within this delay, to spread the load." />
          <div className="pl-7">
            <BoundNumberField name="settings.randomDelay.minutes" label="Random delay (minutes)" min={0} max={1440} disabled={!randomDelay} className="w-52" />
          </div>
          <BoundNumberField name="settings.maxParallelBackups" label="Max parallel backups" min={0} max={10000} hint="Across the policy’s instances; 0 = unlimited." className="w-52" />
          <BoundCheckbox name="settings.runMissedLater" label="Run missed backups later" description="When an instance comes back online, catch up once for the runs it missed." />
        </Group>
        <Group title="Commands">
          <div className="grid gap-4 lg:grid-cols-2">
            <CommandField name="settings.preCommand" title="Pre-backup command" description="Runs on the instance before the data is read — for example to flush or freeze an application." />
            <CommandField name="settings.postCommand" title="Post-backup command" description="Runs on the instance after the data is read — for example to thaw the application again." />
          </div>
        </Group>
        <Group title="Archive and window">
          <ArchiveNameField policyId={policyId} />
          <BackupWindowField />
        </Group>
      </div>
    </Section>
  );
}
