import { parseArgs } from 'node:util';
import { AgentExitCode } from '@cloud-backup/domain';
import { MAIN_USAGE, REGISTER_USAGE, RUN_USAGE } from './cli/usage.text';
import { UsageError, processIo, type CommandIo } from './commands/command-io';
import { registerCommand } from './commands/register.command';
import { runCommand } from './commands/run.command';
import { AGENT_VERSION } from './version';

type ParsedValues = Record<string, string | boolean | undefined>;

function required(values: ParsedValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string') throw new UsageError(`missing --${name}`);
  return value;
}

async function dispatchRegister(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      'data-dir': { type: 'string' },
      root: { type: 'string', default: '/' },
      force: { type: 'boolean', default: false },
      fingerprint: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(REGISTER_USAGE);
    return AgentExitCode.ok;
  }
  return registerCommand(
    {
      server: required(values, 'server'),
      token: required(values, 'token'),
      dataDir: required(values, 'data-dir'),
      root: values.root,
      force: values.force,
      ...(values.fingerprint === undefined ? {} : { fingerprint: values.fingerprint }),
    },
    io,
  );
}

async function dispatchRun(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(RUN_USAGE);
    return AgentExitCode.ok;
  }
  return runCommand({ dataDir: required(values, 'data-dir') }, io);
}

function dispatchGlobal(args: string[], io: CommandIo): number {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
  });
  if (values.version) {
    io.stdout(`${AGENT_VERSION}\n`);
    return AgentExitCode.ok;
  }
  if (values.help) {
    io.stdout(MAIN_USAGE);
    return AgentExitCode.ok;
  }
  throw new UsageError('missing command');
}

const COMMAND_USAGE = new Map([
  ['register', REGISTER_USAGE],
  ['run', RUN_USAGE],
]);

async function main(argv: string[], io: CommandIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'register') return await dispatchRegister(rest, io);
    if (command === 'run') return await dispatchRun(rest, io);
    if (command === undefined || command.startsWith('-')) return dispatchGlobal(argv, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    // parseArgs reports unknown options and missing values as TypeErrors with an ERR_PARSE_ARGS_* code.
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (error instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`Error: ${(error as Error).message}\n\n${COMMAND_USAGE.get(command ?? '') ?? MAIN_USAGE}`);
      return AgentExitCode.usage;
    }
    io.stderr(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return AgentExitCode.failure;
  }
}

const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
