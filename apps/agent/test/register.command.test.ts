import { mkdirSync, readFileSync, readdirSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AgentExitCode, InstanceMetadata, RegisterRequest } from '@cloud-backup/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentConfig } from '../src/config/agent-config.schema';
import { AGENT_VERSION } from '../src/version';
import { buildAgentBundle, runAgent } from './support/agent-process';
import { removeTempDirs, tempDir as makeTempDir } from './support/temp-dirs';
import { apiError, closedPortUrl, startFakeAgentServer, type FakeAgentServer, type FakeAnswer } from './support/fake-agent-server';

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

const tempDir = () => makeTempDir('agent-register-');

const accepted: FakeAnswer = {
  status: 201,
  body: { instanceId: 'ins_abc', folderId: 'default', kind: 'vm', name: 'web-01', credential: 'secret-cred', heartbeatIntervalSeconds: 15 },
};

async function register(answer: FakeAnswer, extra: string[] = [], dataDir = path.join(tempDir(), 'data')) {
  server = await startFakeAgentServer(() => answer);
  const result = await runAgent(bundle, ['register', '--server', `${server.url}/`, '--token', 'tok-1', '--data-dir', dataDir, ...extra]);
  return { result, dataDir };
}

describe('register', () => {
  it('sends the token, version, root and real metadata, then saves the credential privately', async () => {
    const root = path.join(tempDir(), 'root');
    mkdirSync(root);
    const link = path.join(tempDir(), 'root-link');
    symlinkSync(root, link);
    const { result, dataDir } = await register(accepted, ['--root', link]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(AgentExitCode.ok);
    expect(result.stdout).toBe(`Registered instance web-01 (ins_abc) in folder default\nSaved the registration to ${path.join(dataDir, 'agent.json')}\n`);

    const request = server?.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/agent/v1/register');
    const body = RegisterRequest.parse(request?.body);
    expect(body).toMatchObject({ token: 'tok-1', agentVersion: AGENT_VERSION, root: realpathSync(root) });
    expect(InstanceMetadata.parse(body.metadata).hostname).not.toBe('');

    const config = AgentConfig.parse(JSON.parse(readFileSync(path.join(dataDir, 'agent.json'), 'utf8')));
    expect(config).toMatchObject({
      serverUrl: server?.url,
      instanceId: 'ins_abc',
      folderId: 'default',
      kind: 'vm',
      name: 'web-01',
      credential: 'secret-cred',
      root: realpathSync(root),
      heartbeatIntervalSeconds: 15,
    });
    expect(statSync(path.join(dataDir, 'agent.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dataDir)).toEqual(['agent.json']);
  });

  it.each([
    [404, 'registration_token_unknown', 'This registration token is unknown'],
    [409, 'registration_token_used', 'This registration token was already used'],
    [410, 'registration_token_expired', 'This registration token expired; create a new one in the console'],
  ])('refuses with exit 3 on %i %s and writes nothing', async (status, code, message) => {
    const { result, dataDir } = await register(apiError(status, code, message));
    expect(result.code).toBe(AgentExitCode.registrationRefused);
    expect(result.stderr).toBe(`Registration refused: ${message}\n`);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('exits 1 on other server errors', async () => {
    const { result } = await register(apiError(400, 'validation_failed', 'metadata.hostname: too long'));
    expect(result.code).toBe(AgentExitCode.failure);
    expect(result.stderr).toContain('Registration failed: metadata.hostname: too long (HTTP 400, validation_failed)');
  });

  it('exits 1 when a 2xx answer is not a RegisterResponse', async () => {
    const { result } = await register({ status: 200, body: { hello: 'world' } });
    expect(result.code).toBe(AgentExitCode.failure);
    expect(result.stderr).toContain('does not understand');
  });

  it('exits 4 naming the server when it cannot be reached', async () => {
    const url = await closedPortUrl();
    const result = await runAgent(bundle, ['register', '--server', url, '--token', 't', '--data-dir', path.join(tempDir(), 'd')]);
    expect(result.code).toBe(AgentExitCode.serverUnreachable);
    expect(result.stderr).toContain(`Cannot reach the server at ${url}: `);
    expect(result.stderr).toContain('ECONNREFUSED');
  });

  it('refuses to overwrite an existing registration unless forced', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'agent.json'), '{"kept":true}');
    const refused = await register(accepted, [], dataDir);
    expect(refused.result.code).toBe(AgentExitCode.usage);
    expect(refused.result.stderr).toContain('already holds a registration');
    expect(refused.result.stderr).toContain('--force');
    expect(server?.requests).toHaveLength(0);
    expect(readFileSync(path.join(dataDir, 'agent.json'), 'utf8')).toBe('{"kept":true}');
    await server?.close();

    const forced = await register(accepted, ['--force'], dataDir);
    expect(forced.result.code).toBe(AgentExitCode.ok);
    expect(AgentConfig.parse(JSON.parse(readFileSync(path.join(dataDir, 'agent.json'), 'utf8'))).instanceId).toBe('ins_abc');
  });
});
