import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { ErrorCode } from '@cloud-backup/domain';
import { AppError, forbidden } from '../lib/errors';
import { PROMETHEUS_CONTENT_TYPE } from '../services/prometheus-metrics.service';
import type { AppEnv } from '../app-env';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The caller's address, or null for a request that came through no socket (in-process). */
function remoteAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** Compares digests, so neither the content nor the length of the token leaks through timing. */
function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * `/metrics` for Prometheus, outside the console API: no session. With METRICS_TOKEN set it takes
 * `Authorization: Bearer <token>`; unset, it answers loopback callers only (a scraper on the same host, or
 * behind a proxy there that does its own checks). A request without a socket counts as remote.
 */
export const metricsRoutes = new Hono<AppEnv>().get('/metrics', async (c) => {
  const { config, prometheus } = c.var.services;
  if (config.metricsToken !== null) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1] || !sameToken(match[1].trim(), config.metricsToken)) {
      throw new AppError(401, ErrorCode.unauthenticated, 'This endpoint needs Authorization: Bearer <METRICS_TOKEN>', undefined, { 'www-authenticate': 'Bearer realm="metrics"' });
    }
  } else {
    const address = remoteAddress(c);
    if (address === null || !LOOPBACK.has(address)) {
      throw forbidden('Without METRICS_TOKEN set, /metrics answers loopback callers only; set METRICS_TOKEN to scrape it from elsewhere');
    }
  }
  return c.body(await prometheus.exposition(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' });
});
