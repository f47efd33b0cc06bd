import { can } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { buttonClasses } from '../../../components/ui/button';
import { PageHeader } from '../../../components/ui/page-header';
import { PageSpinner } from '../../../components/ui/spinner';
import { useFolderRole } from '../../auth/api/auth.queries';
import { BackUpPolicyButton } from '../../backups/components/back-up-policy-button';
import { RecentBackupsSection } from '../../backups/components/recent-backups-section';
import { FolderQueryError } from '../../folders/components/folder-query-error';
import { policyQuery } from '../api/policies.queries';
import { formatRetention, formatSchedule } from '../policy-format';
import { DeletePolicyButton } from './delete-policy-button';
import { EnabledBadge } from './policy-badges';
import { PolicyLinkedInstances } from './policy-linked-instances';
import { PolicySettingsView } from './policy-settings-view';

export function PolicyPage({ folderId, policyId }: { folderId: string; policyId: string }) {
  const policy = useQuery(policyQuery(folderId, policyId));
  const role = useFolderRole(folderId);

  if (policy.isPending) return <PageSpinner label="Loading policy…" />;
  if (policy.isError) return <FolderQueryError folderId={folderId} error={policy.error} title="Could not load the policy" onRetry={() => void policy.refetch()} />;

  const p = policy.data;
  // Unknown role: show the actions and let the server decide.
  const mayWrite = role === null || can(role, 'policy.write');
  return (
    <>
      <PageHeader
        title={p.name}
        description={`${formatSchedule(p.settings.schedule, p.settings.timeZone)}. ${formatRetention(p.settings.retention)}.`}
        meta={<EnabledBadge enabled={p.enabled} />}
        actions={
          <>
            {(role === null || can(role, 'backup.run')) && <BackUpPolicyButton policy={p} />}
            {mayWrite && (
              <Link to={`/folders/${encodeURIComponent(folderId)}/policies/${encodeURIComponent(p.id)}/edit`} className={buttonClasses('secondary')}>
                Edit policy
              </Link>
            )}
            {mayWrite && <DeletePolicyButton policy={p} />}
          </>
        }
      />
      <div className="space-y-6">
        <PolicySettingsView policy={p} />
        <PolicyLinkedInstances policy={p} editable={role === null || can(role, 'policy.link')} />
        {(role === null || can(role, 'backup.read')) && (
          <RecentBackupsSection
            folderId={folderId}
            owner={{ policyId: p.id }}
            emptyText="Linked instances are backed up on this policy’s schedule; Back up now starts a backup of each right away."
          />
        )}
      </div>
    </>
  );
}
