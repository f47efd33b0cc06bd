// Child processes and temp dirs of a benchmark run: everything started or created here is killed / removed
// when the run ends, also on Ctrl-C, SIGTERM or an uncaught error.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout whose server and agent are measured: this one, or BENCH_PRODUCT_DIR (another checkout). */
export const repoRoot = process.env.BENCH_PRODUCT_DIR ? path.resolve(process.env.BENCH_PRODUCT_DIR) : fileURLToPath(new URL('../../', import.meta.url));

const children = new Set();
const tempDirs = new Set();
let cleanedUp = false;

/** BENCH_KEEP=1 keeps the temp dirs (for looking at a failed run). */
const keep = process.env.BENCH_KEEP === '1';

function cleanupSync() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  for (const dir of tempDirs) {
    if (keep) {
      console.log(`[bench] kept ${dir}`);
      continue;
    }
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (error) {
      console.error(`[bench] could not remove ${dir}: ${error.message}`);
    }
  }
  tempDirs.clear();
}

process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\n[bench] ${signal}: stopping child processes and removing temp dirs`);
    cleanupSync();
    process.exit(130);
  });
}
process.on('uncaughtException', (error) => {
  console.error('[bench] failed:', error);
  cleanupSync();
  process.exit(1);
});
process.on('unhandledRejection', (error) => {
  console.error('[bench] failed:', error);
  cleanupSync();
  process.exit(1);
});

/** A fresh temp dir (under BENCH_TMP or the OS temp dir) removed at exit. */
export function makeTempDir(prefix = 'cb-bench-') {
  const base = process.env.BENCH_TMP || tmpdir();
  const dir = mkdtempSync(path.join(base, prefix));
  tempDirs.add(dir);
  return dir;
}

/** Removes a dir now (and forgets it). */
export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/** Starts a tracked child; `output()` returns what it printed (the tail, capped). */
export function startChild(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  children.add(child);
  let out = '';
  const add = (d) => {
    out += d.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    opts.onOutput?.(d.toString());
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? signal);
    }),
  );
  // A spawn failure (ENOENT) must reject the waiter rather than crash the process.
  const failed = new Promise((_, reject) => child.on('error', reject));
  failed.catch(() => undefined);
  return { child, exited, failed, output: () => out };
}

/** Runs a command to its end; rejects on a non-zero exit with its output. */
export async function run(cmd, args, opts = {}) {
  const c = startChild(cmd, args, opts);
  const code = await Promise.race([c.exited, c.failed]);
  if (code !== 0 && !opts.allowFailure) {
    throw new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${c.output().slice(-4000)}`);
  }
  return { code, output: c.output() };
}

/** Asks a child to stop (SIGTERM), then SIGKILLs it after `graceMs`. */
export async function stopChild(c, graceMs = 5000) {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return;
  c.child.kill('SIGTERM');
  const timer = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
  await c.exited;
  clearTimeout(timer);
}

/** Runs the cleanup now (normal end of a run). */
export function cleanup() {
  cleanupSync();
}

/** `du -sb` of a path, in bytes. */
export async function diskUsage(p) {
  const { output } = await run('du', ['-sb', p]);
  return Number(output.trim().split(/\s+/)[0]);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(fn, ms, what, intervalMs = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`${what}: not done within ${Math.round(ms / 1000)} s`);
    await sleep(intervalMs);
  }
}
