import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { buttonClasses } from '../components/ui/button';
import { NotFoundRoute } from './not-found.route';

/** Last line of defence for render errors, so a bug shows a way out instead of a blank page. */
export function RouteErrorRoute() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundRoute />;
  const message = error instanceof Error ? error.message : 'Unexpected error';
  return (
    <div role="alert" className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold text-gray-900 dark:text-gray-50">Something went wrong</h1>
      <p className="mt-2 text-gray-600 dark:text-gray-400">{message}</p>
      <Link to="/" reloadDocument className={buttonClasses('primary', 'md', 'mt-6')}>
        Reload the console
      </Link>
    </div>
  );
}
