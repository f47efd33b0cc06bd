import path from 'node:path';
import { AgentExitCode, type InstanceMetadata } from '@cloud-backup/domain';
import { createAgentApiClient } from '../api/agent-api.client';
import { configPath, loadConfig, saveConfig } from '../config/agent-config.store';
import { runHeartbeatLoop } from '../heartbeat/heartbeat.loop';
import { runJobLoop, type JobLoopOptions } from '../jobs/job.loop';
import { createLogger } from '../log/logger';
import { collectMetadata } from '../metadata/collect-metadata';
import { runRequestLoop, type RequestLoopOptions } from '../requests/request.loop';
import { AGENT_VERSION } from '../version';
import type { CommandIo } from './command-io';

export interface RunOptions {
  dataDir: string;
}

export interface RunDeps {
  collectMetadata: () => Promise<InstanceMetadata>;
  /** Stops the agent when aborted; by default SIGINT and SIGTERM abort it. */
  signal?: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** For tests: how long the server may hold a job poll, and what every job gets. */
  jobs?: Pick<JobLoopOptions, 'waitSeconds' | 'jobContext'>;
  /** For tests: how long the server may hold a request poll. */
  requests?: Pick<RequestLoopOptions, 'waitSeconds'>;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function runCommand(options: RunOptions, io: CommandIo, deps: RunDeps = { collectMetadata }): Promise<number> {
  const dataDir = path.resolve(options.dataDir);
  const loaded = loadConfig(dataDir);
  if (loaded.state === 'missing') {
    io.stderr(`This agent is not registered: ${configPath(dataDir)} does not exist. Run "register --server URL --token TOKEN --data-dir ${dataDir}" first.\n`);
    return AgentExitCode.usage;
  }
  if (loaded.state === 'invalid') {
    io.stderr(`Cannot use ${configPath(dataDir)}: ${loaded.reason}. Register again with --force.\n`);
    return AgentExitCode.usage;
  }
  let config = loaded.config;
  const logger = createLogger(io.stdout);

  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info(`Received ${signal}; stopping`);
    controller.abort();
  };
  // `once`: a second Ctrl-C falls back to Node's default and ends the process even if shutdown hangs.
  if (!deps.signal) for (const s of STOP_SIGNALS) process.once(s, onSignal);
  if (deps.signal?.aborted) controller.abort();
  deps.signal?.addEventListener('abort', () => controller.abort(), { once: true });

  logger.info(
    `Cloud Backup agent ${AGENT_VERSION} running as instance ${config.name} (${config.instanceId}), ` +
      `folder ${config.folderId}, root ${config.root}, server ${config.serverUrl}`,
  );
  const https = config.serverUrl.startsWith('https:');
  const pinned = https ? (config.tlsFingerprint ?? null) : null;
  if (https && pinned === null) logger.info('No certificate pinned at registration; the server certificate is checked against the system CAs');
  // The loops keep the credential they started with; the client sends the current one, which a rotation replaces.
  const client = createAgentApiClient(config.serverUrl, { tls: { fingerprint: pinned }, currentCredential: () => config.credential });
  let rotating: Promise<void> | null = null;
  const rotateCredential = (): Promise<void> =>
    (rotating ??= (async () => {
      const { credential } = await client.rotateCredential(config.credential, controller.signal);
      // Saved before use: the server drops the old credential only once the new one arrives, so a crash
      // between the two leaves an agent that still holds a working credential.
      const next = { ...config, credential };
      saveConfig(dataDir, next);
      config = next;
      logger.info('Rotated the agent credential; the new one is saved and in use');
    })().finally(() => (rotating = null)));
  try {
    // The loops share one stop: a removed instance seen by any ends the others too.
    const removed = (outcome: { reason: string; message?: string }) => {
      if (outcome.reason === 'removed') controller.abort();
      return outcome;
    };
    const outcomes = await Promise.all([
      runHeartbeatLoop({
        client,
        credential: config.credential,
        initialIntervalSeconds: config.heartbeatIntervalSeconds,
        collectMetadata: deps.collectMetadata,
        logger,
        signal: controller.signal,
        rotateCredential,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      }).then(removed),
      runJobLoop({
        client,
        credential: config.credential,
        root: config.root,
        dataDir,
        logger,
        signal: controller.signal,
        ...deps.jobs,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      }).then(removed),
      // Quick requests (browse and make folders) are answered even while a job runs.
      runRequestLoop({
        client,
        credential: config.credential,
        root: config.root,
        logger,
        signal: controller.signal,
        ...deps.requests,
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      }).then(removed),
    ]);
    const gone = outcomes.find((o) => o.reason === 'removed');
    if (gone) {
      logger.info(gone.message ?? 'This instance was removed from the service');
      return AgentExitCode.instanceRemoved;
    }
    logger.info('Agent stopped');
    return AgentExitCode.ok;
  } finally {
    for (const s of STOP_SIGNALS) process.removeListener(s, onSignal);
  }
}
