import type { Instance } from '@cloud-backup/domain';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { Section } from '../../../components/ui/section';
import { useToast } from '../../../components/ui/toast';
import { useUnlinkPolicy } from '../api/instances.mutations';
import { LinkPoliciesDialog } from './link-policies-dialog';

interface InstancePoliciesSectionProps {
  instance: Instance;
  /** False for removed instances and for roles that may not link. */
  editable: boolean;
}

export function InstancePoliciesSection({ instance, editable }: InstancePoliciesSectionProps) {
  const folderId = instance.folderId;
  const unlink = useUnlinkPolicy(folderId);
  const toast = useToast();
  const [linking, setLinking] = useState(false);

  const onUnlink = (policyId: string, policyName: string) =>
    unlink.mutate(
      { instanceId: instance.id, policyId },
      {
        onSuccess: () => toast.success(`Unlinked ${policyName} from ${instance.name}`),
        onError: (error) => toast.error(error.message),
      },
    );

  const base = `/folders/${encodeURIComponent(folderId)}`;
  const linkButton = editable && (
    <Button variant="primary" size="sm" onClick={() => setLinking(true)}>
      Link policies
    </Button>
  );

  return (
    <Section title="Policies" description="Linked policies decide when this instance is backed up and how long backups are kept." actions={linkButton}>
      {instance.policies.length === 0 ? (
        <p className="text-gray-500 dark:text-gray-400">No policy is linked: this instance is not backed up.</p>
      ) : (
        <ul className="divide-y divide-gray-100 rounded-md border border-gray-200 dark:divide-gray-800 dark:border-gray-800">
          {instance.policies.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-4 px-4 py-2">
              <Link to={`${base}/policies/${encodeURIComponent(p.id)}`} className="font-medium text-blue-700 hover:underline dark:text-blue-400">
                {p.name}
              </Link>
              {editable && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Unlink ${p.name}`}
                  pending={unlink.isPending && unlink.variables.policyId === p.id}
                  onClick={() => onUnlink(p.id, p.name)}
                >
                  Unlink
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && <LinkPoliciesDialog open={linking} instance={instance} onClose={() => setLinking(false)} />}
    </Section>
  );
}
