import { INSTANCE_KIND_LABEL, type Instance } from '@cloud-backup/domain';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { Section } from '../../../components/ui/section';
import { useToast } from '../../../components/ui/toast';
import { useRemoveInstance } from '../api/instances.mutations';

export function RemoveInstanceSection({ instance }: { instance: Instance }) {
  const [open, setOpen] = useState(false);
  const remove = useRemoveInstance(instance.folderId);
  const navigate = useNavigate();
  const toast = useToast();

  const onConfirm = () =>
    remove.mutate(
      { instanceId: instance.id },
      {
        onSuccess: () => {
          setOpen(false);
          toast.success(`${instance.name} was removed from the service. Its backups are kept.`);
          navigate(`/folders/${encodeURIComponent(instance.folderId)}/${instance.kind === 'vm' ? 'vms' : 'bms'}`);
        },
      },
    );

  const onCancel = () => {
    setOpen(false);
    remove.reset();
  };

  // Stay mounted once the instance reads as removed: the success callback above still has to run.
  if (instance.status === 'deleted') return null;

  return (
    <Section title="Danger zone" tone="danger">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <p className="max-w-prose text-gray-600 dark:text-gray-300">
          Removing the {INSTANCE_KIND_LABEL[instance.kind].toLowerCase()} from the service stops its agent; no new backups are made. Existing
          backups are kept.
        </p>
        <Button variant="danger" onClick={() => setOpen(true)}>
          Remove from service
        </Button>
      </div>
      <ConfirmDialog
        open={open}
        title={`Remove ${instance.name} from the service?`}
        confirmLabel="Remove"
        pending={remove.isPending}
        error={remove.error?.message ?? null}
        onConfirm={onConfirm}
        onCancel={onCancel}
      >
        <p>The agent on this machine will stop: it no longer sends heartbeats, and no new backups or restores run on it.</p>
        <p>Backups already made are kept. They stay listed as belonging to a removed instance until you delete them.</p>
      </ConfirmDialog>
    </Section>
  );
}
