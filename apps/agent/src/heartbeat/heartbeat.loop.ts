import { ErrorCode, type InstanceMetadata } from '@cloud-backup/domain';
import type { AgentApiClient } from '../api/agent-api.client';
import { AgentApiError } from '../api/agent-api.errors';
import type { Logger } from '../log/logger';
import { AGENT_VERSION } from '../version';
import { abortableSleep } from './abortable-sleep';
import { metadataHash } from './metadata-hash';

export interface HeartbeatLoopOptions {
  client: AgentApiClient;
  credential: string;
  initialIntervalSeconds: number;
  collectMetadata: () => Promise<InstanceMetadata>;
  logger: Logger;
  signal: AbortSignal;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Called when the server asks for a credential rotation; a failure is logged and retried on a later beat. */
  rotateCredential?: () => Promise<void>;
}

export type HeartbeatLoopOutcome = { reason: 'stopped' } | { reason: 'removed'; message: string };

// Either answer means the server will never accept this credential again, so retrying is pointless.
const TERMINAL_CODES: ReadonlySet<string> = new Set([ErrorCode.instanceRemoved, ErrorCode.invalidAgentCredential]);

const FIRST_RETRY_MS = 1000;

/** Retry delay after `failures` consecutive failures: doubles from 1 s, never longer than the interval. */
export function retryDelayMs(failures: number, intervalSeconds: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(FIRST_RETRY_MS * 2 ** exponent, intervalSeconds * 1000);
}

function describe(error: unknown): string {
  if (error instanceof AgentApiError) return error.describe();
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends heartbeats until stopped or until the server says the instance is gone. Metadata travels only
 * when the server may not hold it: first beat, a changed hash, or when the server asked for it.
 */
export async function runHeartbeatLoop(o: HeartbeatLoopOptions): Promise<HeartbeatLoopOutcome> {
  const sleep = o.sleep ?? abortableSleep;
  let intervalSeconds = o.initialIntervalSeconds;
  let heldHash: string | null = null;
  let metadataRequired = true;
  let failures = 0;
  let everConnected = false;

  while (!o.signal.aborted) {
    let delayMs = intervalSeconds * 1000;
    try {
      const metadata = await o.collectMetadata();
      const hash = metadataHash(metadata);
      const send = metadataRequired || hash !== heldHash;
      const answer = await o.client.heartbeat(
        o.credential,
        { agentVersion: AGENT_VERSION, metadataHash: hash, ...(send ? { metadata } : {}) },
        o.signal,
      );
      metadataRequired = answer.metadataRequired;
      heldHash = answer.metadataRequired ? null : hash;
      const nextInterval = answer.heartbeatIntervalSeconds;
      if (!everConnected) o.logger.info(`Connected to ${o.client.serverUrl}; heartbeat every ${nextInterval} s`);
      else if (failures > 0) o.logger.info(`Reconnected to ${o.client.serverUrl} after ${failures} failed attempt${failures === 1 ? '' : 's'}`);
      if (everConnected && nextInterval !== intervalSeconds) o.logger.info(`Server set the heartbeat interval to ${nextInterval} s`);
      everConnected = true;
      failures = 0;
      intervalSeconds = nextInterval;
      delayMs = intervalSeconds * 1000;
      if (answer.rotateCredential && o.rotateCredential) {
        try {
          await o.rotateCredential();
        } catch (error) {
          if (o.signal.aborted) break;
          // The server keeps asking on every beat until a rotation completes; the old credential still works.
          o.logger.info(`Credential rotation failed: ${describe(error)}; trying again on the next heartbeat`);
        }
      }
    } catch (error) {
      if (o.signal.aborted) break;
      if (error instanceof AgentApiError && TERMINAL_CODES.has(error.code)) {
        return { reason: 'removed', message: error.message };
      }
      failures++;
      delayMs = retryDelayMs(failures, intervalSeconds);
      o.logger.info(`Heartbeat failed (attempt ${failures}): ${describe(error)}; retrying in ${delayMs / 1000} s`);
    }
    await sleep(delayMs, o.signal);
  }
  return { reason: 'stopped' };
}
