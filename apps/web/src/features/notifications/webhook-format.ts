import { WEBHOOK_EVENT_LABELS, type WebhookDelivery } from '@cloud-backup/domain';
import type { BadgeTone } from '../../components/ui/badge';

export const DELIVERY_STATUS: Record<WebhookDelivery['status'], { label: string; tone: BadgeTone }> = {
  pending: { label: 'Pending', tone: 'blue' },
  delivered: { label: 'Delivered', tone: 'green' },
  failed: { label: 'Failed', tone: 'red' },
};

export function deliveryEventLabel(event: WebhookDelivery['event']): string {
  return event === 'test' ? 'Test' : WEBHOOK_EVENT_LABELS[event];
}
