import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp-dirs';

const agentDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Builds the real bundle into a private temp folder: the tests exercise exactly what users download,
 * and parallel test files never overwrite each other's dist/agent.mjs.
 */
export function buildAgentBundle(): string {
  const outfile = path.join(tempDir('agent-bundle-'), 'agent.mjs');
  execFileSync(process.execPath, [path.join(agentDir, 'build.mjs'), '--outfile', outfile], { stdio: 'pipe' });
  return outfile;
}

export interface AgentResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StartedAgent {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  done: Promise<AgentResult>;
}

export function startAgent(bundle: string, args: string[], cwd: string = tmpdir()): StartedAgent {
  const child = spawn(process.execPath, [bundle, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<AgentResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, output: () => ({ stdout, stderr }), done };
}

/** Runs the agent to completion, killing it if it outlives `timeoutMs` (a test failure, not a hang). */
export async function runAgent(bundle: string, args: string[], timeoutMs = 15_000): Promise<AgentResult> {
  const started = startAgent(bundle, args);
  const timer = setTimeout(() => started.child.kill('SIGKILL'), timeoutMs);
  try {
    return await started.done;
  } finally {
    clearTimeout(timer);
  }
}
