// npm test: installs what the tests need (pnpm, dependencies, Debian's Chromium), then runs every suite
// and ends with one line "N passed, N failed" summing them all (CI reads that line).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build, ensurePnpm, installDependencies, log, root, run } from './lib/bootstrap.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const reports = path.join(root, '.test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

/** Debian packages the tests use: Chromium for the browser tests; tar, unzip and python3 to check our archives. */
const SYSTEM_TOOLS = [
  { bin: CHROMIUM, pkg: 'chromium' },
  { bin: '/usr/bin/unzip', pkg: 'unzip' },
  { bin: '/usr/bin/python3', pkg: 'python3-minimal' },
  { bin: '/usr/bin/tar', pkg: 'tar' },
];

function ensureSystemTools() {
  const missing = SYSTEM_TOOLS.filter((t) => !existsSync(t.bin));
  if (missing.length === 0) return;
  log(`installing Debian packages the tests need: ${missing.map((t) => t.pkg).join(', ')}`);
  const asRoot = process.getuid?.() === 0;
  const sh = (cmd) => spawnSync(asRoot ? 'sh' : 'sudo', asRoot ? ['-c', cmd] : ['sh', '-c', cmd], { stdio: 'inherit' }).status === 0;
  const ok = sh(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.map((t) => t.pkg).join(' ')}`);
  for (const t of missing) if (!ok || !existsSync(t.bin)) console.error(`✖ could not install ${t.pkg} (${t.bin}); tests that need it will fail`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const totals = { passed: 0, failed: 0 };
const lines = [];
function tally(suite, passed, failed, note = '') {
  totals.passed += passed;
  totals.failed += failed;
  lines.push(`${suite}: ${passed} passed, ${failed} failed${note ? ` (${note})` : ''}`);
}

const pnpm = ensurePnpm();
await installDependencies(pnpm);
ensureSystemTools();

log('type-checking every workspace');
const typecheck = await run(pnpm, ['-r', '--workspace-concurrency=1', 'run', 'typecheck']);
// A type error is a failure of the build, counted once.
if (typecheck !== 0) tally('typecheck', 0, 1, 'tsc reported errors');

await build(pnpm);

log('unit and integration tests (vitest)');
const vitestJson = path.join(reports, 'vitest.json');
const vitestCode = await run(pnpm, ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) tally('vitest', v.numPassedTests, v.numFailedTests + (vitestCode !== 0 && v.numFailedTests === 0 ? 1 : 0));
else tally('vitest', 0, 1, 'no report: vitest did not run');

log('end-to-end tests (Playwright, real Chromium, real server and agents)');
const pwJson = path.join(reports, 'playwright.json');
const pwCode = await run(pnpm, ['--filter', '@cloud-backup/e2e', 'exec', 'playwright', 'test'], {
  env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson, CHROMIUM_PATH: CHROMIUM },
});
const p = readJson(pwJson);
if (p?.stats) {
  const failed = p.stats.unexpected + (pwCode !== 0 && p.stats.unexpected === 0 ? 1 : 0);
  tally('playwright', p.stats.expected + p.stats.flaky, failed, p.stats.flaky ? `${p.stats.flaky} flaky` : '');
} else tally('playwright', 0, 1, 'no report: playwright did not run');

console.log('\n' + lines.join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
