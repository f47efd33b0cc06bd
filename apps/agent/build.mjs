// Bundles the agent into one ESM file that needs nothing but Node 20: `node agent.mjs --version`.
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { outfile: { type: 'string' } } });
// --outfile lets tests build a private copy instead of racing on dist/ across parallel test files.
const outfile = path.resolve(values.outfile ?? path.join(here, 'dist', 'agent.mjs'));

await build({
  absWorkingDir: here,
  entryPoints: [path.join(here, 'src', 'cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    // esbuild turns a CommonJS `require` inside an ESM bundle into a throwing shim unless a real
    // `require` is in scope; providing one keeps any CommonJS dependency working.
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __agentCreateRequire } from 'node:module';",
      'const require = __agentCreateRequire(import.meta.url);',
    ].join('\n'),
  },
});
chmodSync(outfile, 0o755);
