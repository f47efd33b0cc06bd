import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentCommands } from '@cloud-backup/domain';
import { loadConfig } from '../src/config';
import { publicKeyPin } from '../src/lib/tls';
import { startServer, type StartedServer } from '../src/server';
import { ADMIN_PASSWORD } from './harness';
import { freePort, until } from './support/stack-process';

/**
 * HTTPS with certificates made here (no openssl needed), and a real agent process that pins the
 * certificate at registration: it backs up over TLS, survives a credential rotation, and refuses a
 * server that comes back with another certificate without ever sending its credential to it.
 */
const agentDir = fileURLToPath(new URL('../../agent/', import.meta.url));

interface Cert {
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
  fingerprint: string;
}

let dir: string;
let agentBin: string;
let port: number;
let first: Cert;
let second: Cert;
let server: StartedServer | null = null;
let current: Cert;
let cookie = '';
const children: ChildProcess[] = [];

async function makeCert(name: string): Promise<Cert> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  writeFileSync(certFile, pems.cert);
  writeFileSync(keyFile, pems.private);
  return { cert: pems.cert, key: pems.private, certFile, keyFile, fingerprint: new X509Certificate(pems.cert).fingerprint256 };
}

async function start(cert: Cert): Promise<StartedServer> {
  const config = { ...loadConfig({ DATA_DIR: path.join(dir, 'server'), TLS_CERT: cert.certFile, TLS_KEY: cert.keyFile }), port, heartbeatIntervalSeconds: 1 };
  current = cert;
  return startServer(config, { adminPassword: ADMIN_PASSWORD, hostname: '127.0.0.1' });
}

/** A console or agent call that trusts exactly the current test certificate (as a browser told to would). */
function call(
  method: string,
  url: string,
  o: { body?: unknown; bearer?: string } = {},
): Promise<{ status: number; json: Record<string, any>; setCookie: string | undefined }> {
  return new Promise((resolve, reject) => {
    const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
    const req = httpsRequest(
      `https://127.0.0.1:${port}${url}`,
      {
        method,
        ca: current.cert,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'x-requested-with': 't',
          ...(cookie ? { cookie } : {}),
          ...(o.bearer ? { authorization: `Bearer ${o.bearer}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie']?.[0];
          resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, any>) : {}, setCookie });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function agent(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [agentBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function finished(operationId: string): Promise<Record<string, any>> {
  return until(async () => {
    const op = (await call('GET', `/api/v1/folders/default/operations/${operationId}`)).json;
    return op.status === 'running' || op.status === 'queued' ? undefined : op;
  }, 60_000, `operation ${operationId}`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-tls-'));
  // A private build, so this file tests the agent as it is now and does not race other files on dist/.
  agentBin = path.join(dir, 'agent.mjs');
  const built = spawnSync(process.execPath, ['build.mjs', '--outfile', agentBin], { cwd: agentDir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`agent build failed: ${built.stderr}`);
  first = await makeCert('first');
  second = await makeCert('second');
  port = await freePort();
  server = await start(first);
  const signIn = await call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } });
  cookie = signIn.setCookie!.split(';')[0]!;
  await call('POST', '/api/v1/folders/default/activation', { body: { createDefaultPolicies: true } });
}, 60_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('configuration', () => {
  it('refuses TLS_CERT without TLS_KEY (and the reverse) with a clear error', () => {
    expect(() => loadConfig({ TLS_CERT: '/x.crt' })).toThrow(/both TLS_CERT and TLS_KEY.*only TLS_CERT/);
    expect(() => loadConfig({ TLS_KEY: '/x.key' })).toThrow(/only TLS_KEY/);
    expect(() => loadConfig({ TLS_CERT: path.join(dir, 'none.crt'), TLS_KEY: first.keyFile })).toThrow(/TLS_CERT: cannot read/);
  });

  it('serves HTTPS with Secure session cookies', async () => {
    expect(server!.url).toMatch(/^https:\/\/localhost:\d+$/);
    const signIn = await call('POST', '/api/v1/auth/sign-in', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(signIn.setCookie).toMatch(/;\s*Secure/i);
  });
});

describe('an agent pinning the server certificate', () => {
  const root = () => path.join(dir, 'root');
  const dataDir = () => path.join(dir, 'agent');
  let instanceId = '';
  let policyId = '';
  let agentOut = '';

  it('gives the wizard the certificate fingerprint and key pin, and the commands carry them', async () => {
    const token = await call('POST', '/api/v1/folders/default/registration-tokens', { body: { kind: 'vm' } });
    expect(token.status).toBe(201);
    expect(token.json.serverUrl).toBe(`https://127.0.0.1:${port}`);
    expect(token.json.tlsFingerprint).toBe(first.fingerprint);
    expect(token.json.tlsFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(token.json.tlsPublicKeyPin).toBe(publicKeyPin(first.cert));
    const commands = agentCommands({ ...(token.json as { serverUrl: string; token: string; tlsFingerprint: string; tlsPublicKeyPin: string }), dataDir: '/d', root: '/' });
    expect(commands.download[0]).toContain(`--pinnedpubkey ${token.json.tlsPublicKeyPin}`);
    expect(commands.download[1]).toContain(`--fingerprint ${first.fingerprint}`);
  });

  it('refuses to register with a wrong fingerprint, before the token is spent', async () => {
    const token = await call('POST', '/api/v1/folders/default/registration-tokens', { body: { kind: 'vm' } });
    const wrongDir = path.join(dir, 'wrong');
    const res = await agent(['register', '--server', `https://127.0.0.1:${port}`, '--token', token.json.token, '--data-dir', wrongDir, '--fingerprint', second.fingerprint]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`does not match --fingerprint: expected ${second.fingerprint}, got ${first.fingerprint}`);
    expect(existsSync(path.join(wrongDir, 'agent.json'))).toBe(false);
    expect((await call('GET', `/api/v1/folders/default/registration-tokens/${token.json.id}`)).json.state).toBe('pending');
  });

  it('refuses a self-signed certificate without --fingerprint (CA verification)', async () => {
    const token = await call('POST', '/api/v1/folders/default/registration-tokens', { body: { kind: 'vm' } });
    const res = await agent(['register', '--server', `https://127.0.0.1:${port}`, '--token', token.json.token, '--data-dir', path.join(dir, 'noca')]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/self[- ]signed/i);
  });

  it('without --fingerprint pins the CA-verified certificate it saw (trust on first use)', async () => {
    const token = await call('POST', '/api/v1/folders/default/registration-tokens', { body: { kind: 'vm' } });
    const tofuDir = path.join(dir, 'tofu');
    // The test certificate made trusted for this process only, as a CA-signed one would be.
    const res = await agent(['register', '--server', `https://127.0.0.1:${port}`, '--token', token.json.token, '--data-dir', tofuDir], { NODE_EXTRA_CA_CERTS: first.certFile });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Pinned the server's certificate (SHA-256 ${first.fingerprint})`);
    expect((JSON.parse(readFileSync(path.join(tofuDir, 'agent.json'), 'utf8')) as { tlsFingerprint: string }).tlsFingerprint).toBe(first.fingerprint);
  });

  it('registers with the fingerprint and backs up over TLS', async () => {
    mkdirSync(root(), { recursive: true });
    writeFileSync(path.join(root(), 'a.txt'), 'over TLS');
    const token = await call('POST', '/api/v1/folders/default/registration-tokens', { body: { kind: 'vm' } });
    // The fingerprint as a user might paste it: lower case works too.
    const res = await agent(['register', '--server', `https://127.0.0.1:${port}`, '--token', token.json.token, '--data-dir', dataDir(), '--root', root(), '--fingerprint', first.fingerprint.toLowerCase()]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const saved = JSON.parse(readFileSync(path.join(dataDir(), 'agent.json'), 'utf8')) as { tlsFingerprint: string };
    expect(saved.tlsFingerprint).toBe(first.fingerprint);

    instanceId = (await call('GET', `/api/v1/folders/default/registration-tokens/${token.json.id}`)).json.instanceId as string;
    const policies = await call('GET', '/api/v1/folders/default/policies');
    policyId = policies.json.items.find((p: { name: string }) => p.name === 'Default daily').id as string;
    await call('PUT', `/api/v1/folders/default/instances/${instanceId}/policies/${policyId}`);

    const child = spawn(process.execPath, [agentBin, 'run', '--data-dir', dataDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    child.stdout.on('data', (c: Buffer) => (agentOut += c.toString()));
    child.stderr.on('data', (c: Buffer) => (agentOut += c.toString()));
    await until(async () => ((await call('GET', `/api/v1/folders/default/instances/${instanceId}`)).json.online ? true : undefined), 20_000, 'agent online');

    const op = await call('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { body: { policyId } });
    expect(op.status).toBe(201);
    expect((await finished(op.json.id as string)).status).toBe('succeeded');
  }, 60_000);

  it('rotates its credential when asked: the old one is refused, the agent keeps working', async () => {
    const oldCredential = (JSON.parse(readFileSync(path.join(dataDir(), 'agent.json'), 'utf8')) as { credential: string }).credential;
    const requested = await call('POST', `/api/v1/folders/default/instances/${instanceId}/credential-rotation`);
    expect(requested.status).toBe(200);
    expect(requested.json.credentialRotationPending).toBe(true);

    const rotated = await until(async () => {
      const inst = (await call('GET', `/api/v1/folders/default/instances/${instanceId}`)).json;
      return inst.credentialRotatedAt && !inst.credentialRotationPending ? inst : undefined;
    }, 20_000, 'credential rotated');
    expect(rotated.online).toBe(true);
    const newCredential = (JSON.parse(readFileSync(path.join(dataDir(), 'agent.json'), 'utf8')) as { credential: string }).credential;
    expect(newCredential).not.toBe(oldCredential);

    const beat = { agentVersion: '0.1.0', metadataHash: 'x' };
    expect((await call('POST', '/agent/v1/heartbeat', { body: beat, bearer: oldCredential })).status).toBe(401);
    expect((await call('POST', '/agent/v1/heartbeat', { body: beat, bearer: newCredential })).status).toBe(200);

    writeFileSync(path.join(root(), 'b.txt'), 'after the rotation');
    const op = await call('POST', `/api/v1/folders/default/instances/${instanceId}/backups`, { body: { policyId } });
    expect((await finished(op.json.id as string)).status).toBe('succeeded');
    expect(agentOut).toContain('Rotated the agent credential');
  }, 60_000);

  it('refuses a server that comes back with another certificate, and never sends it the credential', async () => {
    await server!.close();
    server = await start(second);
    const before = server.services.repos.instances.findById(instanceId)!.lastSeenAt;
    const mismatch = `the server's certificate changed: expected ${first.fingerprint}, got ${second.fingerprint}`;
    const offset = agentOut.length;
    await until(async () => (agentOut.slice(offset).split(mismatch).length > 3 ? true : undefined), 20_000, 'the agent to refuse the certificate');
    expect(server.services.repos.instances.findById(instanceId)!.lastSeenAt).toEqual(before);
    await server.close();
    server = null;

    // A bare TLS endpoint with the new certificate records every byte the agent would send after the handshake.
    const received: Buffer[] = [];
    let connections = 0;
    const tls = createTlsServer({ cert: second.cert, key: second.key }, (socket) => {
      socket.on('data', (d: Buffer) => received.push(d));
      socket.on('error', () => undefined);
    });
    tls.on('connection', () => connections++);
    tls.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => tls.listen(port, '127.0.0.1', resolve));
    try {
      await until(async () => (connections >= 3 ? true : undefined), 20_000, 'the agent to try again');
      await new Promise((r) => setTimeout(r, 500));
      expect(Buffer.concat(received).length).toBe(0);
    } finally {
      for (const c of children) c.kill('SIGKILL');
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  }, 60_000);
});
