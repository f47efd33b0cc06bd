import type { Webhook, WebhookDelivery } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { Dialog } from '../../../components/ui/dialog';
import { EmptyState } from '../../../components/ui/empty-state';
import { Pagination } from '../../../components/ui/pagination';
import { formatDateTime } from '../../../lib/format';
import { DELIVERY_PAGE_SIZE, webhookDeliveriesQuery } from '../api/webhooks.queries';
import { DELIVERY_STATUS, deliveryEventLabel } from '../webhook-format';

const columns: Column<WebhookDelivery>[] = [
  { id: 'event', header: 'Event', cell: (d) => deliveryEventLabel(d.event) },
  {
    id: 'status',
    header: 'Status',
    cell: (d) => (
      <Badge tone={DELIVERY_STATUS[d.status].tone} dot>
        {DELIVERY_STATUS[d.status].label}
      </Badge>
    ),
  },
  { id: 'attempts', header: 'Attempts', className: 'tabular-nums', cell: (d) => d.attempts },
  { id: 'response', header: 'Response', className: 'tabular-nums', cell: (d) => (d.responseStatus === null ? '—' : `HTTP ${d.responseStatus}`) },
  { id: 'error', header: 'Error', className: 'max-w-xs', cell: (d) => <span className="break-words text-xs text-red-700 dark:text-red-400">{d.error ?? ''}</span> },
  { id: 'created', header: 'Created', className: 'whitespace-nowrap', cell: (d) => formatDateTime(d.createdAt) },
  {
    id: 'lastAttempt',
    header: 'Last attempt',
    className: 'whitespace-nowrap',
    cell: (d) => (
      <>
        {formatDateTime(d.lastAttemptAt)}
        {d.nextAttemptAt && <span className="block text-xs text-gray-500 dark:text-gray-400">Next {formatDateTime(d.nextAttemptAt)}</span>}
      </>
    ),
  },
];

function DeliveryLog({ folderId, webhookId }: { folderId: string; webhookId: string }) {
  const [offset, setOffset] = useState(0);
  const deliveries = useQuery(webhookDeliveriesQuery(folderId, webhookId, offset));
  const data = deliveries.data;
  return (
    <div className="space-y-3">
      <div className="flex justify-end">
        <Button size="sm" onClick={() => void deliveries.refetch()} pending={deliveries.isFetching}>
          Refresh
        </Button>
      </div>
      <DataTable
      label="Deliveries"
      columns={columns}
      rows={data?.items}
      rowKey={(d) => d.id}
      isLoading={deliveries.isPending}
      error={deliveries.error?.message ?? null}
      filterable={false}
      footer={
        data &&
        data.total > DELIVERY_PAGE_SIZE && (
          <Pagination
            noun="deliveries"
            offset={offset}
            count={data.items.length}
            total={data.total}
            onPrevious={() => setOffset(Math.max(0, offset - DELIVERY_PAGE_SIZE))}
            onNext={() => setOffset(offset + DELIVERY_PAGE_SIZE)}
          />
        )
      }
      empty={<EmptyState title="Nothing delivered yet" description="Deliveries appear here when an event happens or a test is sent." />}
      />
    </div>
  );
}

export function DeliveryLogDialog({ folderId, webhook, onClose }: { folderId: string; webhook: Webhook | null; onClose: () => void }) {
  return (
    <Dialog open={webhook !== null} title="Delivery log" description={webhook?.url} variant="side" size="xl" onClose={onClose}>
      {webhook && <DeliveryLog key={webhook.id} folderId={folderId} webhookId={webhook.id} />}
    </Dialog>
  );
}
