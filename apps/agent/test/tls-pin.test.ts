import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentApiClient } from '../src/api/agent-api.client';
import { ServerUnreachableError } from '../src/api/agent-api.errors';
import { postBytes } from '../src/api/binary-post';
import { createPinnedHttpsAgent, normalizeFingerprint } from '../src/api/tls-pin';

/** Both transports of the agent (fetch for JSON, node:https for bytes) against a real HTTPS server. */
let server: Server;
let url: string;
let fingerprint: string;
let other: string;
const received: string[] = [];

async function selfSigned() {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { ...pems, fingerprint: new X509Certificate(pems.cert).fingerprint256 };
}

beforeAll(async () => {
  const mine = await selfSigned();
  fingerprint = mine.fingerprint;
  other = (await selfSigned()).fingerprint;
  server = createServer({ cert: mine.cert, key: mine.private }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ heartbeatIntervalSeconds: 5, metadataRequired: false }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('normalizeFingerprint', () => {
  it('accepts the console form, lower case and bare hex; refuses anything else', () => {
    const canonical = Array.from({ length: 32 }, () => 'AB').join(':');
    expect(normalizeFingerprint(canonical)).toBe(canonical);
    expect(normalizeFingerprint(canonical.toLowerCase())).toBe(canonical);
    expect(normalizeFingerprint('ab'.repeat(32))).toBe(canonical);
    expect(normalizeFingerprint('AB:CD')).toBeNull();
    expect(normalizeFingerprint('ZZ'.repeat(32))).toBeNull();
  });
});

describe('certificate pinning', () => {
  const beat = { agentVersion: '0.1.0', metadataHash: 'h' };

  it('talks to a self-signed server whose fingerprint is pinned, over both transports', async () => {
    const client = createAgentApiClient(url, { tls: { fingerprint } });
    expect((await client.heartbeat('cbi_secret', beat)).heartbeatIntervalSeconds).toBe(5);
    const answer = await postBytes(`${url}/bytes`, new Uint8Array([1, 2, 3]), {}, AbortSignal.timeout(5000), createPinnedHttpsAgent({ fingerprint }));
    expect(answer.status).toBe(200);
  });

  it('refuses another certificate before sending anything, with both transports', async () => {
    const before = received.length;
    const client = createAgentApiClient(url, { tls: { fingerprint: other } });
    const error = await client.heartbeat('cbi_secret', beat).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerUnreachableError);
    expect((error as ServerUnreachableError).reason).toBe(
      `the server's certificate changed: expected ${other}, got ${fingerprint}. If the server really has a new certificate, register the agent again with its new fingerprint.`,
    );
    const upload = postBytes(`${url}/bytes`, new Uint8Array([1]), { authorization: 'Bearer cbi_secret' }, AbortSignal.timeout(5000), createPinnedHttpsAgent({ fingerprint: other }));
    await expect(upload).rejects.toThrow(`the server's certificate changed: expected ${other}, got ${fingerprint}`);
    expect(received.length).toBe(before);
  });

  it('without a pin verifies against the CAs and so refuses a self-signed certificate', async () => {
    const seen: string[] = [];
    const client = createAgentApiClient(url, { tls: { fingerprint: null, onCertificate: (fp) => seen.push(fp) } });
    await expect(client.heartbeat('cbi_secret', beat)).rejects.toThrow(/self[- ]signed/);
    expect(seen).toEqual([]);
  });

  it('reports the certificate it accepted, for trust on first use', async () => {
    const seen: string[] = [];
    const client = createAgentApiClient(url, { tls: { fingerprint, onCertificate: (fp) => seen.push(fp) } });
    await client.heartbeat('cbi_secret', beat);
    expect(seen[0]).toBe(fingerprint);
  });

  it('sends the current credential after a rotation', async () => {
    let current = 'cbi_old';
    const client = createAgentApiClient(url, { tls: { fingerprint }, currentCredential: () => current });
    await client.heartbeat('cbi_old', beat);
    current = 'cbi_new';
    await client.heartbeat('cbi_old', beat);
    expect(received.slice(-2).map((r) => r.split(' ')[3])).toEqual(['cbi_old', 'cbi_new']);
  });
});
