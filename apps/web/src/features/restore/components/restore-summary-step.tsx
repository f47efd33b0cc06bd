import { OVERWRITE_MODE_LABEL, type Backup } from '@cloud-backup/domain';
import { DescriptionList } from '../../../components/ui/description-list';
import { formatCount, formatDateTime } from '../../../lib/format';
import type { RestoreFormValues, RestoreScope } from '../forms/restore-form.schema';
import type { BasketItem } from './restore-basket.context';

const SHOWN_ITEMS = 8;

interface RestoreSummaryStepProps {
  backup: Pick<Backup, 'instanceName' | 'startedAt'>;
  scope: RestoreScope;
  items: readonly BasketItem[];
  targetName: string;
  values: RestoreFormValues;
}

export function RestoreSummaryStep({ backup, scope, items, targetName, values }: RestoreSummaryStepProps) {
  const paths = scope.kind === 'items' ? scope.paths : [];
  const shown = paths.slice(0, SHOWN_ITEMS);
  const folders = new Set(items.filter((i) => i.type === 'dir').map((i) => i.path));
  return (
    <DescriptionList
      items={[
        { label: 'Backup', value: `${backup.instanceName} · ${formatDateTime(backup.startedAt)}` },
        {
          label: 'What',
          value:
            scope.kind === 'whole' ? (
              'The whole instance'
            ) : (
              <div>
                <p>{`${formatCount(paths.length)} ${paths.length === 1 ? 'item' : 'items'}`}</p>
                <ul aria-label="Items to restore" className="mt-1 space-y-0.5 font-mono text-xs">
                  {shown.map((p) => (
                    <li key={p} className="break-all">
                      {folders.has(p) ? `${p}/` : p}
                    </li>
                  ))}
                  {paths.length > shown.length && <li className="font-sans text-gray-500 dark:text-gray-400">{`and ${formatCount(paths.length - shown.length)} more`}</li>}
                </ul>
              </div>
            ),
        },
        { label: 'Target instance', value: targetName },
        {
          label: 'Location',
          value: values.locationKind === 'custom' ? <span className="font-mono">{values.customPath}</span> : 'Original location',
        },
        { label: 'Overwrite', value: OVERWRITE_MODE_LABEL[values.overwrite] },
      ]}
    />
  );
}
