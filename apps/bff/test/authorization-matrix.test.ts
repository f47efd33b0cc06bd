import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, Role, type Action } from '@cloud-backup/domain';
import { ADMIN_PASSWORD, createHarness, sampleMetadata, type Harness } from './harness';
import { createUser } from './support/access-fixture';

/**
 * Every console route the app registers × every role × own folder / other folder / no session.
 * The expectation of a route comes only from this table, so a route added without an entry fails here.
 */
type Rule = Action | 'public' | 'session' | 'installation-admin';

const RULES: Record<string, Rule> = {
  // GET /metrics is outside /api and takes no session: a METRICS_TOKEN or a loopback socket (metrics.test.ts).
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/v1/auth/sign-in': 'public',
  'POST /api/v1/auth/sign-out': 'public',
  'GET /api/v1/auth/me': 'session',
  'POST /api/v1/auth/password': 'session',
  'GET /api/v1/folders': 'session',
  'POST /api/v1/folders': 'installation-admin',
  'GET /api/v1/admin/folders': 'installation-admin',
  'GET /api/v1/admin/users': 'installation-admin',
  'POST /api/v1/admin/users': 'installation-admin',
  'GET /api/v1/admin/users/:userId': 'installation-admin',
  'PATCH /api/v1/admin/users/:userId': 'installation-admin',
  'POST /api/v1/admin/users/:userId/password': 'installation-admin',
  'GET /api/v1/admin/audit': 'installation-admin',
  'GET /api/v1/folders/:folderId': 'folder.read',
  'GET /api/v1/folders/:folderId/overview': 'folder.read',
  'POST /api/v1/folders/:folderId/activation': 'folder.activate',
  'GET /api/v1/folders/:folderId/events': 'folder.read',
  'GET /api/v1/folders/:folderId/operations': 'folder.read',
  'GET /api/v1/folders/:folderId/operations/:operationId': 'folder.read',
  'POST /api/v1/folders/:folderId/operations/:operationId/cancel': 'operation.cancel',
  'GET /api/v1/folders/:folderId/health': 'folder.read',
  'GET /api/v1/folders/:folderId/monitoring': 'folder.read',
  'GET /api/v1/folders/:folderId/instances': 'instance.read',
  'GET /api/v1/folders/:folderId/instances/:instanceId': 'instance.read',
  'DELETE /api/v1/folders/:folderId/instances/:instanceId': 'instance.remove',
  'POST /api/v1/folders/:folderId/instances/:instanceId/credential-rotation': 'instance.remove',
  'PUT /api/v1/folders/:folderId/instances/:instanceId/policies/:policyId': 'policy.link',
  'DELETE /api/v1/folders/:folderId/instances/:instanceId/policies/:policyId': 'policy.link',
  'POST /api/v1/folders/:folderId/instances/:instanceId/policies': 'policy.link',
  'POST /api/v1/folders/:folderId/registration-tokens': 'instance.connect',
  'GET /api/v1/folders/:folderId/registration-tokens/:tokenId': 'instance.connect',
  'GET /api/v1/folders/:folderId/policies': 'policy.read',
  'POST /api/v1/folders/:folderId/policies': 'policy.write',
  'GET /api/v1/folders/:folderId/policies/:policyId': 'policy.read',
  'PUT /api/v1/folders/:folderId/policies/:policyId': 'policy.write',
  'DELETE /api/v1/folders/:folderId/policies/:policyId': 'policy.write',
  'POST /api/v1/folders/:folderId/policies/:policyId/retention-preview': 'policy.read',
  'POST /api/v1/folders/:folderId/policies/:policyId/instances': 'policy.link',
  'GET /api/v1/folders/:folderId/link-usage': 'policy.read',
  'GET /api/v1/folders/:folderId/backups': 'backup.read',
  'GET /api/v1/folders/:folderId/backups/:backupId': 'backup.read',
  'DELETE /api/v1/folders/:folderId/backups/:backupId': 'backup.delete',
  'POST /api/v1/folders/:folderId/backups/:backupId/verify': 'backup.run',
  'POST /api/v1/folders/:folderId/instances/:instanceId/backups': 'backup.run',
  'POST /api/v1/folders/:folderId/policies/:policyId/backups': 'backup.run',
  'GET /api/v1/folders/:folderId/storage': 'quota.read',
  'GET /api/v1/folders/:folderId/backups/:backupId/catalog': 'backup.read',
  'GET /api/v1/folders/:folderId/backups/:backupId/catalog/search': 'backup.read',
  'GET /api/v1/folders/:folderId/backups/:backupId/catalog/versions': 'backup.read',
  'GET /api/v1/folders/:folderId/backups/:backupId/download': 'backup.read',
  'POST /api/v1/folders/:folderId/backups/:backupId/restore': 'restore.run',
  'GET /api/v1/folders/:folderId/instances/:instanceId/files': 'restore.run',
  'POST /api/v1/folders/:folderId/instances/:instanceId/files/folders': 'restore.run',
  'GET /api/v1/folders/:folderId/access': 'access.manage',
  'PUT /api/v1/folders/:folderId/access': 'access.manage',
  'DELETE /api/v1/folders/:folderId/access/:userId': 'access.manage',
  'GET /api/v1/folders/:folderId/access/users': 'access.manage',
  'GET /api/v1/folders/:folderId/audit': 'audit.read',
  'GET /api/v1/folders/:folderId/quotas': 'quota.read',
  'PUT /api/v1/folders/:folderId/quotas': 'installation-admin',
  'GET /api/v1/folders/:folderId/webhooks': 'notifications.manage',
  'POST /api/v1/folders/:folderId/webhooks': 'notifications.manage',
  'PUT /api/v1/folders/:folderId/webhooks/:webhookId': 'notifications.manage',
  'DELETE /api/v1/folders/:folderId/webhooks/:webhookId': 'notifications.manage',
  'POST /api/v1/folders/:folderId/webhooks/:webhookId/test': 'notifications.manage',
  'GET /api/v1/folders/:folderId/webhooks/:webhookId/deliveries': 'notifications.manage',
};

/** Agent API: how a route is scoped. An id in the path must belong to the calling instance. */
type AgentRule = 'public' | 'own-instance' | 'backup-id' | 'restore-id' | 'request-id';

const AGENT_RULES: Record<string, AgentRule> = {
  'POST /agent/v1/register': 'public',
  'POST /agent/v1/heartbeat': 'own-instance',
  'POST /agent/v1/credential': 'own-instance',
  'GET /agent/v1/jobs/next': 'own-instance',
  'GET /agent/v1/requests/next': 'own-instance',
  'POST /agent/v1/backups/:backupId/missing': 'backup-id',
  'POST /agent/v1/backups/:backupId/packs': 'backup-id',
  'POST /agent/v1/backups/:backupId/progress': 'backup-id',
  'POST /agent/v1/backups/:backupId/commit': 'backup-id',
  'POST /agent/v1/backups/:backupId/fail': 'backup-id',
  'GET /agent/v1/restores/:operationId/trees/:treeId': 'restore-id',
  'POST /agent/v1/restores/:operationId/chunks': 'restore-id',
  'POST /agent/v1/restores/:operationId/progress': 'restore-id',
  'POST /agent/v1/restores/:operationId/finish': 'restore-id',
  'POST /agent/v1/restores/:operationId/fail': 'restore-id',
  'POST /agent/v1/requests/:requestId/result': 'request-id',
};

const SHA = 'a'.repeat(64);
const LOG = [{ at: '2026-11-25T12:00:00.000Z', level: 'info', step: 'test', message: 'm' }];
/** Bodies that pass validation, so a refusal can only come from the ownership check. */
const AGENT_BODIES: Record<string, unknown> = {
  'POST /agent/v1/heartbeat': { agentVersion: '0.1.0', metadataHash: 'h' },
  'POST /agent/v1/backups/:backupId/missing': { ids: [SHA] },
  'POST /agent/v1/backups/:backupId/progress': {
    progress: { phase: 'uploading', filesDone: 0, filesTotal: null, bytesDone: 0, bytesTotal: null, bytesUploaded: 0, bytesPerSecond: 0, etaSeconds: null, currentPath: null },
    log: LOG,
  },
  'POST /agent/v1/backups/:backupId/commit': { rootTreeId: SHA, fileCount: 0, dirCount: 0, logicalBytes: 0, warnings: [], log: LOG },
  'POST /agent/v1/backups/:backupId/fail': { error: 'test', log: LOG },
  'POST /agent/v1/restores/:operationId/chunks': { ids: [SHA] },
  'POST /agent/v1/restores/:operationId/progress': {
    progress: { phase: 'restoring', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, bytesPerSecond: 0, etaSeconds: null, currentPath: null },
    log: LOG,
  },
  'POST /agent/v1/restores/:operationId/finish': {
    summary: { restoredFiles: 0, restoredDirs: 0, restoredBytes: 0, skippedCount: 0, failedCount: 0, skipped: [], failed: [] },
    log: LOG,
  },
  'POST /agent/v1/restores/:operationId/fail': { error: 'test', log: LOG },
  'POST /agent/v1/requests/:requestId/result': { ok: false, code: 'failed', message: 'test' },
};

type Expect = 'allow' | 403 | 401;
type Subject = { name: string; role: Role; installationAdmin: boolean; username: string; password: string; cookie: string };
interface FolderIds {
  folderId: string;
  instanceId: string;
  policyId: string;
  backupId: string;
  operationId: string;
  tokenId: string;
  webhookId: string;
}

let h: Harness;
let adminCookie: string;
const subjects: Subject[] = [];
let bystanderId: string;
const ids = {} as { own: FolderIds; other: FolderIds };
const agents = {} as Record<'a' | 'b', { instanceId: string; credential: string }>;

function consoleRoutes(): string[] {
  const keys = h.app.routes
    .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.includes('*'))
    .map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].sort();
}

function expected(rule: Rule, who: Subject | null, where: 'own' | 'other'): Expect {
  if (rule === 'public') return 'allow';
  if (!who) return 401;
  if (rule === 'session') return 'allow';
  if (rule === 'installation-admin') return who.installationAdmin ? 'allow' : 403;
  return where === 'own' && can(who.role, rule) ? 'allow' : 403;
}

function concrete(path: string, f: FolderIds): string {
  const values: Record<string, string> = { ...f, userId: bystanderId };
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const v = values[name];
    if (!v) throw new Error(`no value for :${name} in ${path}`);
    return v;
  });
}

/** One call without a body: allowed calls then stop at validation (400) or the resource (404/409), never at access. */
async function request(
  method: string,
  url: string,
  cookie: string | null,
  credential: string | null = null,
  body?: unknown,
): Promise<{ status: number; code?: string; json?: any }> {
  const headers: Record<string, string> = { 'x-requested-with': 'matrix' };
  if (cookie) headers.cookie = cookie;
  if (credential) headers.authorization = `Bearer ${credential}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await h.app.request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.headers.get('content-type')?.includes('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status };
  }
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (static files, downloads, chunk batches)
  }
  return { status: res.status, code: json?.error?.code, json };
}

async function registerIn(cookie: string, folderId: string, hostname: string) {
  const token = await h.call('POST', `/api/v1/folders/${folderId}/registration-tokens`, { cookie, body: { kind: 'vm' } });
  expect(token.status, token.text).toBe(201);
  const reg = await h.call('POST', '/agent/v1/register', {
    body: { token: token.json.token, agentVersion: '0.1.0', root: '/', metadata: sampleMetadata(hostname) },
    csrf: false,
  });
  expect(reg.status, reg.text).toBe(201);
  return { tokenId: token.json.id as string, instanceId: reg.json.instanceId as string, credential: reg.json.credential as string };
}

/** A running backup of the instance: link a policy, back up now, the agent takes the job. */
async function runningBackup(cookie: string, folderId: string, agent: { instanceId: string; credential: string }) {
  const policies = await h.call('GET', `/api/v1/folders/${folderId}/policies`, { cookie });
  const policyId = policies.json.items[0].id as string;
  expect((await h.call('PUT', `/api/v1/folders/${folderId}/instances/${agent.instanceId}/policies/${policyId}`, { cookie })).status).toBe(200);
  const op = await h.call('POST', `/api/v1/folders/${folderId}/instances/${agent.instanceId}/backups`, { cookie, body: { policyId } });
  expect(op.status, op.text).toBe(201);
  const next = await h.call('GET', '/agent/v1/jobs/next?wait=0', { headers: { authorization: `Bearer ${agent.credential}` } });
  expect(next.json.job?.kind, next.text).toBe('backup');
  return { policyId, operationId: op.json.id as string, backupId: next.json.job.backupId as string };
}

/** A webhook of the folder, for the :webhookId routes (nothing runs the dispatcher here, so nothing is sent). */
function webhookIn(folderId: string): string {
  const admin = h.services.repos.users.findByUsername('admin')!;
  const hook = { url: 'http://127.0.0.1:9/hook', events: ['backup.failed' as const], enabled: true };
  return h.services.webhooks.create(folderId, hook, { type: 'user', id: admin.id, username: admin.username }).id;
}

beforeAll(async () => {
  h = await createHarness({ agentRequestTimeoutMs: 50 });
  adminCookie = await h.signIn();
  const adminId = h.services.repos.users.findByUsername('admin')!.id;

  // The other team's folder: the installation admin creates it, hands it to its own admin and leaves.
  const other = await h.call('POST', '/api/v1/folders', { cookie: adminCookie, body: { name: 'other team' } });
  expect(other.status, other.text).toBe(201);
  const otherFolderId = other.json.id as string;
  await h.activate(adminCookie);
  expect((await h.call('POST', `/api/v1/folders/${otherFolderId}/activation`, { cookie: adminCookie, body: {} })).status).toBe(200);
  const agentA = await registerIn(adminCookie, 'default', 'own-01');
  const agentB = await registerIn(adminCookie, otherFolderId, 'other-01');
  agents.a = agentA;
  agents.b = agentB;
  const ownBackup = await runningBackup(adminCookie, 'default', agentA);
  const otherBackup = await runningBackup(adminCookie, otherFolderId, agentB);
  ids.own = { folderId: 'default', instanceId: agentA.instanceId, tokenId: agentA.tokenId, ...ownBackup, webhookId: webhookIn('default') };
  ids.other = { folderId: otherFolderId, instanceId: agentB.instanceId, tokenId: agentB.tokenId, ...otherBackup, webhookId: webhookIn(otherFolderId) };

  await createUser(h, adminCookie, 'other-admin', { [otherFolderId]: 'backup.admin' });
  const leave = await h.call('DELETE', `/api/v1/folders/${otherFolderId}/access/${adminId}`, { cookie: adminCookie });
  expect(leave.status, leave.text).toBe(200);

  bystanderId = (await createUser(h, adminCookie, 'bystander', { default: 'backup.viewer' })).id;
  for (const role of Role.options) {
    const username = `${role.replace('backup.', '')}-user`;
    const u = await createUser(h, adminCookie, username, { default: role });
    subjects.push({ name: role, role, installationAdmin: false, username, password: 'a long enough password', cookie: u.cookie });
  }
  subjects.push({ name: 'installation admin (backup.admin of default)', role: 'backup.admin', installationAdmin: true, username: 'admin', password: ADMIN_PASSWORD, cookie: adminCookie });
});
afterAll(() => h.close());

// Runs before the console matrix, whose allowed calls remove instances and delete policies.
describe('authorization matrix (agent API)', () => {
  const agentRoutes = () =>
    [...new Set(h.app.routes.filter((r) => r.path.startsWith('/agent/v1/') && r.method !== 'ALL' && !r.path.includes('*')).map((r) => `${r.method} ${r.path}`))].sort();

  it('has a rule for every agent route the app registers', () => {
    const registered = agentRoutes();
    expect(registered.length).toBeGreaterThanOrEqual(15);
    expect(registered.filter((k) => !(k in AGENT_RULES)), 'agent routes without a rule').toEqual([]);
    expect(Object.keys(AGENT_RULES).filter((k) => !registered.includes(k)), 'rules for agent routes that are gone').toEqual([]);
  });

  it("refuses another instance's credential on every id-bearing route, and every route without a credential", async () => {
    // Instance A's own restore operation and quick request, for the ids B must not reach.
    const restoreOp = h.services.operations.create({
      folderId: 'default',
      type: 'restore',
      target: { kind: 'instance', id: agents.a.instanceId, name: 'own-01' },
      actor: { type: 'system' },
      instanceId: agents.a.instanceId,
      status: 'running',
    });
    const pending = h.services.agentRequests.ask(agents.a.instanceId, { kind: 'list_dir', path: '/' }).catch(() => null);
    const requestId = (await request('GET', '/agent/v1/requests/next?wait=0', null, agents.a.credential)).json.request.id as string;
    const values: Record<string, string> = { backupId: ids.own.backupId, operationId: restoreOp.id, treeId: SHA, requestId };

    const failures: string[] = [];
    let cases = 0;
    for (const key of agentRoutes()) {
      const rule = AGENT_RULES[key]!;
      const [method, path] = key.split(' ') as [string, string];
      const url = path.replace(/:(\w+)/g, (_m, name: string) => values[name]!) + (method === 'GET' ? '?wait=0' : '');
      const body = AGENT_BODIES[key];
      const check = (who: string, got: { status: number }, ok: boolean) => {
        cases++;
        if (!ok) failures.push(`${key} with ${who}: got ${got.status}`);
      };
      const none = await request(method, url, null, null, body);
      check('no credential', none, rule === 'public' ? none.status !== 401 && none.status !== 403 : none.status === 401);
      if (rule === 'public') continue;
      if (rule !== 'own-instance') {
        const foreign = await request(method, url, null, agents.b.credential, body);
        check("another instance's credential", foreign, foreign.status === 404 || foreign.status === 403);
      }
      // The owner is not refused: whatever it gets (200, 400 for an empty pack, 409 for a finished job) is about the job, not access.
      const own = await request(method, url, null, agents.a.credential, body);
      check('its own credential', own, ![401, 403, 404].includes(own.status) && own.status < 500);
    }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(40);
    await pending;
  });
});

describe('authorization matrix (console routes)', () => {
  it('has a rule for every route the app registers, and no rule for a route that is gone', () => {
    const registered = consoleRoutes();
    expect(registered.length).toBeGreaterThanOrEqual(50);
    expect(registered.filter((k) => !(k in RULES)), 'routes without a rule in RULES').toEqual([]);
    expect(Object.keys(RULES).filter((k) => !registered.includes(k)), 'rules for routes that no longer exist').toEqual([]);
  });

  it('allows or refuses every route × role × own folder / other folder / no session as the table says', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const key of consoleRoutes()) {
      const rule = RULES[key]!;
      const [method, path] = key.split(' ') as [string, string];
      for (const where of ['own', 'other'] as const) {
        const url = concrete(path, ids[where]);
        for (const who of [...subjects, null]) {
          // Signing out would end the session the other cases use: sign out a fresh one instead.
          const cookie = !who ? null : key === 'POST /api/v1/auth/sign-out' ? await h.signIn(who.username, who.password) : who.cookie;
          const want = expected(rule, who, where);
          const got = await request(method, url, cookie);
          cases++;
          const ok =
            want === 'allow'
              ? got.status !== 401 && got.status !== 403 && got.status < 500
              : want === 403
                ? got.status === 403 && got.code === 'forbidden'
                : got.status === 401 && got.code === 'unauthenticated';
          if (!ok) failures.push(`${key} as ${who?.name ?? 'no session'} in ${where} folder: want ${want}, got ${got.status} ${got.code ?? ''}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // routes × (5 roles + installation admin + no session) × (own + other folder)
    expect(cases).toBe(consoleRoutes().length * (subjects.length + 1) * 2);
  });

  it('takes a revoked role away at once, without a new sign-in', async () => {
    const viewer = subjects.find((s) => s.role === 'backup.viewer' && !s.installationAdmin)!;
    const viewerId = h.services.repos.users.findByUsername(viewer.username)!.id;
    expect((await request('GET', '/api/v1/folders/default/backups', viewer.cookie)).status).toBe(200);
    expect((await h.call('DELETE', `/api/v1/folders/default/access/${viewerId}`, { cookie: adminCookie })).status).toBe(200);
    const after = await request('GET', '/api/v1/folders/default/backups', viewer.cookie);
    expect(after).toMatchObject({ status: 403, code: 'forbidden' });
  });
});
