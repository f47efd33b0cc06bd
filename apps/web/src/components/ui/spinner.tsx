import { cx } from './cx';

interface SpinnerProps {
  size?: 'sm' | 'md' | 'lg';
  className?: string;
}

const SIZES = { sm: 'size-3.5', md: 'size-5', lg: 'size-8' } as const;

/** Decorative; put the words next to it (in a role="status" region when it reports progress). */
export function Spinner({ size = 'md', className }: SpinnerProps) {
  return (
    <svg className={cx('animate-spin text-current', SIZES[size], className)} viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle className="opacity-25" cx="12" cy="12" r="10" stroke="currentColor" strokeWidth="4" />
      <path className="opacity-75" fill="currentColor" d="M4 12a8 8 0 0 1 8-8v4a4 4 0 0 0-4 4H4z" />
    </svg>
  );
}

export function PageSpinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" className="flex items-center justify-center gap-3 py-16 text-gray-500 dark:text-gray-400">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}
