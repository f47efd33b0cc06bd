import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMeta } from '../src/lib/openapi-meta';
import { createHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

describe('OpenAPI document', () => {
  it('documents every console route the app registers, with its request schema', async () => {
    const res = await h.call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    const registered = h.app.routes.filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL' && !r.path.endsWith('*'));
    const endpoints = new Set(registered.map((r) => `${r.method.toLowerCase()} ${r.path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')}`));
    expect(endpoints.size).toBeGreaterThanOrEqual(14);
    for (const endpoint of endpoints) {
      const [method, path] = endpoint.split(' ') as [string, string];
      expect(res.json.paths[path]?.[method], endpoint).toBeDefined();
    }
    const signIn = res.json.paths['/auth/sign-in'].post;
    expect(signIn.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    const list = res.json.paths['/folders/{folderId}/instances'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(['folderId', 'kind']);
  });

  it('every console route carries a doc() so none goes undocumented', () => {
    const byRoute = new Map<string, boolean>();
    for (const r of h.app.routes) {
      if (!r.path.startsWith('/api/v1/') || r.method === 'ALL') continue;
      const key = `${r.method} ${r.path}`;
      byRoute.set(key, (byRoute.get(key) ?? false) || readMeta(r.handler)?.kind === 'doc');
    }
    const undocumented = [...byRoute].filter(([, documented]) => !documented).map(([k]) => k);
    expect(undocumented).toEqual([]);
  });
});
