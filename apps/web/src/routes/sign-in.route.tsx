import { useNavigate, useSearchParams } from 'react-router';
import { ThemeToggle } from '../components/layout/theme-toggle';
import { SignInForm } from '../features/auth/forms/sign-in-form';
import { safeNext } from '../lib/safe-next';

export function SignInRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));

  return (
    <div className="flex min-h-screen flex-col bg-gray-100 dark:bg-gray-950">
      <div className="flex h-14 items-center justify-between bg-gray-900 px-4 text-white">
        <span className="flex items-center gap-2 font-semibold">
          <svg viewBox="0 0 24 24" className="size-6 text-blue-400" fill="currentColor" aria-hidden="true">
            <path d="M6.5 19a4.5 4.5 0 0 1-.42-8.98 6 6 0 0 1 11.66-1.5A5 5 0 0 1 17.5 19h-11Z" />
          </svg>
          Cloud Backup
        </span>
        <ThemeToggle />
      </div>
      <main className="flex flex-1 items-start justify-center px-4 pt-24">
        <div className="w-full max-w-sm rounded-lg border border-gray-200 bg-white p-8 shadow-sm dark:border-gray-800 dark:bg-gray-900">
          <h1 className="text-xl font-semibold text-gray-900 dark:text-gray-50">Sign in</h1>
          <p className="mt-1 mb-6 text-gray-500 dark:text-gray-400">to the Cloud Backup console</p>
          <SignInForm onSignedIn={() => navigate(next, { replace: true })} />
        </div>
      </main>
    </div>
  );
}
