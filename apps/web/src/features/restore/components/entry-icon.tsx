import type { CatalogItem } from '@cloud-backup/domain';
import { cx } from '../../../components/ui/cx';

const PATHS: Record<CatalogItem['type'], string> = {
  dir: 'M2.5 5.5A1.5 1.5 0 0 1 4 4h3.6l1.6 1.8H16a1.5 1.5 0 0 1 1.5 1.5v7.2A1.5 1.5 0 0 1 16 16H4a1.5 1.5 0 0 1-1.5-1.5v-9z',
  file: 'M5 2.5h6.5L15.5 6.5v10a1 1 0 0 1-1 1h-9.5a1 1 0 0 1-1-1v-13a1 1 0 0 1 1-1zM11.5 2.5v4h4',
  symlink: 'M8 12l4-4M9 6.5l1.8-1.8a2.8 2.8 0 0 1 4 4L13 10.5M11 13.5l-1.8 1.8a2.8 2.8 0 0 1-4-4L7 9.5',
};

const TONES: Record<CatalogItem['type'], string> = {
  dir: 'fill-amber-300 stroke-amber-500 dark:fill-amber-500/40 dark:stroke-amber-400',
  file: 'fill-white stroke-gray-400 dark:fill-gray-800 dark:stroke-gray-500',
  symlink: 'fill-none stroke-blue-500 dark:stroke-blue-400',
};

/** Decorative: the Type column says the same in words. */
export function EntryIcon({ type, className }: { type: CatalogItem['type'] | 'other'; className?: string }) {
  const t = type === 'other' ? 'file' : type;
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" className={cx('size-4 shrink-0', TONES[t], className)} strokeWidth="1.3" strokeLinejoin="round" strokeLinecap="round">
      <path d={PATHS[t]} />
    </svg>
  );
}
