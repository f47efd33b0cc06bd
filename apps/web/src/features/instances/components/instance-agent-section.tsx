import type { Instance } from '@cloud-backup/domain';
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

export function InstanceAgentSection({ instance }: { instance: Instance }) {
  return (
    <Section title="Agent">
      <DescriptionList
        items={[
          { label: 'Agent version', value: instance.agentVersion ?? '—' },
          { label: 'Agent root', value: <span className="font-mono">{instance.root ?? '—'}</span> },
          { label: 'Status', value: STATUS_LABEL[instance.status] },
          { label: 'Registered', value: formatDateTime(instance.registeredAt) },
          { label: 'Last seen', value: <RelativeTime value={instance.lastSeenAt} /> },
          { label: 'Last backup', value: <RelativeTime value={instance.lastBackupAt} /> },
          { label: 'Next backup', value: <RelativeTime value={instance.nextBackupAt} never="Not scheduled" /> },
        ]}
      />
    </Section>
  );
}
