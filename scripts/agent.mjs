// npm run agent -- <register|run> ...: the agent from a clone of this repository.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensurePnpm, installDependencies, mustRun, root, run } from './lib/bootstrap.mjs';

const bundle = path.join(root, 'apps/agent/dist/agent.mjs');
if (!existsSync(bundle)) {
  const pnpm = ensurePnpm();
  if (!existsSync(path.join(root, 'apps/agent/node_modules'))) await installDependencies(pnpm);
  await mustRun(pnpm, ['--filter', '@cloud-backup/agent', 'run', 'build']);
}
const code = await run(process.execPath, [bundle, ...process.argv.slice(2)], { cwd: process.env.INIT_CWD ?? process.cwd() });
process.exit(code);
