import type { Policy, PolicySettings } from '@cloud-backup/domain';
import type { ReactNode } from 'react';
import { DescriptionList } from '../../../components/ui/description-list';
import { Section } from '../../../components/ui/section';
import { formatDateTime } from '../../../lib/format';
import {
  formatBackupWindow,
  formatCommand,
  formatCompression,
  formatMaxParallel,
  formatRandomDelay,
  formatReattempts,
  formatRetention,
  formatRetentionApplyAt,
  formatSchedule,
  formatScheduleKind,
  formatScheme,
  yesNo,
} from '../policy-format';
import { EnabledBadge } from './policy-badges';

function PathList({ items, empty }: { items: readonly string[]; empty: string }) {
  if (items.length === 0) return <span className="text-gray-500 dark:text-gray-400">{empty}</span>;
  return (
    <ul className="space-y-0.5">
      {items.map((item) => (
        <li key={item} className="font-mono text-xs">
          {item}
        </li>
      ))}
    </ul>
  );
}

/** A command in monospace; no command reads like the other empty settings. */
function CommandValue({ command }: { command: PolicySettings['preCommand'] }) {
  if (!command) return <span className="text-gray-500 dark:text-gray-400">None</span>;
  return <span className="font-mono text-xs">{formatCommand(command)}</span>;
}

function BackupWindowValue({ window }: { window: PolicySettings['backupWindow'] }) {
  const days = formatBackupWindow(window);
  if (!days) return <>Any time</>;
  return (
    <ul className="space-y-0.5">
      {days.map((d) => (
        <li key={d.day}>
          <span className="inline-block w-24 font-medium">{d.day}</span> {d.hours}
        </li>
      ))}
    </ul>
  );
}

function sections(policy: Policy): { title: string; items: { label: string; value: ReactNode }[] }[] {
  const s = policy.settings;
  return [
    {
      title: 'General',
      items: [
        { label: 'Name', value: policy.name },
        { label: 'State', value: <EnabledBadge enabled={policy.enabled} /> },
        { label: 'Backup scheme', value: formatScheme(s.scheme) },
        { label: 'Created', value: formatDateTime(policy.createdAt) },
        { label: 'Last changed', value: formatDateTime(policy.updatedAt) },
      ],
    },
    {
      title: 'Schedule',
      items: [
        { label: 'Schedule type', value: formatScheduleKind(s.schedule) },
        { label: 'Runs', value: formatSchedule(s.schedule) },
        { label: 'Time zone', value: s.timeZone },
        { label: 'Random start delay', value: formatRandomDelay(s.randomDelay) },
        { label: 'Max parallel backups', value: formatMaxParallel(s.maxParallelBackups) },
        { label: 'Run missed backups later', value: yesNo(s.runMissedLater) },
        { label: 'Backup window', value: <BackupWindowValue window={s.backupWindow} /> },
      ],
    },
    {
      title: 'Retention',
      items: [
        { label: 'Keep', value: formatRetention(s.retention) },
        { label: 'Apply retention', value: formatRetentionApplyAt(s.retention) },
      ],
    },
    {
      title: 'Sources and filters',
      items: [
        { label: 'Paths', value: <PathList items={s.sources.paths} empty="None" /> },
        { label: 'Skip pseudo file systems', value: yesNo(s.sources.skipPseudoFilesystems) },
        { label: 'Exclusion masks', value: <PathList items={s.fileFilters.exclusionMasks} empty="None" /> },
        { label: 'Inclusion masks', value: <PathList items={s.fileFilters.inclusionMasks} empty="None (everything not excluded)" /> },
      ],
    },
    {
      title: 'Advanced',
      items: [
        { label: 'Compression', value: formatCompression(s.compression) },
        { label: 'Fast backup', value: s.fastBackup ? 'Yes — unchanged files are detected by size and modification time' : 'No — files are compared by content' },
        { label: 'Validation', value: s.validation ? 'Yes — stored data is re-read and verified after each backup' : 'No' },
        { label: 'Reattempts', value: formatReattempts(s.reattempts) },
        { label: 'Pre-backup command', value: <CommandValue command={s.preCommand} /> },
        { label: 'Post-backup command', value: <CommandValue command={s.postCommand} /> },
        { label: 'Archive name', value: <span className="font-mono text-xs">{s.archiveName}</span> },
      ],
    },
  ];
}

export function PolicySettingsView({ policy }: { policy: Policy }) {
  return (
    <>
      {sections(policy).map((section) => (
        <Section key={section.title} title={section.title}>
          <DescriptionList items={section.items} />
        </Section>
      ))}
    </>
  );
}
