import { Link } from 'react-router';
import { pathCrumbs } from '../catalog-path';

interface CatalogBreadcrumbsProps {
  path: string;
  /** Shown for the root, e.g. the instance's name. */
  rootLabel: string;
  /** Link to a folder of the same view. */
  hrefFor: (path: string) => string;
}

export function CatalogBreadcrumbs({ path, rootLabel, hrefFor }: CatalogBreadcrumbsProps) {
  const crumbs = pathCrumbs(path);
  return (
    <nav aria-label="Breadcrumbs" className="min-w-0">
      <ol className="flex flex-wrap items-center gap-1 text-sm">
        {crumbs.map((crumb, i) => {
          const last = i === crumbs.length - 1;
          const label = i === 0 ? rootLabel : crumb.name;
          return (
            <li key={crumb.path} className="flex min-w-0 items-center gap-1">
              {i > 0 && (
                <span aria-hidden="true" className="text-gray-400 dark:text-gray-600">
                  /
                </span>
              )}
              {last ? (
                <span aria-current="page" className="truncate font-semibold text-gray-900 dark:text-gray-100">
                  {label}
                </span>
              ) : (
                <Link to={hrefFor(crumb.path)} className="truncate font-medium text-blue-700 hover:underline dark:text-blue-400">
                  {label}
                </Link>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
