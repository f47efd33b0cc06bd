import { InstanceKind, type CreatedRegistrationToken } from '@cloud-backup/domain';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { PageHeader } from '../../../components/ui/page-header';
import { Spinner } from '../../../components/ui/spinner';
import { Stepper } from '../../../components/ui/stepper';
import { ReportedMetadataList } from '../../instances/components/reported-metadata-list';
import { useCreateRegistrationToken } from '../api/registration-tokens.mutations';
import { InstallStep } from './install-step';
import { KindStep } from './kind-step';
import { LinkPolicyStep } from './link-policy-step';

export const CONNECT_STEPS = ['Kind', 'What is reported', 'Install the agent', 'Link a policy'] as const;

type Step = 0 | 1 | 2 | 3;

function isUsable(token: CreatedRegistrationToken | null, kind: InstanceKind): token is CreatedRegistrationToken {
  return token !== null && token.kind === kind && new Date(token.expiresAt).getTime() > Date.now();
}

export function ConnectWizard({ folderId }: { folderId: string }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const kindParam = InstanceKind.safeParse(searchParams.get('kind'));
  const kind: InstanceKind = kindParam.success ? kindParam.data : 'vm';
  const [step, setStep] = useState<Step>(0);
  const [token, setToken] = useState<CreatedRegistrationToken | null>(null);
  const [instanceId, setInstanceId] = useState<string | null>(null);
  const createToken = useCreateRegistrationToken(folderId);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  // Move focus to the new step's heading so keyboard and screen-reader users follow along.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const setKind = (next: InstanceKind) => setSearchParams({ kind: next }, { replace: true });

  const newToken = () => createToken.mutate({ kind }, { onSuccess: setToken });

  const goToInstall = () => {
    setStep(2);
    // Going back and forth reuses the token: each one is a secret the user may already have pasted.
    if (!isUsable(token, kind) && !createToken.isPending) newToken();
  };

  const onRegistered = useCallback((id: string) => {
    setInstanceId((current) => current ?? id);
    setStep(3);
  }, []);

  return (
    <>
      <PageHeader title="Connect instance" description="Install the Cloud Backup agent on a machine and register it with this folder." />
      <div className="space-y-6">
        <Stepper steps={CONNECT_STEPS} current={step} />
        <div className="rounded-lg border border-gray-200 bg-white p-6 shadow-sm dark:border-gray-800 dark:bg-gray-900">
          <h2 ref={headingRef} tabIndex={-1} className="mb-4 text-lg font-semibold outline-none">
            {`Step ${step + 1} of ${CONNECT_STEPS.length}: ${CONNECT_STEPS[step]}`}
          </h2>

          {step === 0 && (
            <>
              <KindStep kind={kind} onChange={setKind} />
              <div className="mt-6 flex gap-3">
                <Button variant="primary" onClick={() => setStep(1)}>
                  Next
                </Button>
              </div>
            </>
          )}

          {step === 1 && (
            <>
              <p className="text-gray-600 dark:text-gray-300">
                Once registered, the agent reads these details from the machine and reports them to this server. They are shown on the instance
                page; nothing else about the machine is collected.
              </p>
              <ReportedMetadataList />
              <div className="mt-6 flex gap-3">
                <Button onClick={() => setStep(0)}>Back</Button>
                <Button variant="primary" onClick={goToInstall}>
                  Next
                </Button>
              </div>
            </>
          )}

          {step === 2 && (
            <>
              {createToken.isPending && (
                <p role="status" className="flex items-center gap-3 text-gray-600 dark:text-gray-300">
                  <Spinner /> Creating a one-time registration token…
                </p>
              )}
              {createToken.isError && (
                <Alert
                  title="Could not create a registration token"
                  action={
                    <Button size="sm" onClick={newToken}>
                      Try again
                    </Button>
                  }
                >
                  {createToken.error.message}
                </Alert>
              )}
              {!createToken.isPending && isUsable(token, kind) && (
                <InstallStep folderId={folderId} token={token} onRegistered={onRegistered} onNewToken={newToken} />
              )}
              <div className="mt-6 flex gap-3">
                <Button onClick={() => setStep(1)}>Back</Button>
              </div>
            </>
          )}

          {step === 3 && instanceId && <LinkPolicyStep folderId={folderId} instanceId={instanceId} />}
        </div>
      </div>
    </>
  );
}
