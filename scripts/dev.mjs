// npm run dev: the BFF with restart-on-change and the console with hot reload (Vite proxies /api to the BFF).
import path from 'node:path';
import { ensurePnpm, installDependencies, root, run } from './lib/bootstrap.mjs';

const pnpm = ensurePnpm();
await installDependencies(pnpm);
await run(pnpm, ['--filter', '@cloud-backup/agent', 'run', 'build']);
const bff = run(process.execPath, ['--watch', '--import', 'tsx', 'src/main.ts'], { cwd: path.join(root, 'apps/bff') });
const web = run(pnpm, ['--filter', '@cloud-backup/web', 'run', 'dev']);
process.exit(await Promise.race([bff, web]));
