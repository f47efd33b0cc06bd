import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderEvent } from '@cloud-backup/domain';
import { loadConfig } from '../src/config';
import { startServer, type StartedServer } from '../src/server';
import { ADMIN_PASSWORD, sampleMetadata } from './harness';

let server: StartedServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cb-sse-'));
  server = await startServer({ ...loadConfig({ DATA_DIR: dir }), port: 0 }, { adminPassword: ADMIN_PASSWORD, hostname: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(url: string, body: unknown, cookie?: string) {
  const res = await fetch(server.url + url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 't', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  return { res, json: (await res.json()) as Record<string, unknown> };
}

describe('live events over SSE, on a real listening server', () => {
  it('pushes instance.registered with the token id when an agent registers', async () => {
    const signIn = await post('/api/v1/auth/sign-in', { username: 'admin', password: ADMIN_PASSWORD });
    const cookie = signIn.res.headers.get('set-cookie')!.split(';')[0]!;
    await post('/api/v1/folders/default/activation', { createDefaultPolicies: true }, cookie);
    const token = (await post('/api/v1/folders/default/registration-tokens', { kind: 'vm' }, cookie)).json;
    expect(token.serverUrl).toBe(server.url);

    const abort = new AbortController();
    const stream = await fetch(`${server.url}/api/v1/folders/default/events`, { headers: { cookie }, signal: abort.signal });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const readUntil = async (pred: (b: string) => boolean) => {
      while (!pred(buffer)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += decoder.decode(value);
      }
    };
    await readUntil((b) => b.includes('event: ready'));

    const reg = await post('/agent/v1/register', { token: token.token, agentVersion: '0.1.0', root: '/', metadata: sampleMetadata() });
    expect(reg.res.status).toBe(201);
    await readUntil((b) => b.includes('instance.registered'));
    const line = buffer.split('\n').find((l) => l.startsWith('data: ') && l.includes('instance.registered'))!;
    const event = FolderEvent.parse(JSON.parse(line.slice('data: '.length)));
    expect(event).toEqual({ type: 'instance.registered', folderId: 'default', instanceId: reg.json.instanceId, tokenId: token.id });
    abort.abort();
  });

  it('refuses the stream without a session', async () => {
    const res = await fetch(`${server.url}/api/v1/folders/default/events`);
    expect(res.status).toBe(401);
  });
});
