import { cx } from './cx';

interface ProgressBarProps {
  /** 0–100; null while the total is not known yet (the bar pulses instead). */
  value: number | null;
  label: string;
  /** Read out instead of the bare number, e.g. "42%, 1.2 GiB of 3 GiB". */
  valueText?: string;
  className?: string;
}

export function ProgressBar({ value, label, valueText, className }: ProgressBarProps) {
  const clamped = value === null ? null : Math.min(100, Math.max(0, value));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped === null ? undefined : Math.floor(clamped)}
      aria-valuetext={valueText}
      className={cx('h-2 w-full overflow-hidden rounded-full bg-gray-200 dark:bg-gray-800', className)}
    >
      <div
        className={cx('h-full rounded-full bg-blue-600 transition-[width] duration-500 dark:bg-blue-400', clamped === null && 'w-1/3 animate-pulse')}
        style={clamped === null ? undefined : { width: `${clamped}%` }}
      />
    </div>
  );
}
