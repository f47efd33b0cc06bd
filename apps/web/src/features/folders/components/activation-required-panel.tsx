import { Link, useLocation } from 'react-router';
import { FOLDER_SECTIONS } from '../../../components/layout/folder-nav';
import { buttonClasses } from '../../../components/ui/button';
import { PageHeader } from '../../../components/ui/page-header';

/** The folder section the URL is in ("Operations" for /folders/x/operations), to title the page as usual. */
function sectionLabel(pathname: string): string | null {
  const segment = pathname.split('/')[3];
  return FOLDER_SECTIONS.find((s) => s.path === segment)?.label ?? null;
}

/** Shown instead of a folder page's content until the folder is activated (the API answers 409 meanwhile). */
export function ActivationRequiredPanel({ folderId }: { folderId: string }) {
  const title = sectionLabel(useLocation().pathname);
  return (
    <>
      {/* The page keeps its title, as on every other page of the console. */}
      {title && <PageHeader title={title} />}
      <div className="rounded-lg border border-blue-200 bg-blue-50 px-6 py-8 dark:border-blue-900 dark:bg-blue-950/50">
        <h2 className="text-lg font-semibold text-gray-900 dark:text-gray-50">Activate the service first</h2>
        <p className="mt-1 max-w-prose text-gray-700 dark:text-gray-300">
          Cloud Backup is not active in this folder yet. Activate it on the Overview page; then you can connect machines, link policies and see
          their backups here.
        </p>
        <Link to={`/folders/${encodeURIComponent(folderId)}/overview`} className={buttonClasses('primary', 'md', 'mt-5')}>
          Go to Overview
        </Link>
      </div>
    </>
  );
}
