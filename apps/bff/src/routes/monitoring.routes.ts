import { Hono } from 'hono';
import { FolderHealth, MonitoringQuery, MonitoringSeries } from '@cloud-backup/domain';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';

export const monitoringRoutes = new Hono<AppEnv>()
  .get('/folders/:folderId/health', doc('monitoring', 'Fleet health at a glance: protected, at risk, offline, last 24 h', FolderHealth), inFolder('folder.read'), async (c) =>
    c.json(await c.var.services.health.health(c.req.param('folderId'))),
  )
  .get(
    '/folders/:folderId/monitoring',
    doc('monitoring', 'Recorded samples over time for the folder or one instance, in buckets of the range', MonitoringSeries),
    inFolder('folder.read'),
    validate('query', MonitoringQuery),
    (c) => c.json(c.var.services.monitoring.series(c.req.param('folderId'), c.req.valid('query'))),
  );
