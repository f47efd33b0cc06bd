import { ErrorCode, isValidTimeZone, PolicyInput, PolicySettings, TimeZone, type Policy } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { useToast } from '../../../components/ui/toast';
import { errorMessage, isApiError } from '../../../lib/api-client';
import { useCreatePolicy, useUpdatePolicy } from '../api/policies.mutations';
import { AdvancedSection } from './advanced-section';
import { GeneralSection } from './general-section';
import { NextRunsPreview } from './next-runs-preview';
import { newPolicyValues, policyFormErrorMap, policyFormValues, type PolicyFieldName, type PolicyFormValues } from './policy-form.schema';
import { RetentionPreview } from './retention-preview';
import { RetentionSection } from './retention-section';
import { ScheduleSection } from './schedule-section';
import { SourcesSection } from './sources-section';

interface PolicyFormProps {
  folderId: string;
  /** The policy being edited; null creates a new one. */
  policy: Policy | null;
  /** The clock of the next-runs preview; tests pass a fixed time. */
  now?: Date | undefined;
}

interface SaveError {
  message: string;
  details: string[];
}

const resolver = zodResolver(PolicyInput, { error: policyFormErrorMap });

/**
 * The saved time zone stays valid when this browser's Intl lacks it (the server checked it against a complete
 * zone database), so such a policy can still be edited and saved; any other zone is checked as usual.
 */
function resolverFor(policy: Policy | null) {
  const saved = policy?.settings.timeZone;
  if (saved === undefined || isValidTimeZone(saved)) return resolver;
  const settings = PolicySettings.extend({ timeZone: z.union([TimeZone, z.literal(saved)]) });
  return zodResolver(PolicyInput.extend({ settings }), { error: policyFormErrorMap });
}

/** Every setting of a policy (SPEC §3) in one form, checked by the same schema the API uses. */
export function PolicyForm({ folderId, policy, now }: PolicyFormProps) {
  const form = useForm<PolicyFormValues, unknown, PolicyInput>({
    resolver: resolverFor(policy),
    defaultValues: policy ? policyFormValues(policy) : newPolicyValues(),
  });
  const { isDirty, isSubmitting, errors, isSubmitted } = form.formState;
  const create = useCreatePolicy(folderId);
  const update = useUpdatePolicy(folderId);
  const navigate = useNavigate();
  const toast = useToast();
  const [saveError, setSaveError] = useState<SaveError | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);

  const editing = policy !== null;
  const listPath = `/folders/${encodeURIComponent(folderId)}/policies`;
  const pagePath = (id: string) => `${listPath}/${encodeURIComponent(id)}`;
  const leave = () => navigate(policy ? pagePath(policy.id) : listPath);

  /** Puts the server's field messages on the fields they name ("settings.schedule.timesOfDay.times.0"). */
  const showSaveError = (error: unknown) => {
    if (!isApiError(error)) {
      setSaveError({ message: errorMessage(error), details: [] });
      return;
    }
    const fields = error.fields ?? (error.code === ErrorCode.conflict ? { name: error.message } : {});
    const entries = Object.entries(fields);
    entries
      .filter(([path]) => path !== '(root)')
      .forEach(([path, message], index) => form.setError(path as PolicyFieldName, { type: 'server', message }, { shouldFocus: index === 0 }));
    setSaveError({ message: error.message, details: [...new Set(entries.map(([, message]) => message))].filter((m) => m !== error.message) });
  };

  const onSubmit = form.handleSubmit(async (input) => {
    setSaveError(null);
    try {
      const saved = policy ? await update.mutateAsync({ policyId: policy.id, input }) : await create.mutateAsync(input);
      toast.success(policy ? `Saved ${saved.name}` : `Created ${saved.name}`);
      navigate(pagePath(saved.id));
    } catch (error) {
      showSaveError(error);
    }
  });

  const hasErrors = isSubmitted && Object.keys(errors).length > 0;
  const hasPrevious = policy?.instances.some((i) => i.lastBackupAt !== null) ?? false;

  return (
    <FormProvider {...form}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-label={editing ? `Edit ${policy.name}` : 'Create policy'} className="space-y-6">
        {saveError && (
          <Alert title="The policy was not saved">
            <p>{saveError.message}</p>
            {saveError.details.length > 0 && (
              <ul className="mt-1 list-disc pl-5">
                {saveError.details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
          </Alert>
        )}
        <GeneralSection fixed={editing} />
        <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,30rem)]">
          <ScheduleSection fixed={editing} />
          <NextRunsPreview now={now} hasPrevious={hasPrevious} />
        </div>
        {policy && policy.instances.length > 0 ? (
          <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,30rem)]">
            <RetentionSection />
            <RetentionPreview folderId={folderId} policyId={policy.id} />
          </div>
        ) : (
          <RetentionSection />
        )}
        <SourcesSection />
        <AdvancedSection fixed={editing} policyId={policy?.id ?? null} />
        <div className="sticky bottom-0 z-10 -mx-8 flex flex-wrap items-center justify-end gap-3 border-t border-gray-200 bg-gray-50/95 px-8 py-3 backdrop-blur dark:border-gray-800 dark:bg-gray-950/95">
          {hasErrors && (
            <p role="status" className="mr-auto text-red-700 dark:text-red-400">
              Some settings need attention; see the messages at the fields.
            </p>
          )}
          <Button onClick={() => (isDirty ? setConfirmDiscard(true) : leave())} disabled={isSubmitting}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" pending={isSubmitting}>
            Save policy
          </Button>
        </div>
      </form>
      <ConfirmDialog
        open={confirmDiscard}
        title="Discard your changes?"
        confirmLabel="Discard changes"
        cancelLabel="Keep editing"
        onConfirm={() => {
          setConfirmDiscard(false);
          leave();
        }}
        onCancel={() => setConfirmDiscard(false)}
      >
        <p>{editing ? `Your changes to ${policy.name} are not saved.` : 'The new policy is not saved.'}</p>
      </ConfirmDialog>
    </FormProvider>
  );
}
