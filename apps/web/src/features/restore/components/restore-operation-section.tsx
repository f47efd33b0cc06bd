import { OVERWRITE_MODE_LABEL, type Restore } from '@cloud-backup/domain';
import { Link } from 'react-router';
import { DescriptionList } from '../../../components/ui/description-list';
import { Section } from '../../../components/ui/section';
import { formatCount } from '../../../lib/format';
import { browserHref } from '../browser-location';
import { RestoreProgressPanel } from './restore-progress-panel';
import { RestoreSummaryView } from './restore-summary-view';

const linkClass = 'font-medium text-blue-700 hover:underline dark:text-blue-400';

/** The restore part of a restore or file-restore operation page: what was asked, live progress, then the result. */
export function RestoreOperationSection({ folderId, restore, active }: { folderId: string; restore: Restore; active: boolean }) {
  const base = `/folders/${encodeURIComponent(folderId)}`;
  const { request } = restore;
  const paths = request.scope.kind === 'items' ? request.scope.paths : [];
  return (
    <>
      <Section title="Restore">
        <DescriptionList
          items={[
            {
              label: 'From backup',
              value: (
                <span className="flex flex-wrap gap-x-4">
                  <Link to={`${base}/backups/${encodeURIComponent(restore.backupId)}`} className={linkClass}>
                    View backup
                  </Link>
                  <Link to={browserHref(folderId, restore.backupId)} className={linkClass}>
                    Browse its files
                  </Link>
                </span>
              ),
            },
            {
              label: 'Target instance',
              value: (
                <Link to={`${base}/instances/${encodeURIComponent(restore.targetInstanceId)}`} className={linkClass}>
                  {restore.targetInstanceName}
                </Link>
              ),
            },
            {
              label: 'What',
              value:
                request.scope.kind === 'whole' ? (
                  'The whole instance'
                ) : (
                  <details>
                    <summary className="cursor-pointer">{`${formatCount(paths.length)} ${paths.length === 1 ? 'item' : 'items'}`}</summary>
                    <ul className="mt-1 space-y-0.5 font-mono text-xs">
                      {paths.map((p) => (
                        <li key={p} className="break-all">
                          {p}
                        </li>
                      ))}
                    </ul>
                  </details>
                ),
            },
            { label: 'Location', value: request.location.kind === 'custom' ? <span className="font-mono">{request.location.path}</span> : 'Original location' },
            { label: 'Overwrite', value: OVERWRITE_MODE_LABEL[request.overwrite] },
          ]}
        />
      </Section>
      {active && (
        <Section title="Restore progress" description="Updated live as the target’s agent reports.">
          <RestoreProgressPanel progress={restore.progress} />
        </Section>
      )}
      {restore.summary && (
        <Section title="Restore result">
          <RestoreSummaryView summary={restore.summary} />
        </Section>
      )}
    </>
  );
}
