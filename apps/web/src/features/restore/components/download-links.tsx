import type { CatalogItem } from '@cloud-backup/domain';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { buttonClasses } from '../../../components/ui/button';
import { downloadHref } from '../api/catalog.queries';

interface DownloadProps {
  folderId: string;
  backupId: string;
  item: Pick<CatalogItem, 'name' | 'path' | 'type'>;
  /** -1 keeps it out of the Tab order (rows that do not have focus in the browser's list). */
  tabIndex?: number;
  /** Overrides "Download <name>", e.g. for a version of the file from another backup. */
  label?: string;
}

/** A file downloads straight away; a folder offers tar or zip. Plain links: the browser streams to disk. */
export function DownloadAction(props: DownloadProps) {
  const { folderId, backupId, item, tabIndex, label } = props;
  if (item.type !== 'dir') {
    return (
      <a href={downloadHref(folderId, backupId, item.path)} download={item.name} aria-label={label ?? `Download ${item.name}`} tabIndex={tabIndex} className={buttonClasses('ghost', 'sm')}>
        Download
      </a>
    );
  }
  return <FolderDownloadMenu {...props} />;
}

function FolderDownloadMenu({ folderId, backupId, item, tabIndex, label }: DownloadProps) {
  const [position, setPosition] = useState<{ top: number; right: number } | null>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const open = position !== null;
  const name = label ?? `Download ${item.name}`;

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector('a')?.focus();
    // Fixed to the viewport (rows clip anything positioned inside them), so any scroll or resize closes it.
    const close = (event: Event) => {
      if (event.type === 'mousedown' && menuRef.current?.contains(event.target as Node)) return;
      if (event.type === 'mousedown' && triggerRef.current?.contains(event.target as Node)) return;
      setPosition(null);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('resize', close);
    window.addEventListener('scroll', close, true);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('resize', close);
      window.removeEventListener('scroll', close, true);
    };
  }, [open]);

  const toggle = () => {
    if (open) return setPosition(null);
    const rect = triggerRef.current?.getBoundingClientRect();
    setPosition({ top: (rect?.bottom ?? 0) + 4, right: window.innerWidth - (rect?.right ?? 0) });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    setPosition(null);
    triggerRef.current?.focus();
  };

  const linkClass = 'block rounded px-3 py-1.5 text-gray-800 hover:bg-gray-100 focus:bg-gray-100 dark:text-gray-200 dark:hover:bg-gray-800 dark:focus:bg-gray-800';
  return (
    <>
      <button
        ref={triggerRef}
        type="button"
        aria-label={name}
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        tabIndex={tabIndex}
        onClick={toggle}
        className={buttonClasses('ghost', 'sm')}
      >
        Download <span aria-hidden="true">▾</span>
      </button>
      {position && (
        <div
          ref={menuRef}
          id={menuId}
          onKeyDown={onKeyDown}
          style={{ position: 'fixed', top: position.top, right: position.right }}
          className="z-50 w-44 rounded-md border border-gray-200 bg-white p-1 shadow-lg dark:border-gray-700 dark:bg-gray-900"
        >
          {(['tar', 'zip'] as const).map((format) => (
            <a key={format} href={downloadHref(folderId, backupId, item.path, format)} download aria-label={`${name} as ${format}`} onClick={() => setPosition(null)} className={linkClass}>
              {format === 'tar' ? 'As .tar archive' : 'As .zip archive'}
            </a>
          ))}
        </div>
      )}
    </>
  );
}
