import type { OperationLogLine } from '@cloud-backup/domain';
import { formatDateTime } from '../../../lib/format';
import { formatLogTime } from '../operation-format';
import { LogLevelBadge } from './operation-badges';

export function OperationLog({ lines }: { lines: readonly OperationLogLine[] }) {
  if (lines.length === 0) return <p className="text-gray-500 dark:text-gray-400">Nothing logged yet.</p>;
  return (
    <ol aria-label="Operation log" className="divide-y divide-gray-100 overflow-x-auto rounded-md border border-gray-200 bg-gray-50 font-mono text-xs dark:divide-gray-800 dark:border-gray-800 dark:bg-gray-950">
      {lines.map((line, i) => (
        <li key={`${line.at}-${i}`} className="grid grid-cols-[auto_4.75rem_7.5rem_minmax(0,1fr)] items-start gap-3 px-3 py-1.5">
          <time dateTime={line.at} title={formatDateTime(line.at)} className="text-gray-500 tabular-nums dark:text-gray-400">
            {formatLogTime(line.at)}
          </time>
          {/* Fixed columns, so every row's step and message line up whatever the level's width. */}
          <span>
            <LogLevelBadge level={line.level} />
          </span>
          <span className="break-words text-gray-600 dark:text-gray-300">{line.step}</span>
          <span className={line.level === 'error' ? 'whitespace-pre-wrap break-words text-red-700 dark:text-red-400' : 'whitespace-pre-wrap break-words text-gray-900 dark:text-gray-100'}>
            {line.message}
          </span>
        </li>
      ))}
    </ol>
  );
}
