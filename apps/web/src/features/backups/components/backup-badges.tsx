import type { Backup, BackupType } from '@cloud-backup/domain';
import { Badge } from '../../../components/ui/badge';
import { BACKUP_STATUS, BACKUP_TYPE_LABEL, runningLabel } from '../backup-format';

export function BackupStatusBadge({ backup }: { backup: Pick<Backup, 'status' | 'progress' | 'error'> }) {
  const status = BACKUP_STATUS[backup.status];
  return (
    <Badge tone={status.tone} dot title={backup.error ?? undefined}>
      {backup.status === 'running' ? runningLabel(backup) : status.label}
    </Badge>
  );
}

export function BackupTypeBadge({ type }: { type: BackupType }) {
  return <Badge tone={type === 'full' ? 'blue' : 'gray'}>{BACKUP_TYPE_LABEL[type]}</Badge>;
}
