import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state';
import { Section } from '../../../components/ui/section';
import { backupListQuery } from '../api/backups.queries';
import { backupsPageHref } from '../backup-filters';
import { BackupTable, type BackupColumnId } from './backup-table';

export const RECENT_BACKUPS = 10;

type Owner = { instanceId: string } | { policyId: string };

interface RecentBackupsSectionProps {
  folderId: string;
  owner: Owner;
  /** Extra figures in the section header, e.g. the instance's storage used. */
  summary?: ReactNode;
  emptyText: string;
}

/** The newest backups of one instance or one policy, with a link to all of them on the Backups page. */
export function RecentBackupsSection({ folderId, owner, summary, emptyText }: RecentBackupsSectionProps) {
  const backups = useQuery(backupListQuery(folderId, { ...owner, sort: 'startedAt', order: 'desc', limit: RECENT_BACKUPS, offset: 0 }));
  const hide: BackupColumnId[] = 'instanceId' in owner ? ['instanceName'] : ['policyName'];
  const total = backups.data?.total;

  return (
    <Section
      title="Backups"
      description={total !== undefined && total > RECENT_BACKUPS ? `The newest ${RECENT_BACKUPS} of ${total}.` : 'The newest first.'}
      actions={
        <>
          {summary}
          <Link to={backupsPageHref(folderId, owner)} className="font-medium text-blue-700 hover:underline dark:text-blue-400">
            All backups
          </Link>
        </>
      }
    >
      <BackupTable
        folderId={folderId}
        rows={backups.data?.items}
        isLoading={backups.isPending}
        error={backups.error?.message ?? null}
        hide={hide}
        empty={<EmptyState title="No backups yet" description={emptyText} />}
      />
    </Section>
  );
}
