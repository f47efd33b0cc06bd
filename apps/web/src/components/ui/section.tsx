import { useId, type ReactNode } from 'react';
import { cx } from './cx';

interface SectionProps {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  tone?: 'default' | 'danger';
  children: ReactNode;
}

/** A titled card; the heading labels the region so pages are navigable by landmarks. */
export function Section({ title, description, actions, tone = 'default', children }: SectionProps) {
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className={cx(
        'rounded-lg border bg-white shadow-sm dark:bg-gray-900',
        tone === 'danger' ? 'border-red-300 dark:border-red-900' : 'border-gray-200 dark:border-gray-800',
      )}
    >
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-inherit px-5 py-3">
        <div>
          <h2 id={headingId} className={cx('text-base font-semibold', tone === 'danger' ? 'text-red-700 dark:text-red-400' : 'text-gray-900 dark:text-gray-100')}>
            {title}
          </h2>
          {description && <p className="mt-0.5 text-gray-500 dark:text-gray-400">{description}</p>}
        </div>
        {actions && <div className="flex items-center gap-2">{actions}</div>}
      </div>
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
