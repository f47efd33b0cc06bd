import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { FolderEvent } from '@cloud-backup/domain';
import { doc } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';

const KEEPALIVE_MS = 15_000;

/** Live folder events over Server-Sent Events (decision 003). */
export const eventsRoutes = new Hono<AppEnv>().get(
  '/folders/:folderId/events',
  doc('events', 'Live events of the folder (text/event-stream)'),
  inFolder('folder.read', { requireActive: false }),
  (c) => {
    const folderId = c.req.param('folderId');
    return streamSSE(c, async (stream) => {
      const queue: FolderEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = c.var.services.events.subscribe(folderId, (event) => {
        queue.push(event);
        wake?.();
      });
      let closed = false;
      stream.onAbort(() => {
        closed = true;
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      while (!closed) {
        const event = queue.shift();
        if (event) {
          await stream.writeSSE({ data: JSON.stringify(event) });
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, KEEPALIVE_MS).unref();
        });
        wake = null;
        if (!closed && queue.length === 0) await stream.write(': keep-alive\n\n');
      }
    });
  },
);
