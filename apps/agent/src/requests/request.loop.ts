import type { AgentRequest, AgentRequestResult } from '@cloud-backup/domain';
import type { AgentApiClient } from '../api/agent-api.client';
import { abortableSleep } from '../heartbeat/abortable-sleep';
import { retryDelayMs } from '../heartbeat/heartbeat.loop';
import { isTransient } from '../jobs/job-api';
import { isTerminalApiError } from '../jobs/backup.job';
import { describeError } from '../jobs/job-errors';
import type { Logger } from '../log/logger';
import { answerRequest } from './target-files';

export interface RequestLoopOptions {
  client: AgentApiClient;
  credential: string;
  root: string;
  logger: Logger;
  signal: AbortSignal;
  /** Seconds the server may hold `requests/next` open. */
  waitSeconds?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** For tests: answers a request (default: the real file system under `root`). */
  answer?: (request: AgentRequest, root: string) => Promise<AgentRequestResult>;
}

export type RequestLoopOutcome = { reason: 'stopped' } | { reason: 'removed'; message: string };

const DEFAULT_WAIT_SECONDS = 25;
const MAX_RETRY_SECONDS = 30;
const MIN_POLL_INTERVAL_MS = 1000;
// Answers in progress at once: a folder on a slow disk must not hold up the next click in the console.
const MAX_IN_FLIGHT = 4;
// Someone is waiting in the console: a result is worth a couple of quick retries, not minutes of them.
const RESULT_RETRY_MS = [500, 1000, 2000] as const;

/**
 * The third loop of `run`, beside the heartbeat and the job loop: long-polls for quick requests from the
 * console (list a folder, make a folder) and answers each at once, whether or not a job is running.
 */
export async function runRequestLoop(o: RequestLoopOptions): Promise<RequestLoopOutcome> {
  const sleep = o.sleep ?? abortableSleep;
  const waitSeconds = o.waitSeconds ?? DEFAULT_WAIT_SECONDS;
  const answer = o.answer ?? answerRequest;
  const inFlight = new Set<Promise<void>>();
  let removed: string | null = null;
  let failures = 0;

  const handle = async (request: AgentRequest) => {
    let result: AgentRequestResult;
    try {
      result = await answer(request, o.root);
    } catch (error) {
      result = { ok: false, code: 'failed', message: describeError(error).slice(0, 2048) };
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await o.client.requestResult(o.credential, request.id, result, o.signal);
        return;
      } catch (error) {
        if (o.signal.aborted) return;
        if (isTerminalApiError(error)) {
          removed ??= error.message;
          return;
        }
        const delay = RESULT_RETRY_MS[attempt];
        if (!isTransient(error) || delay === undefined) {
          o.logger.info(`Could not answer request ${request.id} (${request.kind}): ${describeError(error)}`);
          return;
        }
        await sleep(delay, o.signal);
      }
    }
  };

  while (!o.signal.aborted && removed === null) {
    const startedAt = Date.now();
    let request: AgentRequest | null;
    try {
      request = (await o.client.nextRequest(o.credential, waitSeconds, o.signal)).request;
      if (failures > 0) o.logger.info(`Request polling works again after ${failures} failed attempt${failures === 1 ? '' : 's'}`);
      failures = 0;
    } catch (error) {
      if (o.signal.aborted) break;
      if (isTerminalApiError(error)) {
        removed = error.message;
        break;
      }
      failures++;
      const delayMs = retryDelayMs(failures, MAX_RETRY_SECONDS);
      o.logger.info(`Asking for requests failed (attempt ${failures}): ${describeError(error)}; retrying in ${delayMs / 1000} s`);
      await sleep(delayMs, o.signal);
      continue;
    }
    if (request === null) {
      const elapsed = Date.now() - startedAt;
      if (elapsed < MIN_POLL_INTERVAL_MS) await sleep(MIN_POLL_INTERVAL_MS - elapsed, o.signal);
      continue;
    }
    const running = handle(request).finally(() => inFlight.delete(running));
    inFlight.add(running);
    if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.allSettled(inFlight);
  return removed === null ? { reason: 'stopped' } : { reason: 'removed', message: removed };
}
