import { formatDateTime, formatRelativeTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';

/** "5 minutes ago", with the exact time on hover and in the machine-readable attribute. */
export function RelativeTime({ value, never = 'Never' }: { value: string | null; never?: string }) {
  const now = useNow();
  if (!value) return <span className="text-gray-500 dark:text-gray-400">{never}</span>;
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {formatRelativeTime(value, now)}
    </time>
  );
}
