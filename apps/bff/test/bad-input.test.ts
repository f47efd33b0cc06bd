import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness';

// Every route the app registers, fed malformed input: the answer is a 4xx with the error shape, never a 500.
let h: Harness;
let cookie: string;
let agentAuth: Record<string, string>;
beforeAll(async () => {
  h = await createHarness();
  cookie = await h.signIn();
  await h.activate(cookie);
  const { credential } = await h.registerAgent(cookie);
  agentAuth = { authorization: `Bearer ${credential}` };
});
afterAll(() => h.close());

const paramValues = ['unknown_id', 'x'.repeat(65), 'bad%20id', '%00', '..'];
const bodies: unknown[] = [
  undefined,
  {},
  [],
  'text',
  42,
  null,
  { kind: 7, username: ['a'], password: { x: 1 }, createDefaultPolicies: 'maybe', token: 5, metadata: 'm' },
  { username: 'u'.repeat(10_000), password: 'p', kind: 'vm'.repeat(1000), token: 't'.repeat(10_000) },
];

function concrete(path: string, value: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => (name === 'folderId' ? 'default' : value));
}

describe('bad input on every route', () => {
  // Sign-out would end the session the other calls use; it has its own tests.
  const routes = () =>
    h.app.routes.filter(
      (r) =>
        r.method !== 'ALL' &&
        !r.path.includes('*') &&
        !r.path.endsWith('/auth/sign-out') &&
        (r.path.startsWith('/api/v1') || r.path.startsWith('/agent/v1')),
    );

  it('never answers 500 and always uses the error shape for failures', async () => {
    const list = routes();
    expect(list.length).toBeGreaterThanOrEqual(16);
    let checked = 0;
    for (const route of list) {
      if (route.path.endsWith('/events')) continue; // a stream; covered by live-events.test.ts
      const headers = route.path.startsWith('/agent') ? agentAuth : {};
      for (const value of paramValues) {
        for (const body of route.method === 'GET' || route.method === 'DELETE' ? [undefined] : bodies) {
          const url = concrete(route.path, value) + (route.method === 'GET' ? '?kind=nonsense&extra=%FF&wait=0&path=..%2Fetc' : '');
          const res = await h.call(route.method, url, { cookie, headers, body });
          const where = `${route.method} ${url} ${JSON.stringify(body)?.slice(0, 80)}`;
          expect(res.status, where).toBeLessThan(500);
          expect(res.status, `${where}: the session must still hold`).not.toBe(401);
          if (res.status >= 400) {
            expect(typeof res.json?.error?.code, where).toBe('string');
            expect(typeof res.json?.error?.message, where).toBe('string');
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('answers invalid JSON with 400', async () => {
    for (const url of ['/api/v1/folders/default/activation', '/api/v1/folders/default/registration-tokens', '/agent/v1/register']) {
      const res = await h.call('POST', url, { cookie, rawBody: '{"unterminated' });
      expect(res.status, url).toBe(400);
      expect(res.json.error.code).toBeTypeOf('string');
    }
  });
});
