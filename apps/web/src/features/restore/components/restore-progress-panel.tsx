import type { RestoreProgress } from '@cloud-backup/domain';
import { DescriptionList } from '../../../components/ui/description-list';
import { ProgressBar } from '../../../components/ui/progress-bar';
import { formatBytes, formatEta, formatPercent, formatThroughput } from '../../../lib/format';
import { formatOf, formatRestorePhase, restorePercent } from '../restore-format';

/** Live figures of a running restore, as the target's agent last reported them. */
export function RestoreProgressPanel({ progress }: { progress: RestoreProgress | null }) {
  if (!progress) {
    return (
      <div className="space-y-3">
        <p className="font-medium text-gray-900 dark:text-gray-100">Starting — waiting for the target’s agent…</p>
        <ProgressBar value={null} label="Restore progress" />
      </div>
    );
  }
  const percent = restorePercent(progress);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium text-gray-900 dark:text-gray-100">{formatRestorePhase(progress.phase)}</p>
        <p className="text-lg font-semibold text-blue-700 tabular-nums dark:text-blue-300">{percent === null ? 'Counting…' : formatPercent(percent)}</p>
      </div>
      <ProgressBar value={percent} label="Restore progress" valueText={percent === null ? 'Counting files' : formatPercent(percent)} />
      <DescriptionList
        items={[
          { label: 'Files', value: <span className="tabular-nums">{formatOf(progress.filesDone, progress.filesTotal)}</span> },
          { label: 'Data written', value: <span className="tabular-nums">{formatOf(progress.bytesDone, progress.bytesTotal, formatBytes)}</span> },
          { label: 'Throughput', value: <span className="tabular-nums">{formatThroughput(progress.bytesPerSecond)}</span> },
          { label: 'Time left', value: formatEta(progress.etaSeconds) },
          { label: 'Current file', value: progress.currentPath ? <span className="font-mono text-xs break-all">{progress.currentPath}</span> : '—' },
        ]}
      />
    </div>
  );
}
