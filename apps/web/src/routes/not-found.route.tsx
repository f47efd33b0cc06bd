import { Link } from 'react-router';
import { buttonClasses } from '../components/ui/button';

export function NotFoundRoute() {
  return (
    <div className="mx-auto max-w-lg px-4 py-24 text-center">
      <p className="text-sm font-semibold text-blue-700 dark:text-blue-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-gray-900 dark:text-gray-50">Page not found</h1>
      <p className="mt-2 text-gray-600 dark:text-gray-400">There is nothing at this address in the Cloud Backup console.</p>
      <Link to="/" className={buttonClasses('primary', 'md', 'mt-6')}>
        Go to the console
      </Link>
    </div>
  );
}
