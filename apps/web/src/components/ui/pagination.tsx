import { formatCount } from '../../lib/format';
import { Button } from './button';

interface PaginationProps {
  /** Zero-based index of the first row shown. */
  offset: number;
  /** Rows on this page. */
  count: number;
  total: number;
  onPrevious: () => void;
  onNext: () => void;
  /** Rows of which thing, for screen readers: "backups". */
  noun: string;
}

/** "1–50 of 230" with Previous/Next; the server pages, so this only reports and asks. */
export function Pagination({ offset, count, total, onPrevious, onNext, noun }: PaginationProps) {
  const first = count === 0 ? 0 : offset + 1;
  const last = offset + count;
  return (
    <nav aria-label={`Pages of ${noun}`} className="flex flex-wrap items-center justify-between gap-3">
      <p aria-live="polite" className="text-gray-600 tabular-nums dark:text-gray-400">
        {`${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`}
      </p>
      <div className="flex gap-2">
        <Button size="sm" onClick={onPrevious} disabled={offset === 0}>
          Previous
        </Button>
        <Button size="sm" onClick={onNext} disabled={last >= total}>
          Next
        </Button>
      </div>
    </nav>
  );
}
