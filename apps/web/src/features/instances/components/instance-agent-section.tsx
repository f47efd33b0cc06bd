import type { Instance } from '@cloud-backup/domain';
import type { ReactNode } from 'react';
import { DescriptionList } from '../../../components/ui/description-list';
import { RelativeTime } from '../../../components/ui/relative-time';
import { Section } from '../../../components/ui/section';
import { formatDateTime } from '../../../lib/format';

const STATUS_LABEL: Record<Instance['status'], string> = {
  registering: 'Registering',
  registered: 'Registered',
  failed_registration: 'Registration failed',
  deleted: 'Removed from the service',
};

function CredentialState({ instance }: { instance: Instance }) {
  if (instance.credentialRotationPending) {
    return (
      <span role="status" className="text-amber-700 dark:text-amber-400">
        Rotation pending — the agent picks it up on its next heartbeat
      </span>
    );
  }
  if (!instance.credentialRotatedAt) return <>Issued at registration</>;
  return (
    <>
      Credential rotated <RelativeTime value={instance.credentialRotatedAt} />
    </>
  );
}

/** `actions`: e.g. Rotate credential, for roles that may remove the instance. */
export function InstanceAgentSection({ instance, actions }: { instance: Instance; actions?: ReactNode }) {
  return (
    <Section title="Agent" actions={actions}>
      <DescriptionList
        items={[
          { label: 'Agent version', value: instance.agentVersion ?? '—' },
          { label: 'Agent root', value: <span className="font-mono">{instance.root ?? '—'}</span> },
          { label: 'Status', value: STATUS_LABEL[instance.status] },
          { label: 'Registered', value: formatDateTime(instance.registeredAt) },
          { label: 'Credential', value: <CredentialState instance={instance} /> },
          { label: 'Last seen', value: <RelativeTime value={instance.lastSeenAt} /> },
          { label: 'Last backup', value: <RelativeTime value={instance.lastBackupAt} /> },
          { label: 'Next backup', value: <RelativeTime value={instance.nextBackupAt} never="Not scheduled" /> },
        ]}
      />
    </Section>
  );
}
