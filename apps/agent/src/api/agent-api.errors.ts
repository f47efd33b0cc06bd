/** Code used when an answer has no `{error}` body (e.g. from a proxy) or does not match the schema. */
export const UNEXPECTED_ANSWER_CODE = 'unexpected_answer';

/** The server answered with an error (`{error:{code,message}}`) or with something the agent cannot use. */
export class AgentApiError extends Error {
  override readonly name = 'AgentApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** For logs: the message plus status and code, unless the message already is just the status line. */
  describe(): string {
    return this.code === UNEXPECTED_ANSWER_CODE ? this.message : `${this.message} (HTTP ${this.status}, ${this.code})`;
  }
}

/** No HTTP answer at all: refused connection, DNS failure, TLS failure or timeout. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Cannot reach the server at ${url}: ${reason}`);
  }
}
