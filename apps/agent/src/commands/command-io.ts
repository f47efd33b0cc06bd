import type { Write } from '../log/logger';

/** Where a command writes; tests pass collectors, the CLI passes the process streams. */
export interface CommandIo {
  stdout: Write;
  stderr: Write;
}

export const processIo: CommandIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** A wrong invocation: the CLI prints the message with the usage text and exits with `AgentExitCode.usage`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
