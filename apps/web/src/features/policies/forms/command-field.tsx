import type { Command } from '@cloud-backup/domain';
import { useController } from 'react-hook-form';
import { Button } from '../../../components/ui/button';
import { usePolicyFormContext } from './policy-form.schema';
import { BoundCheckbox, BoundTextField } from './policy-fields';
import { StringListField } from './string-list-field';

const NEW_COMMAND: Command = { command: '', args: [], workingDir: null, stopOnError: true, waitForFinish: true };

interface CommandFieldProps {
  name: 'settings.preCommand' | 'settings.postCommand';
  title: 'Pre-backup command' | 'Post-backup command';
  description: string;
}

/** At most one command on each side of the data capture; absent is null. */
export function CommandField({ name, title, description }: CommandFieldProps) {
  const { control } = usePolicyFormContext();
  const { field } = useController({ control, name });
  const command = field.value as Command | null;
  const lower = title.charAt(0).toLowerCase() + title.slice(1);
  return (
    <fieldset className="rounded-md border border-gray-200 px-4 py-3 dark:border-gray-800">
      <legend className="px-1 font-medium text-gray-800 dark:text-gray-200">{title}</legend>
      <p className="mb-3 text-gray-500 dark:text-gray-400">{description}</p>
      {command === null ? (
        <Button size="sm" onClick={() => field.onChange(structuredClone(NEW_COMMAND))}>
          {`Add ${lower}`}
        </Button>
      ) : (
        // Bound only while a command exists: its nested paths do not exist while it is null.
        <div className="space-y-4">
          <BoundTextField name={`${name}.command`} label="Command" placeholder="/usr/local/bin/db-freeze" spellCheck={false} className="max-w-xl [&_input]:font-mono" />
          <StringListField name={`${name}.args`} legend="Arguments" itemLabel="Argument" addLabel="Add argument" emptyText="No arguments." mono />
          <BoundTextField name={`${name}.workingDir`} label="Working directory" nullable placeholder="Agent’s default" spellCheck={false} className="max-w-xl [&_input]:font-mono" />
          <div className="flex flex-wrap gap-x-8 gap-y-3">
            <BoundCheckbox name={`${name}.stopOnError`} label="Stop on error" description="A failing command stops the backup (reattempts apply)." />
            <BoundCheckbox name={`${name}.waitForFinish`} label="Wait for finish" description="The backup continues only once the command has ended." />
          </div>
          <Button size="sm" variant="ghost" onClick={() => field.onChange(null)}>
            {`Remove ${lower}`}
          </Button>
        </div>
      )}
    </fieldset>
  );
}
