import { describe, expect, it } from 'vitest';
import { connectionStatus, isOnline } from './instance.schema';
import { agentCommands, shellQuote } from './registration.schema';

describe('connection status', () => {
  it('is ok online with a policy, no_policies online without, failed offline or not registered', () => {
    expect(connectionStatus({ status: 'registered', online: true, policyCount: 2 })).toBe('ok');
    expect(connectionStatus({ status: 'registered', online: true, policyCount: 0 })).toBe('no_policies');
    expect(connectionStatus({ status: 'registered', online: false, policyCount: 1 })).toBe('failed');
    expect(connectionStatus({ status: 'failed_registration', online: true, policyCount: 1 })).toBe('failed');
  });

  it('counts an instance online within the missed-heartbeat window only', () => {
    const now = new Date('2026-01-01T00:01:00Z');
    expect(isOnline(null, now, 45_000)).toBe(false);
    expect(isOnline(new Date('2026-01-01T00:00:15Z'), now, 45_000)).toBe(true);
    expect(isOnline(new Date('2026-01-01T00:00:14Z'), now, 45_000)).toBe(false);
  });
});

describe('agent command lines', () => {
  it('quotes only what the shell would split or expand', () => {
    expect(shellQuote('/var/lib/agent')).toBe('/var/lib/agent');
    expect(shellQuote('/tmp/my dir')).toBe(`'/tmp/my dir'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote('$(rm -rf /)')).toBe(`'$(rm -rf /)'`);
  });

  it('builds download and repository commands with the root only when it is not /', () => {
    const c = agentCommands({ serverUrl: 'http://h:8080/', token: 'cbr_x', dataDir: '/d', root: '/' });
    expect(c.download).toEqual([
      'curl -fsSL http://h:8080/downloads/cloud-backup-agent.mjs -o cloud-backup-agent.mjs',
      'node cloud-backup-agent.mjs register --server http://h:8080/ --token cbr_x --data-dir /d',
      'node cloud-backup-agent.mjs run --data-dir /d',
    ]);
    const r = agentCommands({ serverUrl: 'http://h', token: 't', dataDir: '/d', root: '/srv/data x' });
    expect(r.repository[0]).toBe(`npm run agent -- register --server http://h --token t --data-dir /d --root '/srv/data x'`);
  });

  it('with TLS pins the key for curl and passes the certificate fingerprint to register', () => {
    const fp = 'AB:CD:EF';
    const c = agentCommands({ serverUrl: 'https://h:8443', token: 't', dataDir: '/d', root: '/', tlsFingerprint: fp, tlsPublicKeyPin: 'sha256//abc+/=' });
    expect(c.download[0]).toBe('curl -fsSL -k --pinnedpubkey sha256//abc+/= https://h:8443/downloads/cloud-backup-agent.mjs -o cloud-backup-agent.mjs');
    expect(c.download[1]).toBe('node cloud-backup-agent.mjs register --server https://h:8443 --token t --data-dir /d --fingerprint AB:CD:EF');
    expect(c.repository[0]).toBe('npm run agent -- register --server https://h:8443 --token t --data-dir /d --fingerprint AB:CD:EF');
    expect(agentCommands({ serverUrl: 'http://h', token: 't', dataDir: '/d', root: '/', tlsFingerprint: null }).download[1]).not.toContain('--fingerprint');
  });
});
