import { Retention, type RetentionPreview as Preview } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useWatch } from 'react-hook-form';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Section } from '../../../components/ui/section';
import { Skeleton } from '../../../components/ui/skeleton';
import { Spinner } from '../../../components/ui/spinner';
import { formatDateTime, plural } from '../../../lib/format';
import { retentionPreviewQuery } from '../api/policies.queries';
import { useDebouncedValue } from '../use-debounced-value';
import { usePolicyFormContext } from './policy-form.schema';

export const RETENTION_PREVIEW_DELAY_MS = 400;

interface RetentionPreviewProps {
  folderId: string;
  policyId: string;
}

/** Which existing backups the retention being edited would delete right now, per linked instance. */
export function RetentionPreview({ folderId, policyId }: RetentionPreviewProps) {
  const { control } = usePolicyFormContext();
  const retention = useWatch({ control, name: 'settings.retention' });
  // The watched object can change in place; its content is what matters.
  const settledKey = useDebouncedValue(JSON.stringify(retention), RETENTION_PREVIEW_DELAY_MS);
  const parsed = useMemo(() => Retention.safeParse(JSON.parse(settledKey)), [settledKey]);
  const valid = parsed.success ? parsed.data : null;
  const preview = useQuery({
    ...retentionPreviewQuery(folderId, policyId, valid ?? { mode: 'keep_all' }),
    enabled: valid !== null && valid.mode === 'rules',
  });

  return (
    <Section
      title="Retention preview"
      description="Backups these rules would delete if retention ran now."
      actions={preview.isFetching && !preview.isPending ? <Spinner size="sm" className="text-gray-400" /> : undefined}
    >
      {valid === null ? (
        <p className="text-gray-500 dark:text-gray-400">Correct the retention rules to preview them.</p>
      ) : valid.mode === 'keep_all' ? (
        <p className="text-gray-500 dark:text-gray-400">All backups are kept: nothing would be deleted.</p>
      ) : preview.isPending ? (
        <div role="status" aria-label="Loading the retention preview" className="space-y-2">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-5 w-1/2" />
        </div>
      ) : preview.isError ? (
        <Alert title="Could not preview retention" action={<Button size="sm" onClick={() => void preview.refetch()}>Try again</Button>}>
          {preview.error.message}
        </Alert>
      ) : (
        <PreviewList preview={preview.data} />
      )}
    </Section>
  );
}

function PreviewList({ preview }: { preview: Preview }) {
  if (preview.instances.length === 0) return <p className="text-gray-500 dark:text-gray-400">No instance is linked to this policy.</p>;
  return (
    <ul className="space-y-4">
      {preview.instances.map((instance) => (
        <li key={instance.instanceId}>
          <h3 className="font-medium text-gray-900 dark:text-gray-100">{instance.instanceName}</h3>
          <p className="text-gray-500 dark:text-gray-400">
            {instance.backupCount === 0
              ? 'No backups yet.'
              : instance.delete.length === 0
                ? `Keeps all ${plural(instance.backupCount, 'backup')}.`
                : `${instance.delete.length} of ${plural(instance.backupCount, 'backup')} would be deleted.`}
          </p>
          {instance.delete.length > 0 && (
            <ul aria-label={`Backups of ${instance.instanceName} that would be deleted`} className="mt-2 divide-y divide-gray-100 rounded-md border border-gray-200 dark:divide-gray-800 dark:border-gray-800">
              {instance.delete.map((backup) => (
                <li key={backup.backupId} className="flex flex-wrap justify-between gap-x-4 px-3 py-1.5">
                  <time dateTime={backup.startedAt} className="tabular-nums">
                    {formatDateTime(backup.startedAt)}
                  </time>
                  <span className="text-gray-500 dark:text-gray-400">{backup.reason}</span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
