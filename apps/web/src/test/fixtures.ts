import {
  defaultPolicies,
  type Backup,
  type CatalogItem,
  type CatalogPage,
  type Instance,
  type LinkUsage,
  type Me,
  type Operation,
  type OperationWithLog,
  type Policy,
  type PolicySummary,
  type Role,
  type StorageUsage,
} from '@cloud-backup/domain';

const at = '2025-06-01T12:00:00.000Z';

export function policySummaries(folderId = 'default'): PolicySummary[] {
  return defaultPolicies().map((p, i) => ({
    id: `pol_${i + 1}`,
    folderId,
    name: p.name,
    enabled: true,
    settings: p.settings,
    linkedInstanceCount: 0,
    nextRunAt: null,
    createdAt: at,
    updatedAt: at,
  }));
}

/** A policy as its page loads it: the first default policy with its linked instances. */
export function policy(over: Partial<Policy> = {}): Policy {
  const instances = over.instances ?? [];
  return { ...policySummaries()[0]!, linkedInstanceCount: instances.length, instances, ...over };
}

export function linkedInstance(over: Partial<Policy['instances'][number]> = {}): Policy['instances'][number] {
  return { id: 'ins_1', name: 'web-1', kind: 'vm', online: true, lastBackupAt: null, nextRunAt: null, ...over };
}

/** Default limits (SPEC §6) with nothing linked yet. */
export function linkUsage(linked: Partial<LinkUsage['linked']> = {}, limits: Partial<LinkUsage['limits']> = {}): LinkUsage {
  return {
    limits: { vmLinked: 50, bmsLinked: 20, storageBytes: 10 * 1000 ** 4, ...limits },
    linked: { vm: 0, bms: 0, ...linked },
  };
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
    credentialRotatedAt: null,
    credentialRotationPending: false,
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

/**
 * A fetch stand-in keyed by "METHOD /path"; unknown requests fail loudly so tests notice. A key with a
 * query string matches only that exact URL; a key without one matches the path whatever the query
 * (the handler gets the full URL to check it).
 */
export function routeFetch(routes: Record<string, Handler>) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const key = `${method} ${url}`;
    const handler = routes[key] ?? routes[`${method} ${url.split('?')[0] ?? url}`];
    if (!handler) return json(500, { error: { code: 'internal_error', message: `No test route for ${key}` } });
    return handler(init, url);
  };
}

/** The query parameters a mocked request was sent with. */
export function searchOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url, 'http://localhost').searchParams);
}

export function backup(over: Partial<Backup> = {}): Backup {
  return {
    id: 'bak_1',
    folderId: 'default',
    instanceId: 'ins_1',
    instanceName: 'web-1',
    instanceKind: 'vm',
    instanceRemoved: false,
    policyId: 'pol_1',
    policyName: 'Default daily',
    archiveId: 'arc_1',
    archiveName: 'web-1-Default daily-x1',
    operationId: 'op_1',
    type: 'full',
    status: 'completed',
    startedAt: at,
    finishedAt: '2025-06-01T12:03:20.000Z',
    durationMs: 200_000,
    sources: ['/etc', '/home'],
    fileCount: 1234,
    dirCount: 56,
    logicalBytes: 3 * 1024 ** 3,
    newBytes: 512 * 1024 ** 2,
    warnings: [],
    error: null,
    progress: null,
    ...over,
  };
}

export function operation(over: Partial<Operation> = {}): Operation {
  return {
    id: 'op_1',
    folderId: 'default',
    type: 'backup',
    status: 'succeeded',
    target: { kind: 'instance', id: 'ins_1', name: 'web-1' },
    startedBy: 'admin',
    createdAt: at,
    startedAt: at,
    finishedAt: '2025-06-01T12:03:20.000Z',
    progressPercent: 100,
    result: null,
    backupId: 'bak_1',
    verify: null,
    restore: null,
    cancellable: false,
    ...over,
  };
}

export function operationWithLog(over: Partial<OperationWithLog> = {}): OperationWithLog {
  return { ...operation(over), log: over.log ?? [] };
}

export function storageUsage(over: Partial<StorageUsage> = {}): StorageUsage {
  return {
    folderBytes: 5 * 1024 ** 3,
    instances: [{ instanceId: 'ins_1', instanceName: 'web-1', bytes: 2 * 1024 ** 3 }],
    archives: [{ archiveId: 'arc_1', archiveName: 'web-1-Default daily-x1', instanceId: 'ins_1', bytes: 2 * 1024 ** 3 }],
    ...over,
  };
}

/** The signed-in user with one role in the default folder. */
export function me(role: Role = 'backup.admin'): Me {
  return { user: { id: 'usr_1', username: 'ann', installationAdmin: false, mustChangePassword: false }, folders: [{ id: 'default', name: 'default', role }] };
}

/** A catalog entry under `dir`; folders get totals unless given. */
export function catalogItem(dir: string, name: string, over: Partial<CatalogItem> = {}): CatalogItem {
  const type = over.type ?? 'file';
  return {
    name,
    path: dir === '/' ? `/${name}` : `${dir}/${name}`,
    type,
    size: 1024,
    mtime: at,
    mode: type === 'dir' ? 0o755 : 0o644,
    target: null,
    fileCount: type === 'dir' ? 1 : null,
    childCount: type === 'dir' ? 1 : null,
    ...over,
  };
}

/** One page of a directory listing; `total` defaults to the entries given. */
export function catalogPage(path: string, entries: CatalogItem[], over: Partial<CatalogPage> = {}): CatalogPage {
  const name = path === '/' ? '' : path.slice(path.lastIndexOf('/') + 1);
  return {
    path,
    dir: { ...catalogItem('/', name, { type: 'dir', size: entries.reduce((n, e) => n + e.size, 0) }), path },
    total: entries.length,
    offset: 0,
    entries,
    ...over,
  };
}
