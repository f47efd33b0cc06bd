import type { Backup } from '@cloud-backup/domain';
import { DescriptionList } from '../../../components/ui/description-list';
import { ProgressBar } from '../../../components/ui/progress-bar';
import { formatEta, formatPercent, formatThroughput } from '../../../lib/format';
import { formatBytesProgress, formatFilesProgress, formatPhase, progressPercent } from '../backup-format';

/** Live figures of a running backup, as the agent last reported them. */
export function BackupProgressPanel({ backup }: { backup: Pick<Backup, 'progress'> }) {
  const progress = backup.progress;
  if (!progress) {
    return (
      <div className="space-y-3">
        <p className="font-medium text-gray-900 dark:text-gray-100">Starting — waiting for the agent’s first report…</p>
        <ProgressBar value={null} label="Backup progress" />
      </div>
    );
  }
  const percent = progressPercent(progress);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium text-gray-900 dark:text-gray-100">{formatPhase(progress.phase)}</p>
        <p className="text-lg font-semibold text-blue-700 tabular-nums dark:text-blue-300">{percent === null ? 'Counting…' : formatPercent(percent)}</p>
      </div>
      <ProgressBar value={percent} label="Backup progress" valueText={percent === null ? 'Counting files' : formatPercent(percent)} />
      <DescriptionList
        items={[
          { label: 'Files', value: <span className="tabular-nums">{formatFilesProgress(progress)}</span> },
          { label: 'Data read', value: <span className="tabular-nums">{formatBytesProgress(progress)}</span> },
          { label: 'Throughput', value: <span className="tabular-nums">{formatThroughput(progress.bytesPerSecond)}</span> },
          { label: 'Time left', value: formatEta(progress.etaSeconds) },
          {
            label: 'Current file',
            value: progress.currentPath ? <span className="font-mono text-xs break-all">{progress.currentPath}</span> : '—',
          },
        ]}
      />
    </div>
  );
}
