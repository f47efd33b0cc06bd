import { can, WEBHOOK_EVENT_LABELS, type Webhook } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Badge } from '../../../components/ui/badge';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { DataTable, type Column } from '../../../components/ui/data-table';
import { EmptyState } from '../../../components/ui/empty-state';
import { PageHeader } from '../../../components/ui/page-header';
import { RelativeTime } from '../../../components/ui/relative-time';
import { PageSpinner } from '../../../components/ui/spinner';
import { useToast } from '../../../components/ui/toast';
import { meQuery } from '../../auth/api/auth.queries';
import { useDeleteWebhook, useTestWebhook } from '../api/webhooks.mutations';
import { webhookListQuery } from '../api/webhooks.queries';
import { WebhookDialog } from '../forms/webhook-dialog';
import { DELIVERY_STATUS } from '../webhook-format';
import { DeliveryLogDialog } from './delivery-log-dialog';

interface RowActions {
  onEdit: (w: Webhook) => void;
  onDelete: (w: Webhook) => void;
  onTest: (w: Webhook) => void;
  onLog: (w: Webhook) => void;
  testing: string | null;
}

function webhookColumns(actions: RowActions): Column<Webhook>[] {
  return [
    {
      id: 'url',
      header: 'URL',
      // One line per webhook; the whole URL is in the tooltip, the edit dialog and the delivery log.
      cell: (w) => (
        <span title={w.url} className="block max-w-64 truncate font-mono text-xs">
          {w.url}
        </span>
      ),
      sortValue: (w) => w.url,
    },
    {
      id: 'events',
      header: 'Events',
      cell: (w) => (
        <div className="flex flex-wrap gap-1">
          {w.events.map((e) => (
            <Badge key={e} tone="blue">
              {WEBHOOK_EVENT_LABELS[e]}
            </Badge>
          ))}
        </div>
      ),
    },
    { id: 'enabled', header: 'Enabled', cell: (w) => (w.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>), sortValue: (w) => (w.enabled ? 0 : 1) },
    {
      id: 'lastDelivery',
      header: 'Last delivery',
      cell: (w) =>
        w.lastDelivery ? (
          <div className="flex flex-col items-start gap-0.5">
            <Badge tone={DELIVERY_STATUS[w.lastDelivery.status].tone} dot>
              {DELIVERY_STATUS[w.lastDelivery.status].label}
            </Badge>
            <span className="text-xs whitespace-nowrap text-gray-500 dark:text-gray-400">
              <RelativeTime value={w.lastDelivery.at} />
            </span>
          </div>
        ) : (
          <span className="text-gray-500 dark:text-gray-400">None yet</span>
        ),
    },
    {
      id: 'actions',
      header: 'Actions',
      cell: (w) => (
        // One line, like every table's row actions; a narrow window scrolls the table instead.
        <div className="flex gap-1.5 whitespace-nowrap">
          <Button size="sm" onClick={() => actions.onTest(w)} pending={actions.testing === w.id} aria-label={`Send test to ${w.url}`}>
            Send test
          </Button>
          <Button size="sm" onClick={() => actions.onLog(w)} aria-label={`Delivery log of ${w.url}`}>
            Delivery log
          </Button>
          <Button size="sm" onClick={() => actions.onEdit(w)} aria-label={`Edit ${w.url}`}>
            Edit
          </Button>
          <Button size="sm" variant="danger" onClick={() => actions.onDelete(w)} aria-label={`Delete ${w.url}`}>
            Delete
          </Button>
        </div>
      ),
    },
  ];
}

function WebhooksManager({ folderId }: { folderId: string }) {
  const webhooks = useQuery(webhookListQuery(folderId));
  const remove = useDeleteWebhook(folderId);
  const test = useTestWebhook(folderId);
  const toast = useToast();
  const [dialog, setDialog] = useState<{ webhook?: Webhook } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [log, setLog] = useState<Webhook | null>(null);
  const testing = test.isPending ? (test.variables?.webhookId ?? null) : null;

  const columns = useMemo(
    () =>
      webhookColumns({
        onEdit: (webhook) => setDialog({ webhook }),
        onDelete: (webhook) => setDeleting(webhook),
        onLog: (webhook) => setLog(webhook),
        onTest: (webhook) =>
          test.mutate(
            { webhookId: webhook.id },
            {
              onSuccess: (delivery) => {
                if (delivery.status === 'delivered') toast.success(`Test delivered${delivery.responseStatus !== null ? ` (HTTP ${delivery.responseStatus})` : ''}.`);
                // The server queues the test and answers before the first attempt; the log shows how it went.
                else if (delivery.status === 'pending' && delivery.attempts === 0) toast.info('Test queued: it is sent right away, and the delivery log shows how it went.');
                else if (delivery.status === 'pending') toast.info(`The test did not go through yet${delivery.error ? `: ${delivery.error}` : ''}. It is retried.`);
                else toast.error(`The test failed${delivery.error ? `: ${delivery.error}` : ''}.`);
              },
              onError: (error) => toast.error(error.message),
            },
          ),
        testing,
      }),
    [test, toast, testing],
  );

  const onConfirmDelete = async () => {
    if (!deleting) return;
    try {
      await remove.mutateAsync({ webhookId: deleting.id });
    } catch {
      return; // the dialog shows remove.error
    }
    toast.success('The webhook was deleted.');
    setDeleting(null);
  };

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Webhooks tell other systems when a backup fails, an agent goes offline, an instance is at risk or a quota is nearly reached."
        actions={
          <Button variant="primary" onClick={() => setDialog({})}>
            Add webhook
          </Button>
        }
      />
      <DataTable
        label="Webhooks"
        columns={columns}
        rows={webhooks.data}
        rowKey={(w) => w.id}
        isLoading={webhooks.isPending}
        error={webhooks.error?.message ?? null}
        filterable={false}
        empty={
          <EmptyState
            title="No webhooks yet"
            description="Add a webhook to be told about failed backups, offline agents, instances at risk and quotas nearly reached."
            action={
              <Button variant="primary" onClick={() => setDialog({})}>
                Add webhook
              </Button>
            }
          />
        }
      />
      <WebhookDialog folderId={folderId} webhook={dialog?.webhook} open={dialog !== null} onClose={() => setDialog(null)} />
      <DeliveryLogDialog folderId={folderId} webhook={log} onClose={() => setLog(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this webhook?"
        confirmLabel="Delete"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onConfirm={onConfirmDelete}
        onCancel={() => {
          setDeleting(null);
          remove.reset();
        }}
      >
        <p>
          <strong className="break-all">{deleting?.url}</strong> receives nothing more, and its delivery log is deleted with it.
        </p>
      </ConfirmDialog>
    </>
  );
}

/** Webhook URLs and secrets reach outside the installation, so only the folder's admins manage them. */
export function NotificationsPage({ folderId }: { folderId: string }) {
  const me = useQuery(meQuery());
  if (me.isPending) return <PageSpinner />;
  const role = me.data?.folders.find((f) => f.id === folderId)?.role ?? null;
  if (!can(role, 'notifications.manage')) {
    return (
      <>
        <PageHeader title="Notifications" />
        <EmptyState
          title="Only a folder admin manages notifications"
          description="Webhooks send folder events to other systems and carry signing secrets, so they are managed by the folder’s admins. Ask one of them to add or change a webhook."
        />
      </>
    );
  }
  return <WebhooksManager folderId={folderId} />;
}
