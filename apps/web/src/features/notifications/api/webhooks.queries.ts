import { WebhookDeliveryList, WebhookList } from '@cloud-backup/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

export const webhookKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'webhooks'] as const,
  list: (folderId: string) => [...webhookKeys.all(folderId), 'list'] as const,
  deliveries: (folderId: string, webhookId: string) => [...webhookKeys.all(folderId), 'deliveries', webhookId] as const,
  deliveryPage: (folderId: string, webhookId: string, offset: number) => [...webhookKeys.deliveries(folderId, webhookId), offset] as const,
};

export const DELIVERY_PAGE_SIZE = 20;

export const webhookListQuery = (folderId: string) =>
  queryOptions({
    queryKey: webhookKeys.list(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/webhooks`, WebhookList, signal),
    select: (data) => data.items,
  });

export const webhookDeliveriesQuery = (folderId: string, webhookId: string, offset: number) =>
  queryOptions({
    queryKey: webhookKeys.deliveryPage(folderId, webhookId, offset),
    queryFn: ({ signal }) =>
      apiGet(`${apiPath`/folders/${folderId}/webhooks/${webhookId}/deliveries`}?limit=${DELIVERY_PAGE_SIZE}&offset=${offset}`, WebhookDeliveryList, signal),
    // Retries go out for up to half an hour; while any is pending, keep the log current.
    refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === 'pending') ? 10_000 : false),
  });
