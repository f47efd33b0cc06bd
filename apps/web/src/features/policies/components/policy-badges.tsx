import { Badge } from '../../../components/ui/badge';

export function EnabledBadge({ enabled }: { enabled: boolean }) {
  return (
    <Badge tone={enabled ? 'green' : 'gray'} dot>
      {enabled ? 'Enabled' : 'Disabled'}
    </Badge>
  );
}
