import { useEffect, useId, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSignOut } from '../../features/auth/api/auth.mutations';
import { useToast } from '../ui/toast';

const ITEM = 'block w-full px-4 py-2 text-left text-gray-700 hover:bg-gray-100 disabled:opacity-50 dark:text-gray-200 dark:hover:bg-gray-800';

export function UserMenu({ username, installationAdmin = false }: { username: string; installationAdmin?: boolean }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const signOut = useSignOut();
  const navigate = useNavigate();
  const toast = useToast();

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const onSignOut = () =>
    signOut.mutate(undefined, {
      onSuccess: () => navigate('/sign-in', { replace: true }),
      onError: (error) => toast.error(error.message),
    });

  return (
    <div
      ref={rootRef}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <button
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((v) => !v)}
        className="flex h-9 items-center gap-2 rounded-md px-2 text-gray-200 hover:bg-white/10 hover:text-white"
      >
        <span aria-hidden="true" className="flex size-7 items-center justify-center rounded-full bg-blue-500 text-xs font-semibold text-white uppercase">
          {username.slice(0, 1)}
        </span>
        <span className="max-w-40 truncate">{username}</span>
        <span aria-hidden="true" className="text-xs">▾</span>
      </button>
      {open && (
        <div id={menuId} className="absolute right-0 z-30 mt-2 w-56 rounded-md border border-gray-200 bg-white py-1 shadow-lg dark:border-gray-700 dark:bg-gray-900">
          <p className="border-b border-gray-100 px-4 py-2 text-xs text-gray-500 dark:border-gray-800 dark:text-gray-400">
            Signed in as <span className="font-medium text-gray-900 dark:text-gray-100">{username}</span>
          </p>
          {installationAdmin && (
            <Link to="/admin/users" onClick={() => setOpen(false)} className={ITEM}>
              Users
            </Link>
          )}
          <Link to="/change-password" onClick={() => setOpen(false)} className={ITEM}>
            Change password
          </Link>
          <button type="button" onClick={onSignOut} disabled={signOut.isPending} className={ITEM}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
