import { z } from 'zod';
import { ApiError } from '@cloud-backup/domain';
import { readMeta, type DocMeta, type InputMeta } from './openapi-meta';

interface RouteLike {
  method: string;
  path: string;
  handler: unknown;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

/**
 * The OpenAPI 3.1 document of the console API, read off the app's own routes: every route that
 * carries a `doc()` is listed with the schemas its `validate()` middlewares enforce.
 */
export function buildOpenApiDocument(routes: readonly RouteLike[], prefix: string): Record<string, unknown> {
  const ops = new Map<string, { method: string; path: string; doc?: DocMeta; inputs: InputMeta[] }>();
  for (const r of routes) {
    if (!r.path.startsWith(prefix) || r.method === 'ALL') continue;
    const meta = readMeta(r.handler);
    if (!meta) continue;
    const key = `${r.method} ${r.path}`;
    const op = ops.get(key) ?? { method: r.method, path: r.path, inputs: [] };
    if (meta.kind === 'doc') op.doc = meta;
    else op.inputs.push(meta);
    ops.set(key, op);
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops.values()) {
    if (!op.doc) continue;
    const openPath = op.path.replace(/:(\w+)/g, '{$1}');
    const pathParams = [...op.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const parameters: unknown[] = pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    let requestBody: unknown;
    for (const input of op.inputs) {
      if (input.target === 'json') {
        requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(input.schema, 'input') } } };
      } else if (input.target === 'query') {
        const schema = jsonSchema(input.schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
        for (const [name, s] of Object.entries(schema.properties ?? {})) {
          parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s });
        }
      }
    }
    const status = String(op.doc.status ?? 200);
    const success = op.doc.response
      ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(op.doc.response, 'output') } } }
      : { description: 'Success' };
    const error = { description: 'Error', content: { 'application/json': { schema: jsonSchema(ApiError, 'output') } } };
    (paths[openPath] ??= {})[op.method.toLowerCase()] = {
      tags: [op.doc.tag],
      summary: op.doc.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: { [status]: success, '4XX': error },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Cloud Backup console API', version: '1' },
    servers: [{ url: prefix }],
    components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cb_session' } } },
    security: [{ session: [] }],
    paths: Object.fromEntries(Object.entries(paths).map(([p, v]) => [p.slice(prefix.length) || '/', v])),
  };
}
