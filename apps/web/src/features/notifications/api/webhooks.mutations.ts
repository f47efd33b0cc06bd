import { CreatedWebhook, Webhook, WebhookDelivery, type WebhookInput } from '@cloud-backup/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPath, apiSend, type ApiRequestError } from '../../../lib/api-client';
import { webhookKeys } from './webhooks.queries';

function useRefreshWebhooks(folderId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: webhookKeys.all(folderId) });
}

/** The answer carries the signing secret, which the server never shows again. */
export function useCreateWebhook(folderId: string) {
  const refresh = useRefreshWebhooks(folderId);
  return useMutation<CreatedWebhook, ApiRequestError, WebhookInput>({
    mutationFn: (input) => apiSend('POST', apiPath`/folders/${folderId}/webhooks`, input, CreatedWebhook),
    onSuccess: refresh,
  });
}

export function useUpdateWebhook(folderId: string) {
  const refresh = useRefreshWebhooks(folderId);
  return useMutation<Webhook, ApiRequestError, { webhookId: string; input: WebhookInput }>({
    mutationFn: ({ webhookId, input }) => apiSend('PUT', apiPath`/folders/${folderId}/webhooks/${webhookId}`, input, Webhook),
    onSuccess: refresh,
  });
}

export function useDeleteWebhook(folderId: string) {
  const refresh = useRefreshWebhooks(folderId);
  return useMutation<void, ApiRequestError, { webhookId: string }>({
    mutationFn: ({ webhookId }) => apiSend('DELETE', apiPath`/folders/${folderId}/webhooks/${webhookId}`, undefined, null),
    onSuccess: refresh,
  });
}

/** Queues a `test` event; the answer is the queued delivery (normally before its first attempt). */
export function useTestWebhook(folderId: string) {
  const refresh = useRefreshWebhooks(folderId);
  return useMutation<WebhookDelivery, ApiRequestError, { webhookId: string }>({
    mutationFn: ({ webhookId }) => apiSend('POST', apiPath`/folders/${folderId}/webhooks/${webhookId}/test`, undefined, WebhookDelivery),
    onSuccess: refresh,
  });
}
