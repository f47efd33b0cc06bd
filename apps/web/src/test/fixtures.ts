import { defaultPolicies, type Instance, type PolicySummary } from '@cloud-backup/domain';

const at = '2025-06-01T12:00:00.000Z';

export function policySummaries(folderId = 'default'): PolicySummary[] {
  return defaultPolicies().map((p, i) => ({
    id: `pol_${i + 1}`,
    folderId,
    name: p.name,
    enabled: true,
    settings: p.settings,
    linkedInstanceCount: 0,
    createdAt: at,
    updatedAt: at,
  }));
}

export function instance(over: Partial<Instance> = {}): Instance {
  return {
    id: 'ins_1',
    folderId: 'default',
    kind: 'vm',
    name: 'web-1',
    status: 'registered',
    online: true,
    connection: 'no_policies',
    activity: 'idle',
    activityDetail: null,
    progressPercent: null,
    agentVersion: '0.1.0',
    root: '/',
    registeredAt: at,
    lastSeenAt: at,
    lastBackupAt: null,
    nextBackupAt: null,
    policies: [],
    metadata: {
      hostname: 'web-1.internal',
      os: { name: 'Ubuntu', version: '24.04', prettyName: 'Ubuntu 24.04 LTS' },
      kernel: { release: '6.8.0-45-generic', version: '#45-Ubuntu SMP' },
      arch: 'x86_64',
      ipAddresses: ['10.0.0.5'],
      interfaces: [{ name: 'eth0', mac: '52:54:00:12:34:56', addresses: ['10.0.0.5'] }],
      memoryBytes: 8 * 1024 ** 3,
      cpu: { model: 'AMD EPYC', frequencyMhz: 2400, cores: 4, type: 'virtual' },
      virtualization: { isVirtual: true, type: 'kvm' },
      mounts: [{ mountPoint: '/', device: '/dev/vda1', fsType: 'ext4', totalBytes: 50 * 1024 ** 3, freeBytes: 20 * 1024 ** 3 }],
      disks: [{ name: 'vda', sizeBytes: 50 * 1024 ** 3, model: 'QEMU HARDDISK', rotational: true }],
    },
    ...over,
  };
}

type Handler = (init: RequestInit | undefined, url: string) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A fetch stand-in keyed by "METHOD /path"; unknown requests fail loudly so tests notice. */
export function routeFetch(routes: Record<string, Handler>) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const key = `${init?.method ?? 'GET'} ${url}`;
    const handler = routes[key];
    if (!handler) return json(500, { error: { code: 'internal_error', message: `No test route for ${key}` } });
    return handler(init, url);
  };
}
