// Bootstrap shared by npm start / npm test / npm run agent: works on a machine with only Node 20 and npm.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

const pinned = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function versionOf(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', cwd: '/' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function log(message) {
  console.log(`\n▶ ${message}`);
}

/** The exact pinned pnpm: the global one if it matches, else a private copy under .tools/. */
export function ensurePnpm() {
  if (versionOf('pnpm') === pinned) return 'pnpm';
  const local = path.join(root, '.tools/node_modules/.bin/pnpm');
  if (existsSync(local) && versionOf(local) === pinned) return local;
  log(`installing pnpm ${pinned} into .tools/`);
  const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', path.join(root, '.tools'), `pnpm@${pinned}`], {
    stdio: 'inherit',
  });
  if (r.status !== 0 || versionOf(local) !== pinned) throw new Error(`could not install pnpm ${pinned}`);
  return local;
}

/** Runs a command in the repository, inheriting output; resolves with its exit code. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      console.error(err.message);
      resolve(1);
    });
  });
}

export async function mustRun(cmd, args, opts = {}) {
  const code = await run(cmd, args, opts);
  if (code !== 0) {
    console.error(`✖ ${cmd} ${args.join(' ')} exited with ${code}`);
    process.exit(code);
  }
}

export async function installDependencies(pnpm) {
  log('installing dependencies (pnpm install --frozen-lockfile)');
  // better-sqlite3 compiles against Node's own headers when no prebuilt binary can be fetched.
  const nodedir = process.env.npm_config_nodedir ?? path.resolve(path.dirname(process.execPath), '..');
  await mustRun(pnpm, ['install', '--frozen-lockfile', '--prefer-offline'], { env: { ...process.env, npm_config_nodedir: nodedir } });
}

export async function build(pnpm) {
  log('building the console and the agent bundle');
  await mustRun(pnpm, ['--filter', './apps/*', 'run', 'build']);
}
