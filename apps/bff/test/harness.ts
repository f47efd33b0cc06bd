import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { InstanceKind, InstanceMetadata } from '@cloud-backup/domain';
import { createApp } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import { openDatabase } from '../src/db/client';
import { EventBus } from '../src/events/event-bus';
import type { Clock } from '../src/lib/clock';
import { createServices } from '../src/services';

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** A clock tests move by hand. */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-25T12:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function sampleMetadata(hostname = 'web-01'): InstanceMetadata {
  return {
    hostname,
    os: { name: 'Debian GNU/Linux', version: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    kernel: { release: '6.1.0-18-amd64', version: '#1 SMP Debian' },
    arch: 'x64',
    ipAddresses: ['10.0.0.5'],
    interfaces: [{ name: 'eth0', mac: '52:54:00:12:34:56', addresses: ['10.0.0.5'] }],
    memoryBytes: 8 * 1024 ** 3,
    cpu: { model: 'Intel Xeon', frequencyMhz: 2400, cores: 4, type: 'virtual' },
    virtualization: { isVirtual: true, type: 'kvm' },
    mounts: [{ mountPoint: '/', device: '/dev/vda1', fsType: 'ext4', totalBytes: 1e11, freeBytes: 5e10 }],
    disks: [{ name: 'vda', sizeBytes: 1e11, model: 'QEMU HARDDISK', rotational: false }],
  };
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  cookie?: string;
  headers?: Record<string, string>;
  csrf?: boolean;
}

/** A fresh database (real SQLite file, real migrations) and the real app, per test. */
export async function createHarness(overrides: Partial<Config> = {}, clock = new TestClock()) {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-bff-'));
  const { db, close } = openDatabase(path.join(dir, 'test.db'));
  const config: Config = { ...loadConfig({ DATA_DIR: dir }), heartbeatIntervalSeconds: 10, ...overrides };
  let services = createServices({ db, clock, config, events: new EventBus() });
  services.folders.ensureDefaultFolder();
  await services.auth.ensureAdmin(ADMIN_PASSWORD);
  let app = createApp(services);

  /** A server restart: new services and app over the same database and data; in-memory state is gone. */
  function restart() {
    services = createServices({ db, clock, config, events: new EventBus() });
    app = createApp(services);
  }

  async function call(method: string, url: string, o: CallOptions = {}) {
    const headers: Record<string, string> = { ...o.headers };
    if (o.cookie) headers.cookie = o.cookie;
    if (o.csrf !== false) headers['x-requested-with'] = 'test';
    let body: string | undefined = o.rawBody;
    if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(url, { method, headers, body });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, headers: res.headers, json: json as any, text };
  }

  async function signIn(username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
    const res = await call('POST', '/api/v1/auth/sign-in', { body: { username, password } });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
    const cookie = res.headers.get('set-cookie') ?? '';
    return cookie.split(';')[0]!;
  }

  async function activate(cookie: string, createDefaultPolicies = true) {
    const res = await call('POST', '/api/v1/folders/default/activation', { cookie, body: { createDefaultPolicies } });
    if (res.status !== 200) throw new Error(`activation failed: ${res.text}`);
  }

  async function registerAgent(cookie: string, kind: InstanceKind = 'vm', hostname = 'web-01') {
    const token = await call('POST', '/api/v1/folders/default/registration-tokens', { cookie, body: { kind } });
    const reg = await call('POST', '/agent/v1/register', {
      body: { token: token.json.token, agentVersion: '0.1.0', root: '/', metadata: sampleMetadata(hostname) },
      csrf: false,
    });
    if (reg.status !== 201) throw new Error(`register failed: ${reg.text}`);
    return { tokenId: token.json.id as string, token: token.json.token as string, ...(reg.json as { instanceId: string; credential: string }) };
  }

  return {
    get app() {
      return app;
    },
    get services() {
      return services;
    },
    restart,
    clock,
    config,
    call,
    signIn,
    activate,
    registerAgent,
    close: () => {
      close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Harness = Awaited<ReturnType<typeof createHarness>>;
