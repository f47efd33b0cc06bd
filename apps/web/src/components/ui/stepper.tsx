import { cx } from './cx';

interface StepperProps {
  steps: readonly string[];
  /** Zero-based index of the current step. */
  current: number;
}

export function Stepper({ steps, current }: StepperProps) {
  return (
    <ol aria-label="Steps" className="flex flex-wrap items-center gap-x-2 gap-y-3">
      {steps.map((step, index) => {
        const state = index < current ? 'done' : index === current ? 'current' : 'upcoming';
        return (
          <li key={step} aria-current={state === 'current' ? 'step' : undefined} className="flex items-center gap-2">
            <span
              aria-hidden="true"
              className={cx(
                'flex size-7 items-center justify-center rounded-full text-xs font-semibold ring-1',
                state === 'done' && 'bg-blue-600 text-white ring-blue-600 dark:bg-blue-500 dark:ring-blue-500 dark:text-gray-950',
                state === 'current' && 'bg-white text-blue-700 ring-2 ring-blue-600 dark:bg-gray-900 dark:text-blue-300 dark:ring-blue-400',
                state === 'upcoming' && 'bg-white text-gray-500 ring-gray-300 dark:bg-gray-900 dark:text-gray-400 dark:ring-gray-700',
              )}
            >
              {state === 'done' ? '✓' : index + 1}
            </span>
            <span className={cx('font-medium', state === 'upcoming' ? 'text-gray-500 dark:text-gray-400' : 'text-gray-900 dark:text-gray-100')}>
              <span className="sr-only">{`Step ${index + 1}${state === 'done' ? ' (done)' : ''}: `}</span>
              {step}
            </span>
            {index < steps.length - 1 && <span aria-hidden="true" className="mx-1 h-px w-8 bg-gray-300 dark:bg-gray-700" />}
          </li>
        );
      })}
    </ol>
  );
}
