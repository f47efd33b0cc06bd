import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTls, type TlsMaterial } from './lib/tls';

export interface Config {
  port: number;
  dataDir: string;
  /** Base URL agents use to reach the server; by default the origin the console was opened on. */
  publicUrl: string | null;
  heartbeatIntervalSeconds: number;
  /** An instance is offline after this many heartbeat intervals without a beat. */
  missedHeartbeats: number;
  sessionTtlMs: number;
  secureCookies: boolean;
  /** HTTPS when TLS_CERT and TLS_KEY are set; null serves plain HTTP. */
  tls: TlsMaterial | null;
  webDist: string;
  agentBundle: string;
  /** A restore queued for an offline target fails after this long. */
  restoreOfflineWaitMs: number;
  /** How long the console waits for an agent to answer a quick request (list or create a folder). */
  agentRequestTimeoutMs: number;
  /** How often the scheduler looks for due backups. */
  schedulerTickMs: number;
  /** How often the server records a monitoring sample per folder and instance (SPEC §7). */
  metricsSampleSeconds: number;
  /** When set, `/metrics` requires `Authorization: Bearer <token>`; unset, it answers loopback callers only. */
  metricsToken: string | null;
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function numberFromEnv(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero)) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const tls = loadTls(env.TLS_CERT, env.TLS_KEY);
  return {
    // PORT=0 picks a free port (the tests use it); the log line says which.
    port: numberFromEnv('PORT', env.PORT, 8080, true),
    dataDir: path.resolve(env.DATA_DIR ?? path.join(repoRoot, 'data')),
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, '') || null,
    heartbeatIntervalSeconds: numberFromEnv('AGENT_HEARTBEAT_SECONDS', env.AGENT_HEARTBEAT_SECONDS, 15),
    missedHeartbeats: 3,
    sessionTtlMs: numberFromEnv('SESSION_TTL_HOURS', env.SESSION_TTL_HOURS, 12) * 3600_000,
    // Over HTTPS the session cookie is Secure by itself.
    secureCookies: env.SECURE_COOKIES === '1' || tls !== null,
    tls,
    webDist: path.join(repoRoot, 'apps/web/dist'),
    agentBundle: path.join(repoRoot, 'apps/agent/dist/agent.mjs'),
    restoreOfflineWaitMs: numberFromEnv('RESTORE_OFFLINE_WAIT_SECONDS', env.RESTORE_OFFLINE_WAIT_SECONDS, 600) * 1000,
    schedulerTickMs: numberFromEnv('SCHEDULER_TICK_SECONDS', env.SCHEDULER_TICK_SECONDS, 10) * 1000,
    agentRequestTimeoutMs: numberFromEnv('AGENT_REQUEST_TIMEOUT_SECONDS', env.AGENT_REQUEST_TIMEOUT_SECONDS, 15) * 1000,
    metricsSampleSeconds: numberFromEnv('METRICS_SAMPLE_SECONDS', env.METRICS_SAMPLE_SECONDS, 60),
    metricsToken: env.METRICS_TOKEN || null,
  };
}

export function offlineAfterMs(config: Config): number {
  // One extra second of grace so a beat that is merely late does not flap the status.
  return config.heartbeatIntervalSeconds * config.missedHeartbeats * 1000 + 1000;
}
