import { ARCHIVE_NAME_VARIABLES, archiveName } from '@cloud-backup/domain';
import { useEffect, useRef, useState } from 'react';
import { useController, useWatch } from 'react-hook-form';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/form-controls';
import { usePolicyFormContext } from './policy-form.schema';

/** The archive name template, with buttons that insert a variable where the cursor is. */
export function ArchiveNameField({ policyId }: { policyId: string | null }) {
  const { control } = usePolicyFormContext();
  const { field, fieldState } = useController({ control, name: 'settings.archiveName' });
  const policyName = useWatch({ control, name: 'name' });
  const input = useRef<HTMLInputElement | null>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const value = String(field.value ?? '');

  // Put the cursor after the inserted variable once the new value is on screen.
  useEffect(() => {
    if (caret === null || !input.current) return;
    input.current.focus();
    input.current.setSelectionRange(caret, caret);
    setCaret(null);
  }, [caret]);

  const insert = (variable: string) => {
    const el = input.current;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    field.onChange(value.slice(0, start) + variable + value.slice(end));
    setCaret(start + variable.length);
  };

  const example = archiveName(value, { machineName: 'web-1', policyName: policyName?.trim() || 'Policy', policyId: policyId ?? 'pol_new', uniqueId: 'k3x9' });

  return (
    <div className="space-y-2">
      <TextField
        label="Archive name"
        spellCheck={false}
        className="max-w-xl [&_input]:font-mono"
        name={field.name}
        ref={(el) => {
          input.current = el;
          field.ref(el);
        }}
        value={value}
        onChange={(e) => field.onChange(e.target.value)}
        onBlur={field.onBlur}
        error={fieldState.error?.message}
        hint={value ? `For example: ${example}. The name must not end with a variable.` : 'The name must not end with a variable.'}
      />
      <div role="group" aria-label="Insert a variable" className="flex flex-wrap gap-2">
        {ARCHIVE_NAME_VARIABLES.map((variable) => (
          <Button
            key={variable}
            size="sm"
            aria-label={`Insert ${variable}`}
            // Keep the cursor position of the input: a mouse press would otherwise move focus first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => insert(variable)}
          >
            <span className="font-mono">{variable}</span>
          </Button>
        ))}
      </div>
    </div>
  );
}
