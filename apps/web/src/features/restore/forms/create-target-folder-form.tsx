import { NewFolderName } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/form-controls';
import { useCreateTargetFolder } from '../api/restore.mutations';

const CreateFolderForm = z.object({ name: NewFolderName });
type CreateFolderForm = z.input<typeof CreateFolderForm>;

interface CreateTargetFolderFormProps {
  folderId: string;
  instanceId: string;
  /** The folder the new one goes in. */
  parent: string;
  onCreated: (path: string) => void;
}

/** Inline "new folder" on the restore target; the name rules are the domain's, so the server agrees. */
export function CreateTargetFolderForm({ folderId, instanceId, parent, onCreated }: CreateTargetFolderFormProps) {
  const create = useCreateTargetFolder(folderId);
  const form = useForm<CreateFolderForm, unknown, z.output<typeof CreateFolderForm>>({ resolver: zodResolver(CreateFolderForm), defaultValues: { name: '' } });
  const fieldError = form.formState.errors.name?.message ?? create.error?.fields?.name;

  const onSubmit = form.handleSubmit(async ({ name }) => {
    try {
      const created = await create.mutateAsync({ instanceId, request: { parent, name } });
      form.reset({ name: '' });
      onCreated(created.path);
    } catch {
      // Shown below from create.error.
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-3">
      <TextField label="New folder name" autoComplete="off" spellCheck={false} className="min-w-0 flex-1" error={fieldError} {...form.register('name')} />
      <Button type="submit" pending={create.isPending} className="mt-6">
        Create folder
      </Button>
      {create.isError && !create.error.fields?.name && (
        <p role="alert" className="w-full text-xs text-red-600 dark:text-red-400">
          {create.error.message}
        </p>
      )}
    </form>
  );
}
