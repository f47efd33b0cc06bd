// npm start: install, migrate (at boot), build, and serve console + API on PORT (default 8080).
import path from 'node:path';
import { build, ensurePnpm, installDependencies, log, root, run } from './lib/bootstrap.mjs';

const pnpm = ensurePnpm();
await installDependencies(pnpm);
await build(pnpm);
log('starting the server');
const code = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: path.join(root, 'apps/bff') });
process.exit(code);
