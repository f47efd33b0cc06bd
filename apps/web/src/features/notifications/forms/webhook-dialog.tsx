import { WEBHOOK_EVENT_LABELS, WebhookEvent, WebhookInput, type CreatedWebhook, type Webhook } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { CopyButton } from '../../../components/ui/copy-button';
import { Dialog } from '../../../components/ui/dialog';
import { FormDialogFooter } from '../../../components/ui/form-dialog-footer';
import { Checkbox, TextField } from '../../../components/ui/form-controls';
import { useToast } from '../../../components/ui/toast';
import { useCreateWebhook, useUpdateWebhook } from '../api/webhooks.mutations';

type FormInput = z.input<typeof WebhookInput>;

const EMPTY: FormInput = { url: '', events: [...WebhookEvent.options], enabled: true };
const EVENT_HINTS: Record<WebhookEvent, string> = {
  'backup.failed': 'A backup of an instance in this folder failed.',
  'agent.offline': 'An agent stopped sending heartbeats.',
  'instance.at_risk': 'An instance’s newest good backup is older than its policy allows.',
  'quota.nearly_reached': 'The folder uses 90 % or more of one of its limits.',
};

interface WebhookDialogProps {
  folderId: string;
  /** Absent: add a new webhook. */
  webhook?: Webhook;
  open: boolean;
  onClose: () => void;
}

/** Add or edit a webhook. After adding, the dialog shows the signing secret — the only time it is shown. */
export function WebhookDialog({ folderId, webhook, open, onClose }: WebhookDialogProps) {
  const create = useCreateWebhook(folderId);
  const update = useUpdateWebhook(folderId);
  const mutation = webhook ? update : create;
  const toast = useToast();
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const eventsErrorId = useId();
  const form = useForm<FormInput, unknown, WebhookInput>({ resolver: zodResolver(WebhookInput), defaultValues: EMPTY });
  const { errors, isSubmitted } = form.formState;
  const events = useWatch({ control: form.control, name: 'events' });
  const { reset } = form;
  const resetCreate = create.reset;
  const resetUpdate = update.reset;

  useEffect(() => {
    if (!open) return;
    reset(webhook ? { url: webhook.url, events: webhook.events, enabled: webhook.enabled } : EMPTY);
    resetCreate();
    resetUpdate();
    setCreated(null);
  }, [open, webhook, reset, resetCreate, resetUpdate]);

  const close = () => {
    setCreated(null);
    onClose();
  };

  const toggleEvent = (event: WebhookEvent, checked: boolean) => {
    const next = checked ? WebhookEvent.options.filter((e) => e === event || events.includes(e)) : events.filter((e) => e !== event);
    form.setValue('events', next, { shouldDirty: true, shouldValidate: isSubmitted });
  };

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      if (webhook) {
        await update.mutateAsync({ webhookId: webhook.id, input: values });
        toast.success('The webhook was saved.');
        onClose();
      } else {
        setCreated(await create.mutateAsync(values));
      }
    } catch (error) {
      const fields = (error as { fields?: Record<string, string> }).fields ?? {};
      for (const [key, message] of Object.entries(fields)) {
        if (key === 'url' || key === 'events') form.setError(key, { type: 'server', message });
      }
    }
  });

  if (created) {
    return (
      <Dialog
        open={open}
        title="Webhook added"
        description="Copy the signing secret now: it is not shown again."
        size="md"
        onClose={close}
        footer={
          <Button variant="primary" onClick={close}>
            Done
          </Button>
        }
      >
        <div className="space-y-4">
          <p className="break-all text-gray-700 dark:text-gray-300">{created.url}</p>
          <div>
            <p className="mb-1 font-medium text-gray-800 dark:text-gray-200">Signing secret</p>
            <div className="flex items-center gap-2">
              <code data-testid="webhook-secret" className="min-w-0 flex-1 rounded-md bg-gray-100 px-3 py-2 font-mono text-xs break-all dark:bg-gray-800">
                {created.secret}
              </code>
              <CopyButton text={created.secret} label="Copy signing secret" />
            </div>
          </div>
          <p className="text-xs text-gray-500 dark:text-gray-400">
            Each delivery carries <code className="font-mono">X-Cloud-Backup-Signature: sha256=…</code>, the HMAC-SHA256 of the request body with this secret. Check
            it before trusting a delivery.
          </p>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      title={webhook ? 'Edit webhook' : 'Add webhook'}
      description="The console POSTs a signed JSON message to this URL when one of the chosen events happens."
      size="md"
      busy={mutation.isPending}
      onClose={close}
      footer={<FormDialogFooter formId="webhook-form" submitLabel={webhook ? 'Save webhook' : 'Add webhook'} pending={mutation.isPending} onCancel={close} />}
    >
      <form id="webhook-form" onSubmit={onSubmit} noValidate className="space-y-4">
        {mutation.isError && !mutation.error.fields && <Alert>{mutation.error.message}</Alert>}
        <TextField label="URL" type="url" placeholder="https://hooks.example.com/backup" autoComplete="off" spellCheck={false} error={errors.url?.message} {...form.register('url')} />
        <fieldset aria-describedby={errors.events ? eventsErrorId : undefined}>
          <legend className="mb-2 font-medium text-gray-800 dark:text-gray-200">Events</legend>
          <div className="space-y-2">
            {WebhookEvent.options.map((event) => (
              <Checkbox
                key={event}
                label={WEBHOOK_EVENT_LABELS[event]}
                description={EVENT_HINTS[event]}
                checked={events.includes(event)}
                onChange={(e) => toggleEvent(event, e.target.checked)}
              />
            ))}
          </div>
          {errors.events && (
            <p id={eventsErrorId} className="mt-1 text-xs text-red-600 dark:text-red-400">
              {errors.events.message}
            </p>
          )}
        </fieldset>
        <Checkbox label="Enabled" description="A disabled webhook keeps its settings and receives nothing." {...form.register('enabled')} />
      </form>
    </Dialog>
  );
}
