import type { Operation, OperationLogLine, OperationStatus, OperationType } from '@cloud-backup/domain';
import type { BadgeTone } from '../../components/ui/badge';

export const OPERATION_TYPE_LABEL: Record<OperationType, string> = {
  backup: 'Backup',
  restore: 'Restore',
  file_restore: 'File restore',
  apply_policy: 'Apply policy',
  revoke_policy: 'Revoke policy',
  retention: 'Retention',
  verify: 'Verify',
  gc: 'Garbage collection',
  delete_backup: 'Delete backup',
};

export const OPERATION_STATUS: Record<OperationStatus, { label: string; tone: BadgeTone }> = {
  queued: { label: 'Queued', tone: 'gray' },
  running: { label: 'Running', tone: 'blue' },
  succeeded: { label: 'Succeeded', tone: 'green' },
  succeeded_with_warnings: { label: 'Succeeded with warnings', tone: 'amber' },
  failed: { label: 'Failed', tone: 'red' },
  cancelled: { label: 'Cancelled', tone: 'gray' },
};

export const LOG_LEVEL: Record<OperationLogLine['level'], { label: string; tone: BadgeTone }> = {
  info: { label: 'Info', tone: 'gray' },
  warning: { label: 'Warning', tone: 'amber' },
  error: { label: 'Error', tone: 'red' },
};

/** Where the operation's target lives in the console, if it has a page. */
export function targetHref(folderId: string, target: Operation['target']): string {
  const base = `/folders/${encodeURIComponent(folderId)}`;
  const id = encodeURIComponent(target.id);
  switch (target.kind) {
    case 'instance':
      return `${base}/instances/${id}`;
    case 'backup':
      return `${base}/backups/${id}`;
    case 'policy':
      return `${base}/policies/${id}`;
    case 'folder':
      return `${base}/overview`;
  }
}

/** "12:03:20" in the browser's time zone; log lines of one operation rarely span days. */
export function formatLogTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
