import type { LinkUsage } from '@cloud-backup/domain';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert } from '../../../components/ui/alert';
import { cx } from '../../../components/ui/cx';
import { Skeleton } from '../../../components/ui/skeleton';
import { describeKindUsage, type KindUsage } from '../link-limits';

interface LinkLimitSummaryProps {
  usage: UseQueryResult<LinkUsage>;
  /** `linkUsageAfter` of the current selection, or null while the use is unknown. */
  after: readonly KindUsage[] | null;
}

/** The folder's link limits against the selection; a refusal is shown as an error next to the submit. */
export function LinkLimitSummary({ usage, after }: LinkLimitSummaryProps) {
  if (usage.isPending) return <Skeleton className="h-10 w-full" />;
  if (usage.isError || !after) {
    return <Alert tone="warning" title="Could not load the link limits">{`${usage.error?.message ?? ''} The server still checks them when you link.`.trim()}</Alert>;
  }
  const refusals = after.filter((u) => u.refusal !== null);
  return (
    <div className="space-y-2">
      <ul aria-label="Link limits" className="space-y-0.5">
        {after.map((u) => (
          <li key={u.kind} className={cx('tabular-nums', u.refusal ? 'font-medium text-red-700 dark:text-red-400' : 'text-gray-600 dark:text-gray-300')}>
            {describeKindUsage(u)}
          </li>
        ))}
      </ul>
      {refusals.map((u) => (
        <Alert key={u.kind} title="Over the limit">
          {u.refusal}
        </Alert>
      ))}
    </div>
  );
}
