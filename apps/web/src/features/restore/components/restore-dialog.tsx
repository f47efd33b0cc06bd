import type { Backup, Instance, Operation } from '@cloud-backup/domain';
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Dialog } from '../../../components/ui/dialog';
import { PageSpinner } from '../../../components/ui/spinner';
import { Stepper } from '../../../components/ui/stepper';
import { errorMessage } from '../../../lib/api-client';
import { instanceListQuery } from '../../instances/api/instances.queries';
import { useStartRestore } from '../api/restore.mutations';
import { RESTORE_STEPS, RestoreForm, restoreFormDefaults, STEP_FIELDS, toRestoreRequest, type RestoreFormValues, type RestoreScope } from '../forms/restore-form.schema';
import { targetRefusal } from '../restore-format';
import type { BasketItem } from './restore-basket.context';
import { RestoreLocationStep } from './restore-location-step';
import { RestoreOverwriteStep } from './restore-overwrite-step';
import { RestoreSummaryStep } from './restore-summary-step';
import { RestoreTargetStep } from './restore-target-step';

type RestoreBackup = Pick<Backup, 'id' | 'folderId' | 'instanceId' | 'instanceName' | 'instanceKind' | 'startedAt'>;

interface RestoreDialogProps {
  open: boolean;
  backup: RestoreBackup;
  scope: RestoreScope;
  /** The restore list behind an items scope, for the summary. */
  items?: readonly BasketItem[];
  onClose: () => void;
  /** Runs once the server accepted the restore, before the page moves to its operation. */
  onStarted?: (operation: Operation) => void;
}

/** The restore wizard: target instance → location → overwrite mode → summary. Mounted only while open. */
export function RestoreDialog({ open, ...rest }: RestoreDialogProps) {
  return open ? <RestoreWizardLoader {...rest} /> : null;
}

function RestoreWizardLoader(props: Omit<RestoreDialogProps, 'open'>) {
  const instances = useQuery(instanceListQuery(props.backup.folderId, null));
  if (!instances.data) {
    return (
      <Dialog open title="Restore" onClose={props.onClose}>
        {instances.isError ? (
          <Alert title="Could not load the instances" action={<Button size="sm" onClick={() => void instances.refetch()}>Try again</Button>}>
            {errorMessage(instances.error)}
          </Alert>
        ) : (
          <PageSpinner label="Loading instances…" />
        )}
      </Dialog>
    );
  }
  return <RestoreWizard {...props} instances={instances.data} />;
}

function RestoreWizard({ backup, scope, items = [], onClose, onStarted, instances }: Omit<RestoreDialogProps, 'open'> & { instances: readonly Instance[] }) {
  const source = instances.find((i) => i.id === backup.instanceId);
  const sourceOffered = source !== undefined && targetRefusal(source, backup.instanceKind) === null;
  const form = useForm<RestoreFormValues>({ resolver: zodResolver(RestoreForm), defaultValues: restoreFormDefaults(sourceOffered ? backup.instanceId : '') });
  const [step, setStep] = useState(0);
  const [requestError, setRequestError] = useState<string | null>(null);
  const start = useStartRestore(backup.folderId);
  const navigate = useNavigate();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  // Focus follows to each new step's heading, so keyboard and screen-reader users keep their place.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const values = form.watch();
  const target = instances.find((i) => i.id === values.targetInstanceId);
  const last = step === RESTORE_STEPS.length - 1;

  const next = async () => {
    // From the step this click was made on: a double click must not skip a step's checks.
    if (await form.trigger([...(STEP_FIELDS[step] ?? [])])) setStep(Math.min(step + 1, RESTORE_STEPS.length - 1));
  };
  const back = () => {
    start.reset();
    setStep((s) => Math.max(0, s - 1));
  };

  const submit = form.handleSubmit(async (formValues) => {
    const request = toRestoreRequest(formValues, scope);
    setRequestError(request.success ? null : (request.error.issues[0]?.message ?? 'This restore cannot be requested'));
    if (!request.success) return;
    let operation: Operation;
    try {
      operation = await start.mutateAsync({ backupId: backup.id, request: request.data });
    } catch {
      return; // shown from start.error
    }
    onStarted?.(operation);
    navigate(`/folders/${encodeURIComponent(backup.folderId)}/operations/${encodeURIComponent(operation.id)}`);
  });

  const footer = (
    <>
      <Button onClick={onClose} disabled={start.isPending}>
        Cancel
      </Button>
      {step > 0 && (
        <Button onClick={back} disabled={start.isPending}>
          Back
        </Button>
      )}
      {last ? (
        <Button variant="primary" onClick={() => void submit()} pending={start.isPending}>
          Start restore
        </Button>
      ) : (
        <Button variant="primary" onClick={() => void next()}>
          Next
        </Button>
      )}
    </>
  );

  return (
    <Dialog open title="Restore" size="xl" busy={start.isPending} onClose={onClose} footer={footer}>
      <div className="space-y-5">
        <Stepper steps={RESTORE_STEPS} current={step} />
        <h3 ref={headingRef} tabIndex={-1} className="text-base font-semibold text-gray-900 outline-none dark:text-gray-100">
          {`Step ${step + 1} of ${RESTORE_STEPS.length}: ${RESTORE_STEPS[step]}`}
        </h3>
        {step === 0 && <RestoreTargetStep backup={backup} instances={instances} form={form} />}
        {step === 1 && target && <RestoreLocationStep folderId={backup.folderId} scope={scope} target={target} form={form} />}
        {step === 2 && <RestoreOverwriteStep form={form} />}
        {step === 3 && <RestoreSummaryStep backup={backup} scope={scope} items={items} targetName={target?.name ?? values.targetInstanceId} values={values} />}
        {requestError && <Alert title="The restore did not start">{requestError}</Alert>}
        {start.isError && (
          <Alert title="The restore did not start">
            <p>{start.error.message}</p>
            {start.error.fields && (
              <ul className="mt-1 list-disc pl-5">
                {Object.entries(start.error.fields).map(([field, message]) => (
                  <li key={field}>{`${field}: ${message}`}</li>
                ))}
              </ul>
            )}
          </Alert>
        )}
      </div>
    </Dialog>
  );
}
