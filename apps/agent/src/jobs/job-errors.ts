import { AgentApiError, ServerUnreachableError } from '../api/agent-api.errors';

/** A step gave up; the backup fails with this message, prefixed by the step's name. */
export class StepError extends Error {
  override readonly name = 'StepError';
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

/** The server answered a progress report with `cancel: true`. */
export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
  constructor() {
    super('Cancelled');
  }
}

/** The agent itself is stopping (SIGTERM, instance removed); the job ends without finishing. */
export class JobStoppedError extends Error {
  override readonly name = 'JobStoppedError';
  constructor(what: 'backup' | 'restore' = 'backup') {
    super(`The agent stopped during the ${what}`);
  }
}

/** Errors that end the job as a whole; anything else with an errno code is one file's problem. */
export function isJobEndingError(error: unknown): boolean {
  return (
    error instanceof AgentApiError ||
    error instanceof ServerUnreachableError ||
    error instanceof JobCancelledError ||
    error instanceof JobStoppedError ||
    error instanceof StepError ||
    (error instanceof Error && error.name === 'AbortError')
  );
}

/** An fs error code (`ENOENT`, `EACCES` …) when `error` is one, otherwise null. */
export function errnoCode(error: unknown): string | null {
  if (isJobEndingError(error)) return null;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : null;
}

export function describeError(error: unknown): string {
  if (error instanceof AgentApiError) return error.describe();
  return error instanceof Error ? error.message : String(error);
}

const MAX_FAILURE_MESSAGE = 8192;

/** The error a failed job reports: `"<step>: <message>"`, except for a cancel or stop, which speak for themselves. */
export function jobFailureMessage(error: unknown, step: string): string {
  if (error instanceof JobCancelledError || error instanceof JobStoppedError) return error.message;
  const message = describeError(error);
  const where = error instanceof StepError ? error.step : step;
  const text = message.startsWith(where) ? message : `${where}: ${message}`;
  return text.length <= MAX_FAILURE_MESSAGE ? text : `${text.slice(0, MAX_FAILURE_MESSAGE - 1)}…`;
}
