import { AgentRoot, agentCommands, type CreatedRegistrationToken } from '@cloud-backup/domain';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/form-controls';
import { Spinner } from '../../../components/ui/spinner';
import { Tabs } from '../../../components/ui/tabs';
import { formatDateTime, plural } from '../../../lib/format';
import { useFolderEvents } from '../../../lib/live-events';
import { registrationTokenQuery } from '../api/registration-tokens.queries';
import { AgentCommandList } from './agent-command-list';
import { CopyButton } from '../../../components/ui/copy-button';

export const DEFAULT_DATA_DIR = '/var/lib/cloud-backup-agent';
export const DEFAULT_ROOT = '/';

const DOWNLOAD_CAPTIONS = [
  'Download the agent (one file, no dependencies)',
  'Register this machine with the one-time token',
  'Start the agent and keep it running (for example as a service)',
];
const REPOSITORY_CAPTIONS = ['Register this machine with the one-time token', 'Start the agent and keep it running'];

interface InstallStepProps {
  folderId: string;
  token: CreatedRegistrationToken;
  onRegistered: (instanceId: string) => void;
  onNewToken: () => void;
}

export function InstallStep({ folderId, token, onRegistered, onNewToken }: InstallStepProps) {
  const [dataDir, setDataDir] = useState(DEFAULT_DATA_DIR);
  const [root, setRoot] = useState(DEFAULT_ROOT);
  const [tab, setTab] = useState('download');

  // Live path: the server pushes instance.registered with the token id.
  useFolderEvents(folderId, (event) => {
    if (event.type === 'instance.registered' && event.tokenId === token.id) onRegistered(event.instanceId);
  });

  // Fallback path: poll the token in case the event stream is down or behind a buffering proxy.
  const status = useQuery(registrationTokenQuery(folderId, token.id));
  const usedBy = status.data?.state === 'used' ? status.data.instanceId : null;
  useEffect(() => {
    if (usedBy) onRegistered(usedBy);
  }, [usedBy, onRegistered]);

  const rootCheck = AgentRoot.safeParse(root);
  const rootError = rootCheck.success ? undefined : rootCheck.error.issues[0]?.message;
  const commands = agentCommands({
    serverUrl: token.serverUrl,
    token: token.token,
    dataDir: dataDir.trim() || DEFAULT_DATA_DIR,
    root: root.trim() || DEFAULT_ROOT,
    tlsFingerprint: token.tlsFingerprint,
    tlsPublicKeyPin: token.tlsPublicKeyPin,
  });
  const validHours = Math.round((new Date(token.expiresAt).getTime() - new Date(token.createdAt).getTime()) / 3_600_000);
  const expired = status.data?.state === 'expired';

  return (
    <div className="space-y-6">
      <p className="text-gray-600 dark:text-gray-300">
        Run these commands on the machine as a user that can read the files to back up. The token works once and is valid for{' '}
        <strong>{plural(validHours, 'hour')}</strong>, until <time dateTime={token.expiresAt}>{formatDateTime(token.expiresAt)}</time>. It is shown
        only now.
      </p>

      {token.tlsFingerprint && <TlsFingerprint fingerprint={token.tlsFingerprint} />}

      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Agent data folder"
          value={dataDir}
          onChange={(e) => setDataDir(e.target.value)}
          hint="Where the agent keeps its credential and state. One folder per agent."
          spellCheck={false}
        />
        <TextField
          label="Agent root"
          value={root}
          onChange={(e) => setRoot(e.target.value)}
          hint="The agent never reads or writes outside this folder."
          error={rootError}
          spellCheck={false}
        />
      </div>

      <Tabs
        label="How to get the agent"
        selected={tab}
        onSelect={setTab}
        tabs={[
          {
            id: 'download',
            label: 'Download (Node 20 only)',
            content: (
              <>
                <p className="mb-3 text-gray-600 dark:text-gray-300">For a machine with only Node.js 20 or later: the agent is downloaded from this server.</p>
                <AgentCommandList lines={commands.download} captions={DOWNLOAD_CAPTIONS} />
              </>
            ),
          },
          {
            id: 'repository',
            label: 'From a clone of this repository',
            content: (
              <>
                <p className="mb-3 text-gray-600 dark:text-gray-300">In a clone of the Cloud Backup repository with its dependencies installed:</p>
                <AgentCommandList lines={commands.repository} captions={REPOSITORY_CAPTIONS} />
              </>
            ),
          },
        ]}
      />

      {expired ? (
        <Alert
          title="The registration token expired"
          action={
            <Button size="sm" onClick={onNewToken}>
              Create a new token
            </Button>
          }
        >
          Create a new token and run the commands again.
        </Alert>
      ) : (
        <div role="status" className="flex items-center gap-3 rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-blue-900 dark:border-blue-900 dark:bg-blue-950/50 dark:text-blue-100">
          <Spinner />
          <div>
            <p className="font-medium">Waiting for the instance to register…</p>
            <p className="text-xs text-blue-800/80 dark:text-blue-200/80">This page moves on by itself as soon as the agent registers.</p>
          </div>
        </div>
      )}
      {status.isError && <Alert title="Could not check the registration">{status.error.message}</Alert>}
    </div>
  );
}

/** The agent pins this certificate at registration (the commands carry it); shown so it can be checked out of band. */
function TlsFingerprint({ fingerprint }: { fingerprint: string }) {
  return (
    <div className="rounded-md border border-gray-200 px-4 py-3 dark:border-gray-800">
      <p id="tls-fingerprint-label" className="mb-1 font-medium">
        Server certificate SHA-256 fingerprint
      </p>
      <div className="flex items-start gap-2">
        <code aria-labelledby="tls-fingerprint-label" data-testid="tls-fingerprint" className="min-w-0 flex-1 font-mono text-xs [overflow-wrap:anywhere]">
          {fingerprint}
        </code>
        <CopyButton text={fingerprint} label="Copy the certificate fingerprint" />
      </div>
      <p className="mt-1 text-xs text-gray-500 dark:text-gray-400">
        The agent accepts only this certificate, now and later. Compare it with the one on the server if in doubt.
      </p>
    </div>
  );
}
