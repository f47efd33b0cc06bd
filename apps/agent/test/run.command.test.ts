import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AgentExitCode, HeartbeatRequest, InstanceMetadata } from '@cloud-backup/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/commands/run.command';
import { saveConfig } from '../src/config/agent-config.store';
import { buildAgentBundle, runAgent, startAgent } from './support/agent-process';
import { backupJob, contentOf, listBackup } from './support/backup-fixtures';
import { startFakeBackupServer } from './support/fake-backup-server';
import { apiError, startFakeAgentServer, type FakeAgentServer, type FakeAnswer } from './support/fake-agent-server';
import { sampleMetadata } from './support/sample-metadata';
import { removeTempDirs, tempDir } from './support/temp-dirs';

let bundle = '';
let server: FakeAgentServer | undefined;
beforeAll(() => {
  bundle = buildAgentBundle();
}, 60_000);
afterAll(removeTempDirs);
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const REMOVED_MESSAGE = 'This instance was removed from the service; the agent stops.';
const removed = apiError(410, 'instance_removed', REMOVED_MESSAGE);
const beat = (metadataRequired: boolean, heartbeatIntervalSeconds = 0.05): FakeAnswer => ({
  status: 200,
  body: { heartbeatIntervalSeconds, metadataRequired },
});
const ISO_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /;

/** A data folder registered against the fake server, as `register` would leave it. */
async function registeredDataDir(answer: (index: number) => FakeAnswer): Promise<string> {
  server = await startFakeAgentServer((_req, i) => answer(i));
  const dataDir = tempDir('agent-run-');
  saveConfig(dataDir, {
    serverUrl: server.url,
    instanceId: 'ins_abc',
    folderId: 'default',
    kind: 'bms',
    name: 'db-01',
    credential: 'secret-cred',
    root: '/',
    heartbeatIntervalSeconds: 0.05,
    registeredAt: new Date().toISOString(),
  });
  return dataDir;
}

describe('run (bundled agent)', () => {
  it('stops with exit 5 and the server message when the instance was removed', async () => {
    const dataDir = await registeredDataDir((i) => (i === 0 ? beat(false) : removed));
    const result = await runAgent(bundle, ['run', '--data-dir', dataDir]);
    expect(result.code).toBe(AgentExitCode.instanceRemoved);
    const lines = result.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(ISO_LINE);
    expect(lines.at(-1)).toMatch(new RegExp(`${ISO_LINE.source}${REMOVED_MESSAGE.replace(/[.;]/g, '\\$&')}$`));
    expect(server?.requests).toHaveLength(2);
    const first = server?.requests[0];
    expect(first?.path).toBe('/agent/v1/heartbeat');
    expect(first?.headers.authorization).toBe('Bearer secret-cred');
    InstanceMetadata.parse(HeartbeatRequest.parse(first?.body).metadata);
  });

  it('stops with exit 5 when the credential is rejected', async () => {
    const dataDir = await registeredDataDir(() => apiError(401, 'invalid_agent_credential', 'Unknown agent credential'));
    const result = await runAgent(bundle, ['run', '--data-dir', dataDir]);
    expect(result.code).toBe(AgentExitCode.instanceRemoved);
    expect(result.stdout).toContain('Unknown agent credential');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('exits 0 on %s', async (signal) => {
    const dataDir = await registeredDataDir(() => beat(false, 3600));
    const agent = startAgent(bundle, ['run', '--data-dir', dataDir]);
    const deadline = Date.now() + 10_000;
    while (!agent.output().stdout.includes('Connected to') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    agent.child.kill(signal);
    const result = await agent.done;
    expect(result.code).toBe(AgentExitCode.ok);
    expect(result.stdout).toContain(`Received ${signal}; stopping`);
    expect(result.stdout).toContain('Agent stopped');
  });
});

describe('runCommand', () => {
  it('omits metadata on the second beat when the server holds it', async () => {
    const dataDir = await registeredDataDir((i) => (i < 2 ? beat(false) : removed));
    const out: string[] = [];
    const code = await runCommand(
      { dataDir },
      { stdout: (t) => out.push(t), stderr: (t) => out.push(t) },
      { collectMetadata: async () => sampleMetadata(), sleep: async () => {} },
    );
    expect(code).toBe(AgentExitCode.instanceRemoved);
    const beats = (server?.requests ?? []).map((r) => HeartbeatRequest.parse(r.body));
    expect(beats).toHaveLength(3);
    expect(beats[0]?.metadata).toEqual(sampleMetadata());
    expect(beats[1]?.metadata).toBeUndefined();
    expect(beats[1]?.metadataHash).toBe(beats[0]?.metadataHash);
    expect(out.join('')).toContain(REMOVED_MESSAGE);
  });

  it('stops cleanly when its signal aborts', async () => {
    const dataDir = await registeredDataDir(() => beat(false, 3600));
    const controller = new AbortController();
    const out: string[] = [];
    const running = runCommand(
      { dataDir },
      { stdout: (t) => out.push(t), stderr: (t) => out.push(t) },
      { collectMetadata: async () => sampleMetadata(), signal: controller.signal },
    );
    while ((server?.requests.length ?? 0) === 0) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    expect(await running).toBe(AgentExitCode.ok);
    expect(out.at(-1)).toMatch(/Agent stopped\n$/);
  });
});

describe('run (bundled agent) with a backup job', () => {
  it('backs up its root with the bundled engine, then exits 0 on SIGTERM', async () => {
    const backups = await startFakeBackupServer();
    try {
      const root = tempDir('agent-run-root-');
      writeFileSync(path.join(root, 'hello.txt'), 'hello from the bundle');
      const dataDir = tempDir('agent-run-');
      saveConfig(dataDir, {
        serverUrl: backups.url,
        instanceId: 'ins_abc',
        folderId: 'default',
        kind: 'vm',
        name: 'vm-01',
        credential: backups.credential,
        root,
        heartbeatIntervalSeconds: 30,
        registeredAt: new Date().toISOString(),
      });
      const job = backupJob();
      backups.jobs.push(job);
      const agent = startAgent(bundle, ['run', '--data-dir', dataDir]);
      const deadline = Date.now() + 10_000;
      while (!agent.output().stdout.includes(`Backup ${job.backupId} finished`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      agent.child.kill('SIGTERM');
      const result = await agent.done;
      expect(result.code).toBe(AgentExitCode.ok);
      expect(result.stdout).toContain(`Backup ${job.backupId} finished: completed`);
      const commit = backups.backup(job.backupId).commit;
      expect(commit?.fileCount).toBe(1);
      const nodes = await listBackup(backups, commit?.rootTreeId ?? '');
      expect(contentOf(backups, nodes.get('hello.txt')).toString()).toBe('hello from the bundle');
    } finally {
      await backups.close();
    }
  });
});
