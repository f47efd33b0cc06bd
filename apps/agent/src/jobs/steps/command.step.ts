import { spawn } from 'node:child_process';
import { realpath, stat } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { Command } from '@cloud-backup/domain';
import { StepError, describeError } from '../job-errors';
import type { StepLog } from '../job-log';
import { OutputTail } from './output-tail';
import { hostPath, isInsideRoot, rootRelativeComponents } from './root-paths';

export interface CommandStepOptions {
  command: Command;
  root: string;
  log: StepLog;
  signal: AbortSignal;
  /** Called every second while the command runs (it sends progress, which may bring a cancel); throwing kills the command. */
  check?: () => void;
}

const LOG_LINES = 100;
const ERROR_LINES = 20;
const ERROR_CHARS = 4000;
const KILL_GRACE_MS = 5000;
const OUTPUT_GRACE_MS = 500;

/** `pg_dump -U "backup user"` — how the command reads in the log and in error messages. */
export function describeCommand(command: Command): string {
  const quote = (s: string) => (s === '' || /[\s"'\\$`]/.test(s) ? JSON.stringify(s) : s);
  return [command.command, ...command.args].map(quote).join(' ');
}

/** The working folder, resolved inside the root: the command may run anywhere, but only starts in there. */
async function workingDir(command: Command, root: string): Promise<string> {
  if (command.workingDir === null || command.workingDir === '') return root;
  const components = rootRelativeComponents(command.workingDir);
  if (components === null) throw new Error(`its working folder ${command.workingDir} is outside the agent's root`);
  const real = await realpath(hostPath(root, components)).catch((error: unknown) => {
    throw new Error(`its working folder ${command.workingDir} cannot be used: ${describeError(error)}`);
  });
  if (!isInsideRoot(root, real)) throw new Error(`its working folder ${command.workingDir} leads outside the agent's root`);
  if (!(await stat(real)).isDirectory()) throw new Error(`its working folder ${command.workingDir} is not a folder`);
  return real;
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  spawnError: Error | null;
}

/**
 * Runs a policy's pre- or post-command as a real process (no shell: the arguments arrive as given).
 * Its output goes to the operation log; a failure either ends the backup (stopOnError) or becomes a
 * warning. Without waitForFinish the command is started and left running.
 */
export async function runCommandStep(o: CommandStepOptions): Promise<void> {
  const shown = describeCommand(o.command);
  const failed = (reason: string, output: string) => {
    const message = `${o.log.step} ${shown} ${reason}${output === '' ? '' : `. Last output:\n${output}`}`;
    if (o.command.stopOnError) throw new StepError(o.log.step, message);
    // Without stopOnError the backup goes on, but it ends "with warnings" so the failure is seen.
    o.log.warn(shown, `${o.log.step} ${reason}`);
  };

  let cwd: string;
  try {
    cwd = await workingDir(o.command, o.root);
  } catch (error) {
    return failed(`cannot start: ${describeError(error)}`, '');
  }
  o.log.info(`Running ${shown} in ${cwd}${o.command.waitForFinish ? '' : ' (not waiting for it to finish)'}`);

  const tail = new OutputTail();
  // Its own process group, so a cancel stops whatever the command started too (a shell's children).
  const child = spawn(o.command.command, o.command.args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: false, detached: true });
  child.stdout.setEncoding('utf8').on('data', (d: string) => tail.append(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => tail.append(d));
  const finished = new Promise<Finished>((resolve) => {
    child.once('error', (spawnError) => resolve({ code: null, signal: null, spawnError }));
    child.once('exit', (code, signal) => {
      // A daemon the command started may hold the pipes open forever: take what output is there.
      const done = () => resolve({ code, signal, spawnError: null });
      const grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        done();
      }, OUTPUT_GRACE_MS);
      child.once('close', () => {
        clearTimeout(grace);
        done();
      });
    });
  });

  if (!o.command.waitForFinish) {
    // The agent must be able to stop while the command still runs.
    child.unref();
    (child.stdout as unknown as Socket).unref();
    (child.stderr as unknown as Socket).unref();
    void finished.then((f) => {
      const outcome = f.spawnError ? `could not start: ${f.spawnError.message}` : `finished with ${f.signal ? `signal ${f.signal}` : `exit code ${f.code}`}`;
      o.log.info(`${shown} ${outcome}${tail.isEmpty() ? '' : `. Output:\n${tail.last(LOG_LINES)}`}`);
    });
    // A command that cannot even start fails now, while the backup can still react to it.
    const early = await Promise.race([finished, new Promise<null>((r) => setImmediate(() => r(null)))]);
    if (early?.spawnError) return failed(`could not start: ${early.spawnError.message}`, '');
    return;
  }

  const result = await waitWhileChecking(child, finished, o);
  if (!tail.isEmpty()) o.log.info(`Output of ${shown}:\n${tail.last(LOG_LINES)}`);
  if (result.spawnError) return failed(`could not start: ${result.spawnError.message}`, '');
  if (result.code === 0) {
    o.log.info(`${shown} finished with exit code 0`);
    return;
  }
  const reason = result.signal ? `was killed by ${result.signal}` : `failed with exit code ${result.code}`;
  return failed(reason, tail.last(ERROR_LINES, ERROR_CHARS));
}

function killGroup(child: ReturnType<typeof spawn>, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Waits for the process; if the job is cancelled or the agent stops meanwhile, kills it and rethrows. */
async function waitWhileChecking(
  child: ReturnType<typeof spawn>,
  finished: Promise<Finished>,
  o: CommandStepOptions,
): Promise<Finished> {
  let timer: NodeJS.Timeout | undefined;
  let stop: ((error: unknown) => void) | undefined;
  const interrupted = new Promise<never>((_resolve, reject) => {
    stop = reject;
  });
  const onAbort = () => stop?.(new StepError(o.log.step, `${describeCommand(o.command)} was stopped because the agent is stopping`));
  o.signal.addEventListener('abort', onAbort, { once: true });
  if (o.check) {
    timer = setInterval(() => {
      try {
        o.check?.();
      } catch (error) {
        stop?.(error);
      }
    }, 1000);
  }
  try {
    if (o.signal.aborted) onAbort();
    return await Promise.race([finished, interrupted]);
  } catch (error) {
    killGroup(child, 'SIGTERM');
    const killer = setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS);
    await finished;
    clearTimeout(killer);
    throw error;
  } finally {
    clearInterval(timer);
    o.signal.removeEventListener('abort', onAbort);
  }
}
