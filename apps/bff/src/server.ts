import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app';
import { openDatabase } from './db/client';
import { EventBus } from './events/event-bus';
import { systemClock, type Clock } from './lib/clock';
import { createServices } from './services';
import type { Config } from './config';
import path from 'node:path';

export interface StartedServer {
  url: string;
  port: number;
  services: ReturnType<typeof createServices>;
  /** Set when the admin was created with a random password on this start. */
  generatedAdminPassword: string | null;
  close(): Promise<void>;
}

/** Opens the database, migrates it, seeds the first folder and admin, and listens. */
export async function startServer(config: Config, opts: { clock?: Clock; adminPassword?: string; hostname?: string } = {}): Promise<StartedServer> {
  const { db, close: closeDb } = openDatabase(path.join(config.dataDir, 'cloud-backup.db'));
  const services = createServices({ db, clock: opts.clock ?? systemClock, config, events: new EventBus() });
  services.folders.ensureDefaultFolder();
  const seeded = await services.auth.ensureAdmin(opts.adminPassword);
  services.agentJobs.abandonOrphans('The server restarted while the backup was running');
  const stopPresence = services.presence.start(1000);
  const app = createApp(services);

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: opts.hostname ?? '0.0.0.0' }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://localhost:${port}`,
    port,
    services,
    generatedAdminPassword: seeded?.generatedPassword ?? null,
    close: async () => {
      stopPresence();
      await services.maintenance.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      closeDb();
    },
  };
}
