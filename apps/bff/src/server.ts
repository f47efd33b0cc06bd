import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app';
import { openDatabase } from './db/client';
import { EventBus } from './events/event-bus';
import { systemClock, type Clock } from './lib/clock';
import { createServices } from './services';
import { offlineAfterMs, type Config } from './config';
import { createServer as createHttpsServer } from 'node:https';
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
  const resumed = await services.agentJobs.resumeOrphans();
  // Agents heartbeat again within seconds of the server's return; one that has not after two offline windows is gone.
  const resumeCheck = setTimeout(
    () =>
      services.agentJobs.abandonUnresumed(resumed, (id) => {
        const row = services.repos.instances.findById(id);
        return row !== undefined && services.instances.isOnline(row);
      }),
    2 * offlineAfterMs(config) + 10_000,
  );
  resumeCheck.unref();
  services.agentRestores.abandonOrphans('The server restarted during the restore; start it again');
  const stopPresence = services.presence.start(1000);
  const stopScheduler = services.scheduler.start(config.schedulerTickMs);
  // Monitoring samples: one now, then every METRICS_SAMPLE_SECONDS.
  const stopSampler = services.metricsSampler.start();
  const stopWebhooks = services.webhookDispatcher.start(1000);
  const stopAlerts = services.webhookAlerts.start(60_000);
  const expireRestores = setInterval(() => services.restores.expireWaiting(), 5000);
  expireRestores.unref();
  const app = createApp(services);

  const server: ServerType = await new Promise((resolve) => {
    const listen = { fetch: app.fetch, port: config.port, hostname: opts.hostname ?? '0.0.0.0' };
    const s = config.tls
      ? serve({ ...listen, createServer: createHttpsServer, serverOptions: { cert: config.tls.cert, key: config.tls.key } }, () => resolve(s))
      : serve(listen, () => resolve(s));
  });
  // Clients (agents, the console, fetch in scripts) keep sockets open between calls; a server that closes
  // an idle one after Node's default 5 s races with a request sent on it at that moment. Keep them longer
  // than any client's own idle timeout (undici: 4 s) so the client is always the one that closes.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `${config.tls ? 'https' : 'http'}://localhost:${port}`,
    port,
    services,
    generatedAdminPassword: seeded?.generatedPassword ?? null,
    close: async () => {
      stopPresence();
      clearInterval(expireRestores);
      clearTimeout(resumeCheck);
      stopScheduler();
      stopSampler();
      await services.metricsSampler.idle();
      await stopAlerts();
      await stopWebhooks();
      await services.maintenance.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      closeDb();
    },
  };
}
