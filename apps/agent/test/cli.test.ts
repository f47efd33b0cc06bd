import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AgentExitCode } from '@cloud-backup/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_VERSION } from '../src/version';
import { buildAgentBundle, runAgent } from './support/agent-process';
import { removeTempDirs, tempDir as makeTempDir } from './support/temp-dirs';

let bundle = '';
beforeAll(() => {
  bundle = buildAgentBundle();
}, 60_000);
afterAll(removeTempDirs);

const tempDir = () => makeTempDir('agent-cli-');

describe('agent CLI', () => {
  it('prints its version from any directory', async () => {
    const result = await runAgent(bundle, ['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${AGENT_VERSION}\n`, stderr: '' });
  });

  it('prints help on --help and per command', async () => {
    const main = await runAgent(bundle, ['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('Usage: cloud-backup-agent <command>');
    const register = await runAgent(bundle, ['register', '--help']);
    expect(register.code).toBe(0);
    expect(register.stdout).toContain('--token TOKEN');
  });

  it.each([
    [[], 'missing command'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['register', '--server', 'http://127.0.0.1:1', '--data-dir', '/tmp/x'], 'missing --token'],
    [['register', '--server', 'http://127.0.0.1:1', '--token', 't', '--data-dir', '/tmp/x', '--colour'], "Unknown option '--colour'"],
    [['register', '--server', 'ftp://example.com', '--token', 't', '--data-dir', '/tmp/x'], 'must be an http:// or https:// URL'],
    [['register', '--server', 'not a url', '--token', 't', '--data-dir', '/tmp/x'], '--server must be a URL'],
    [['register', '--server', 'http://127.0.0.1:1', '--token', 't', '--data-dir', '/tmp/x', '--root', 'relative/dir'], 'must be an absolute path'],
    [['register', '--server', 'http://127.0.0.1:1', '--token', 't', '--data-dir', '/tmp/x', '--root', '/no/such/dir-4711'], 'does not exist'],
    [['run'], 'missing --data-dir'],
  ])('exits 2 with usage text for %j', async (args, message) => {
    const result = await runAgent(bundle, args);
    expect(result.code).toBe(AgentExitCode.usage);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: cloud-backup-agent');
    expect(result.stdout).toBe('');
  });

  it('refuses a root that is a file', async () => {
    const file = path.join(tempDir(), 'file');
    writeFileSync(file, 'x');
    const result = await runAgent(bundle, ['register', '--server', 'http://127.0.0.1:1', '--token', 't', '--data-dir', tempDir(), '--root', file]);
    expect(result.code).toBe(AgentExitCode.usage);
    expect(result.stderr).toContain('is not a directory');
  });

  it('refuses to run without a registration', async () => {
    const dataDir = tempDir();
    const result = await runAgent(bundle, ['run', '--data-dir', dataDir]);
    expect(result.code).toBe(AgentExitCode.usage);
    expect(result.stderr).toContain(`This agent is not registered: ${path.join(dataDir, 'agent.json')} does not exist`);
  });

  it('refuses to run with a damaged registration', async () => {
    const dataDir = tempDir();
    writeFileSync(path.join(dataDir, 'agent.json'), '{"serverUrl":');
    const result = await runAgent(bundle, ['run', '--data-dir', dataDir]);
    expect(result.code).toBe(AgentExitCode.usage);
    expect(result.stderr).toContain('not JSON');
  });
});
