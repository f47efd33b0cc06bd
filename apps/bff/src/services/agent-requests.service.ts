import { ErrorCode, type AgentRequest, type AgentRequestResult } from '@cloud-backup/domain';
import { AppError } from '../lib/errors';
import { newId } from '../lib/ids';
import { Waiters } from '../lib/waiters';

type RequestBody = AgentRequest extends infer R ? (R extends AgentRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  request: AgentRequest;
  instanceId: string;
  resolve: (result: AgentRequestResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  delivered: boolean;
}

/**
 * Quick questions to an agent (list a directory, create one) while a user waits in the console. They
 * travel on their own long-poll, beside the job channel, so browsing a target works while it runs a job.
 * In memory only: a request lives for seconds and a restarted server has no one waiting for it.
 */
export class AgentRequestsService {
  private readonly pending = new Map<string, Pending>();
  private readonly waiters = new Waiters();

  constructor(private readonly timeoutMs = 15_000) {}

  /** Sends `body` to the instance's agent and resolves with its answer, or fails with 504 after the timeout. */
  ask(instanceId: string, body: RequestBody): Promise<AgentRequestResult> {
    const request = { ...body, id: newId('req') } as AgentRequest;
    return new Promise<AgentRequestResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(request.id);
        reject(new AppError(504, 'agent_timeout', 'The agent did not answer in time. Is it running and connected?'));
      }, this.timeoutMs);
      this.pending.set(request.id, { request, instanceId, resolve, reject, timer, delivered: false });
      this.waiters.wake(instanceId);
    });
  }

  /** Long-poll of the agent: the oldest undelivered request for it, or null after `waitSeconds`. */
  async next(instanceId: string, waitSeconds: number, signal?: AbortSignal): Promise<AgentRequest | null> {
    const deadline = Date.now() + waitSeconds * 1000;
    for (;;) {
      if (signal?.aborted) return null;
      for (const p of this.pending.values()) {
        if (p.instanceId === instanceId && !p.delivered) {
          p.delivered = true;
          return p.request;
        }
      }
      if (Date.now() >= deadline) return null;
      await this.waiters.wait(instanceId, deadline - Date.now(), signal);
    }
  }

  answer(instanceId: string, requestId: string, result: AgentRequestResult): void {
    const p = this.pending.get(requestId);
    // Late answers (after the timeout) and answers from another instance find nothing to resolve.
    if (!p || p.instanceId !== instanceId) throw new AppError(404, ErrorCode.notFound, 'Request not found or already answered');
    clearTimeout(p.timer);
    this.pending.delete(requestId);
    p.resolve(result);
  }
}
