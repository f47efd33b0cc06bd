import { MAX_RESTORE_ITEMS, type CatalogItem } from '@cloud-backup/domain';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { restorePaths } from '../catalog-path';

/** What the restore list remembers of a selected entry: enough to show it without the listing it came from. */
export const BasketItem = z.object({
  path: z.string(),
  name: z.string(),
  type: z.enum(['file', 'dir', 'symlink']),
  size: z.number().nonnegative(),
});
export type BasketItem = z.infer<typeof BasketItem>;

export function basketItemOf(item: Pick<CatalogItem, 'path' | 'name' | 'type' | 'size'>): BasketItem {
  return { path: item.path, name: item.name, type: item.type, size: item.size };
}

interface RestoreBasket {
  items: readonly BasketItem[];
  has: (path: string) => boolean;
  toggle: (item: BasketItem) => void;
  remove: (path: string) => void;
  clear: () => void;
  /** More than a restore takes at once (after dropping items inside selected folders). */
  overLimit: boolean;
}

const BasketContext = createContext<RestoreBasket | null>(null);

export const basketStorageKey = (backupId: string) => `cloud-backup.restore-basket.${backupId}`;

function load(backupId: string): BasketItem[] {
  try {
    const raw = window.sessionStorage.getItem(basketStorageKey(backupId));
    if (!raw) return [];
    const parsed = z.array(BasketItem).safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    // Storage can be disabled (privacy modes); the list then lives only as long as the page.
    return [];
  }
}

function save(backupId: string, items: readonly BasketItem[]): void {
  try {
    if (items.length === 0) window.sessionStorage.removeItem(basketStorageKey(backupId));
    else window.sessionStorage.setItem(basketStorageKey(backupId), JSON.stringify(items));
  } catch {
    // See load().
  }
}

/**
 * The restore list of one backup's browser. Selections survive folder changes and searches (the provider
 * sits above both) and a reload of the tab (sessionStorage, keyed by backup).
 */
export function RestoreBasketProvider({ backupId, children }: { backupId: string; children: ReactNode }) {
  const [items, setItems] = useState<BasketItem[]>(() => load(backupId));

  useEffect(() => save(backupId, items), [backupId, items]);

  const paths = useMemo(() => new Set(items.map((i) => i.path)), [items]);
  const has = useCallback((path: string) => paths.has(path), [paths]);
  const toggle = useCallback(
    (item: BasketItem) => setItems((list) => (list.some((i) => i.path === item.path) ? list.filter((i) => i.path !== item.path) : [...list, item])),
    [],
  );
  const remove = useCallback((path: string) => setItems((list) => list.filter((i) => i.path !== path)), []);
  const clear = useCallback(() => setItems([]), []);

  const value = useMemo<RestoreBasket>(
    () => ({ items, has, toggle, remove, clear, overLimit: restorePaths(items).length > MAX_RESTORE_ITEMS }),
    [items, has, toggle, remove, clear],
  );
  return <BasketContext.Provider value={value}>{children}</BasketContext.Provider>;
}

export function useRestoreBasket(): RestoreBasket {
  const basket = useContext(BasketContext);
  if (!basket) throw new Error('useRestoreBasket must be used inside <RestoreBasketProvider>');
  return basket;
}
