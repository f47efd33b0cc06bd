import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { AGENT_API_PREFIX, ErrorCode, type ApiError } from '@cloud-backup/domain';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { agentRoutes } from './agent-api/agent.routes';
import type { AppEnv } from './app-env';
import { AppError } from './lib/errors';
import { buildOpenApiDocument } from './lib/openapi-document';
import { contentType, readStatic } from './lib/static-files';
import { authRoutes } from './routes/auth.routes';
import { eventsRoutes } from './routes/events.routes';
import { foldersRoutes } from './routes/folders.routes';
import { instancesRoutes } from './routes/instances.routes';
import { policiesRoutes } from './routes/policies.routes';
import { registrationTokensRoutes } from './routes/registration-tokens.routes';
import { backupsRoutes } from './routes/backups.routes';
import { operationsRoutes } from './routes/operations.routes';
import { restoresRoutes } from './routes/restores.routes';
import { accessRoutes } from './routes/access.routes';
import { adminRoutes } from './routes/admin.routes';
import { monitoringRoutes } from './routes/monitoring.routes';
import { metricsRoutes } from './routes/metrics.routes';
import { quotasRoutes } from './routes/quotas.routes';
import { webhooksRoutes } from './routes/webhooks.routes';
import type { Services } from './services';

export const API_PREFIX = '/api/v1';
const MAX_BODY_BYTES = 1024 * 1024;
export const AGENT_DOWNLOAD_PATH = '/downloads/cloud-backup-agent.mjs';

const httpCodes: Partial<Record<number, string>> = {
  400: ErrorCode.badRequest,
  401: ErrorCode.unauthenticated,
  403: ErrorCode.forbidden,
  404: ErrorCode.notFound,
  413: ErrorCode.payloadTooLarge,
};

function errorBody(code: string, message: string, fields?: Record<string, string>): ApiError {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

const tooLarge = (): never => {
  throw new AppError(413, ErrorCode.payloadTooLarge, `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB`);
};

/** State-changing console calls must carry a header a cross-site form or image cannot send. */
function csrfGuard() {
  return async (c: { req: { method: string; header(name: string): string | undefined } }, next: () => Promise<void>) => {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && !c.req.header('x-requested-with')) {
      throw new AppError(403, ErrorCode.csrf, 'Missing X-Requested-With header on a state-changing request');
    }
    await next();
  };
}

export function createApp(services: Services) {
  const app = new Hono<AppEnv>();

  app.onError((err, c) => {
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
      return c.json(errorBody(err.code, err.message, err.fields), err.status);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return c.json(errorBody(httpCodes[status] ?? ErrorCode.badRequest, err.message || 'Bad request'), status);
    }
    console.error(`[bff] ${c.req.method} ${c.req.path} failed:`, err);
    return c.json(errorBody(ErrorCode.internal, 'Something went wrong on the server. The error was logged.'), 500);
  });

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
      xFrameOptions: 'DENY',
    }),
  );
  app.use('*', async (c, next) => {
    c.set('services', services);
    await next();
  });
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge }));
  // Pack uploads carry their own, larger limit (agent-jobs.routes.ts).
  const agentJsonLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  app.use(`${AGENT_API_PREFIX}/*`, async (c, next) => (c.req.path.endsWith('/packs') ? next() : agentJsonLimit(c, next)));
  app.use(`${API_PREFIX}/*`, csrfGuard());

  const api = new Hono<AppEnv>()
    .route('/', authRoutes)
    .route('/', foldersRoutes)
    .route('/', instancesRoutes)
    .route('/', policiesRoutes)
    .route('/', registrationTokensRoutes)
    .route('/', backupsRoutes)
    .route('/', operationsRoutes)
    .route('/', restoresRoutes)
    .route('/', accessRoutes)
    .route('/', adminRoutes)
    .route('/', monitoringRoutes)
    .route('/', quotasRoutes)
    .route('/', webhooksRoutes)
    .route('/', eventsRoutes);
  app.route(API_PREFIX, api);
  app.route(AGENT_API_PREFIX, agentRoutes);

  app.get('/api/health', (c) => c.json({ ok: true }));
  // Prometheus scrapes /metrics by convention: outside the console API, its own auth (token or loopback).
  app.route('/', metricsRoutes);
  app.get('/api/openapi.json', (c) => c.json(buildOpenApiDocument(app.routes, API_PREFIX)));
  app.get(AGENT_DOWNLOAD_PATH, async (c) => {
    const file = await readStatic(services.config.agentBundle.replace(/\/[^/]+$/, ''), '/agent.mjs');
    if (!file) throw new AppError(404, ErrorCode.notFound, 'The agent bundle is not built on this server (run npm start or pnpm build)');
    return c.body(new Uint8Array(file.body), 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });
  app.all('/api/*', () => {
    throw new AppError(404, ErrorCode.notFound, 'No such API route');
  });
  app.all(`${AGENT_API_PREFIX}/*`, () => {
    throw new AppError(404, ErrorCode.notFound, 'No such agent API route');
  });

  // The console: built files, and index.html for every other path so deep links work.
  app.get('*', async (c) => {
    const root = services.config.webDist;
    const asset = await readStatic(root, c.req.path);
    if (asset) {
      const immutable = c.req.path.startsWith('/assets/');
      return c.body(new Uint8Array(asset.body), 200, {
        'content-type': contentType(asset.file),
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
    const index = await readStatic(root, '/index.html');
    if (!index) return c.text('The console is not built. Run `npm start` (or `pnpm build`) first.', 503);
    return c.body(new Uint8Array(index.body), 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
