import type { OperationLogLine, OperationStatus } from '@cloud-backup/domain';
import { Badge } from '../../../components/ui/badge';
import { LOG_LEVEL, OPERATION_STATUS } from '../operation-format';

export function OperationStatusBadge({ status }: { status: OperationStatus }) {
  const s = OPERATION_STATUS[status];
  return (
    <Badge tone={s.tone} dot>
      {s.label}
    </Badge>
  );
}

export function LogLevelBadge({ level }: { level: OperationLogLine['level'] }) {
  const l = LOG_LEVEL[level];
  return <Badge tone={l.tone}>{l.label}</Badge>;
}
