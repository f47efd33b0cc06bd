import { MAX_RESTORE_ITEMS } from '@cloud-backup/domain';
import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { formatBytes, formatCount } from '../../../lib/format';
import { EntryIcon } from './entry-icon';
import { useRestoreBasket } from './restore-basket.context';

/** The restore list, fixed at the bottom of the browser while anything is selected. */
export function RestoreBasketBar({ onRestore }: { onRestore: () => void }) {
  const basket = useRestoreBasket();
  const [expanded, setExpanded] = useState(false);
  const listId = useId();
  const count = basket.items.length;
  if (count === 0) return null;

  return (
    <div
      role="region"
      aria-label="Restore list"
      className="fixed inset-x-0 bottom-0 z-30 border-t border-gray-200 bg-white/95 shadow-[0_-4px_16px_rgba(0,0,0,0.08)] backdrop-blur dark:border-gray-800 dark:bg-gray-900/95"
    >
      <div className="mx-auto max-w-7xl px-8 py-3">
        {expanded && (
          <ul id={listId} aria-label="Selected items" className="mb-3 max-h-60 divide-y divide-gray-100 overflow-y-auto rounded-md border border-gray-200 dark:divide-gray-800 dark:border-gray-800">
            {basket.items.map((item) => (
              <li key={item.path} className="flex items-center gap-3 px-3 py-1.5">
                <EntryIcon type={item.type} />
                <span className="min-w-0 flex-1 truncate font-mono text-xs text-gray-800 dark:text-gray-200" title={item.path}>
                  {item.path}
                </span>
                {item.type !== 'symlink' && <span className="text-xs text-gray-500 tabular-nums dark:text-gray-400">{formatBytes(item.size)}</span>}
                <Button size="sm" variant="ghost" aria-label={`Remove ${item.path}`} onClick={() => basket.remove(item.path)}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p aria-live="polite" className="font-medium text-gray-900 dark:text-gray-100">
            {`${formatCount(count)} ${count === 1 ? 'item' : 'items'} selected`}
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="ghost" aria-expanded={expanded} aria-controls={expanded ? listId : undefined} onClick={() => setExpanded((e) => !e)}>
              {expanded ? 'Hide list' : 'Show list'}
            </Button>
            <Button variant="ghost" onClick={basket.clear}>
              Clear all
            </Button>
            <span title={basket.overLimit ? `A restore takes at most ${formatCount(MAX_RESTORE_ITEMS)} items` : undefined} className="inline-flex">
              <Button variant="primary" onClick={onRestore} disabled={basket.overLimit}>
                Restore…
              </Button>
            </span>
          </div>
        </div>
        {basket.overLimit && (
          <p className="mt-2 text-xs text-amber-700 dark:text-amber-300">
            {`A restore takes at most ${formatCount(MAX_RESTORE_ITEMS)} items. Select their folders instead, or remove some.`}
          </p>
        )}
      </div>
    </div>
  );
}
