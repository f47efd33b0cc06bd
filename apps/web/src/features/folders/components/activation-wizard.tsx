import { ActivationRequest, can, defaultPolicies } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Checkbox } from '../../../components/ui/form-controls';
import { useFolderRole } from '../../auth/api/auth.queries';
import { ReportedMetadataList } from '../../instances/components/reported-metadata-list';
import { formatRetention, formatSchedule, formatScheme } from '../../policies/policy-format';
import { useActivateFolder } from '../api/folders.mutations';

const DEFAULTS = defaultPolicies();

export function ActivationWizard({ folderId, folderName }: { folderId: string; folderName: string }) {
  const role = useFolderRole(folderId);
  const activate = useActivateFolder(folderId);
  const form = useForm<z.input<typeof ActivationRequest>, unknown, z.output<typeof ActivationRequest>>({
    resolver: zodResolver(ActivationRequest),
    defaultValues: { createDefaultPolicies: true },
  });
  // Unknown role: let the server decide rather than blocking a user we know too little about.
  const allowed = role === null || can(role, 'folder.activate');

  const onSubmit = form.handleSubmit((values) => activate.mutate(values));

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-gray-900 dark:text-gray-50">Activate Cloud Backup</h1>
        <p className="mt-2 text-gray-600 dark:text-gray-300">
          Cloud Backup protects the virtual machines and bare-metal servers of the folder <strong>{folderName}</strong>. A small agent on each
          machine backs up its files on the schedule of the policies you link to it, keeps backups as long as the policies say, and restores a
          whole machine or single files when you need them. Backups are stored in this server’s own repository.
        </p>
      </div>

      <section aria-labelledby="reported-heading" className="rounded-lg border border-gray-200 bg-white p-5 dark:border-gray-800 dark:bg-gray-900">
        <h2 id="reported-heading" className="text-base font-semibold">
          What the agent reports about each machine
        </h2>
        <ReportedMetadataList />
      </section>

      <form onSubmit={onSubmit} className="space-y-5 rounded-lg border border-gray-200 bg-white p-5 dark:border-gray-800 dark:bg-gray-900" noValidate>
        <Checkbox
          label="Create default policies"
          {...form.register('createDefaultPolicies')}
          description={
            <>
              <p>Creates three policies you can link to machines right away, each incremental and keeping the last 15 backups:</p>
              <ul className="mt-1 list-disc pl-5">
                {DEFAULTS.map((p) => (
                  <li key={p.name}>
                    <span className="font-medium text-gray-700 dark:text-gray-200">{p.name}</span> — {formatSchedule(p.settings.schedule, p.settings.timeZone)};{' '}
                    {formatScheme(p.settings.scheme).toLowerCase()}; {formatRetention(p.settings.retention).toLowerCase()}
                  </li>
                ))}
              </ul>
            </>
          }
        />
        {activate.isError && <Alert title="Activation failed">{activate.error.message}</Alert>}
        {!allowed && role !== null && (
          <Alert tone="info">Your role ({role}) cannot activate the service. Ask a backup editor or admin of this folder.</Alert>
        )}
        <Button type="submit" variant="primary" pending={activate.isPending} disabled={!allowed}>
          Activate
        </Button>
      </form>
    </div>
  );
}
