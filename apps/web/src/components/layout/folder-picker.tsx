import type { FolderMembership } from '@cloud-backup/domain';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ROLE_INFO } from '../../features/access/role-descriptions';
import { CreateFolderDialog } from '../../features/folders/forms/create-folder-dialog';
import { cx } from '../ui/cx';
import { FOLDER_SECTIONS } from './folder-nav';

const SECTIONS: ReadonlySet<string> = new Set(FOLDER_SECTIONS.map((s) => s.path));

const itemsOf = (menu: HTMLElement | null) => Array.from(menu?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []);

/**
 * The same section in another folder: ids below a section (a backup, a policy) never exist in another
 * folder, so only the section itself is kept; anything that is not a section lands on the overview.
 */
export function folderSectionHref(pathname: string, folderId: string): string {
  const section = /^\/folders\/[^/]+\/([^/]+)/.exec(pathname)?.[1];
  return `/folders/${encodeURIComponent(folderId)}/${section && SECTIONS.has(section) ? section : 'overview'}`;
}

interface FolderPickerProps {
  folders: readonly FolderMembership[];
  /** Null outside any folder (the Users page, a user without folders). */
  currentId: string | null;
  /** Installation admins may create folders (decision 010). */
  mayCreate: boolean;
}

/** A menu button: arrow keys move between folders, Enter or Space picks, Escape closes and returns focus. */
export function FolderPicker({ folders, currentId, mayCreate }: FolderPickerProps) {
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const menuId = useId();
  const roleId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const location = useLocation();
  const navigate = useNavigate();
  const current = folders.find((f) => f.id === currentId);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    // Focus the current folder when the menu opens, as a native select would.
    const items = itemsOf(menuRef.current);
    (items.find((el) => el.getAttribute('aria-checked') === 'true') ?? items[0])?.focus();
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = itemsOf(menuRef.current);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => items[(i + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') focusAt(index + 1);
    else if (event.key === 'ArrowUp') focusAt(index - 1);
    else if (event.key === 'Home') focusAt(0);
    else if (event.key === 'End') focusAt(items.length - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') setOpen(false);
    else if (event.key === ' ' && index >= 0) items[index]?.click();
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
    }
  };

  return (
    <div ref={rootRef} className="relative flex items-center gap-2 text-gray-300">
      <span className="text-xs tracking-wide uppercase" aria-hidden="true">
        Folder
      </span>
      {/* The role sits beside the button as its description, not in its name: "Admin" in the name would
          make the folder button answer to the signed-in user's name in role-based lookups. */}
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={current ? `Folder ${current.name}` : currentId ? `Folder ${currentId}` : 'Choose a folder'}
        aria-describedby={current ? roleId : undefined}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={onButtonKeyDown}
        className="flex h-8 items-center gap-2 rounded-md bg-white/10 px-2 font-medium text-white ring-1 ring-white/20 ring-inset hover:bg-white/15 focus:ring-2 focus:ring-blue-400 focus:outline-none"
      >
        <span className="max-w-48 truncate">{current?.name ?? currentId ?? 'Choose a folder'}</span>
        <span aria-hidden="true" className="text-xs">
          ▾
        </span>
      </button>
      {current && (
        <span id={roleId} title={ROLE_INFO[current.role].description} className="rounded bg-white/15 px-1.5 text-xs text-gray-200">
          <span className="sr-only">Your role: </span>
          {ROLE_INFO[current.role].label}
        </span>
      )}
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Folders"
          onKeyDown={onMenuKeyDown}
          className="absolute top-full left-0 z-30 mt-2 max-h-96 w-72 overflow-y-auto rounded-md border border-gray-200 bg-white py-1 shadow-lg dark:border-gray-700 dark:bg-gray-900"
        >
          {folders.length === 0 && <p className="px-4 py-2 text-gray-500 dark:text-gray-400">You have no role in any folder yet.</p>}
          {folders.map((f) => (
            <Link
              key={f.id}
              role="menuitemradio"
              aria-checked={f.id === currentId}
              tabIndex={-1}
              to={folderSectionHref(location.pathname, f.id)}
              onClick={() => setOpen(false)}
              className={cx(
                'flex items-center justify-between gap-3 px-4 py-2 text-gray-700 hover:bg-gray-100 focus:bg-gray-100 focus:outline-none dark:text-gray-200 dark:hover:bg-gray-800 dark:focus:bg-gray-800',
                f.id === currentId && 'font-semibold text-blue-700 dark:text-blue-300',
              )}
            >
              <span className="truncate">{f.name}</span>
              <span className="shrink-0 text-xs font-normal text-gray-500 dark:text-gray-400" title={ROLE_INFO[f.role].description}>
                {ROLE_INFO[f.role].label}
              </span>
            </Link>
          ))}
          {mayCreate && (
            <>
              <div role="separator" className="my-1 border-t border-gray-100 dark:border-gray-800" />
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => {
                  setOpen(false);
                  setCreating(true);
                }}
                className="block w-full px-4 py-2 text-left text-gray-700 hover:bg-gray-100 focus:bg-gray-100 focus:outline-none dark:text-gray-200 dark:hover:bg-gray-800 dark:focus:bg-gray-800"
              >
                Create folder…
              </button>
            </>
          )}
        </div>
      )}
      {mayCreate && (
        <CreateFolderDialog
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(folder) => {
            setCreating(false);
            // A new folder starts inactive: its overview is the activation wizard.
            navigate(`/folders/${encodeURIComponent(folder.id)}/overview`);
          }}
        />
      )}
    </div>
  );
}
