// npm run bench:restore — browsing a million-file backup (listing a 10k-entry folder, searching by name) and
// restoring a single 1 GiB file and a 10k-file folder, Cloud Backup vs restic.
// BENCH_SCALE=0.05 for a quick run; BENCH_KEEP=1 keeps the temp dir; BENCH_TMP chooses where it goes.
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { hashFile, planStats, prng, verifyRestore, writePlan } from './lib/dataset.mjs';
import { FakeAgent, packBatches, synthesizeBackup } from './lib/fake-agent.mjs';
import { cleanup, makeTempDir } from './lib/proc.mjs';
import { benchScale, fmtBytes, fmtRatio, fmtSeconds, log, MiB, percentile, printKeyValues, ratio, table, timed } from './lib/report.mjs';
import { Restic } from './lib/restic.mjs';
import { backupNow, buildAgent, connectAgent, linkPolicy, makeTargetFolder, restoreNow, startStack } from './lib/stack.mjs';

const scale = benchScale();
const tmp = makeTempDir('cb-bench-restore-');
log(`Cloud Backup — browse and restore benchmark, scale ${scale}, ${cpus().length} CPUs (load ${loadavg()[0].toFixed(1)}), node ${process.version}, temp dir ${tmp}`);
log(await Restic.version());

log('building the agent bundle and starting the server');
const agentBin = await buildAgent(tmp);
const { server, api } = await startStack({ dataDir: path.join(tmp, 'server') });
log(`server on ${server.url}`);
let failed = false;

// ── 1. A synthetic million-file backup, through the agent API ──
const total = Math.round(1_000_000 * scale);
const bigDir = Math.round(100_000 * scale);
const smallDir = Math.round(10_000 * scale);
const fake = await FakeAgent.connect(api, { hostname: 'bench-million' });
const fakePolicy = await linkPolicy(api, fake.instanceId);
log(`synthesizing a backup of ${total} files (/big100k: ${bigDir} entries, /dir10k: ${smallDir} entries, the rest in /tree) …`);
const synth = await timed(() => synthesizeBackup({ total, bigDir, smallDir }));
const s = synth.value;
log(`  encoded ${s.fileCount} files in ${s.dirCount} dirs, ${fmtBytes(s.treeBytes)} of trees, in ${fmtSeconds(synth.seconds)}`);
const t0 = performance.now();
const op = await api.folder('POST', `/instances/${fake.instanceId}/backups`, { policyId: fakePolicy });
const job = await fake.nextJob();
if (job.kind !== 'backup') throw new Error(`fake agent got a ${job.kind} job`);
const upload = await timed(async () => {
  for (const batch of packBatches(s.blobs)) await fake.uploadPack(job.backupId, batch);
});
log(`  uploaded ${s.blobs.length} blobs in ${fmtSeconds(upload.seconds)}`);
const commit = await timed(() => fake.commit(job.backupId, { rootTreeId: s.rootTreeId, fileCount: s.fileCount, dirCount: s.dirCount, logicalBytes: s.logicalBytes }));
const committed = await api.finished(op.id, 600_000);
if (committed.status !== 'succeeded') throw new Error(`synthetic backup ${committed.status}: ${committed.result}`);
log(`  committed in ${fmtSeconds(commit.seconds)} (Back up now → committed: ${fmtSeconds((performance.now() - t0) / 1000)}); backup ${job.backupId}`);
const bid = job.backupId;

const get = async (url) => {
  const t = performance.now();
  const json = await api.folder('GET', url);
  return { ms: performance.now() - t, json };
};

// The first request builds the catalog (reads every tree once); measure it separately, then warm up.
const first = await get(`/backups/${bid}/catalog?path=/`);
log(`catalog built by the first request in ${first.ms.toFixed(0)} ms (root: ${first.json.dir.fileCount} files, ${first.json.total} entries)`);
if (first.json.dir.fileCount !== s.fileCount) throw new Error(`the catalog counts ${first.json.dir.fileCount} files, the backup has ${s.fileCount}`);
for (let i = 0; i < 5; i++) await get(`/backups/${bid}/catalog?path=/dir10k&limit=1000`);

async function series(label, urls, check) {
  const times = [];
  for (const url of urls) {
    const r = await get(url);
    check?.(r.json);
    times.push(r.ms);
  }
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  log(`${label}: ${times.length} requests, p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);
  return { p50, p95, times };
}

const pageCheck = (expectTotal) => (page) => {
  if (page.total !== expectTotal || page.entries.length !== Math.min(1000, expectTotal)) throw new Error(`listing gave ${page.entries.length}/${page.total} entries, expected ${expectTotal}`);
};
const byName = await series('list /dir10k, first page of 1000 by name', Array(100).fill(`/backups/${bid}/catalog?path=/dir10k&limit=1000`), pageCheck(smallDir));
const bySize = await series(
  'list /dir10k, first page of 1000 by size (desc)',
  Array(100).fill(`/backups/${bid}/catalog?path=/dir10k&limit=1000&sort=size&order=desc`),
  pageCheck(smallDir),
);
const whole10k = await series('list /dir10k, all entries (2 pages of 5000)', Array.from({ length: 20 }, (_, i) => `/backups/${bid}/catalog?path=/dir10k&limit=5000&offset=${(i % 2) * 5000}`));
const big = await series('list /big100k, first page of 1000 by name', Array(20).fill(`/backups/${bid}/catalog?path=/big100k&limit=1000`), pageCheck(bigDir));

// Search: 10 queries (substrings and globs) × 10, in a shuffled order.
const queries = ['invoice', 'kaup', '0012', '.json', 'photo-the', '*.pdf', 'report-*-00?0*.txt', '*backup*.tar.gz', 'data-*9.csv', 'notes-??????-*'];
const r = prng('search-order');
const order = queries.flatMap((q) => Array(10).fill(q)).map((q) => ({ q, k: r.float() })).sort((a, b) => a.k - b.k).map((x) => x.q);
for (const q of queries) await get(`/backups/${bid}/catalog/search?q=${encodeURIComponent(q)}&limit=200`);
const serverMs = [];
const hits = new Map();
const search = await series(
  'search the whole backup by name (10 queries × 10)',
  order.map((q) => `/backups/${bid}/catalog/search?q=${encodeURIComponent(q)}&limit=200`),
  (res) => {
    serverMs.push(res.tookMs);
    hits.set(res.q, res.total);
  },
);
log(`  matches per query: ${queries.map((q) => `${q} → ${hits.get(q)}`).join(', ')}; server-side p95 ${percentile(serverMs, 95).toFixed(1)} ms`);
if ([...hits.values()].every((h) => h === 0)) throw new Error('no search matched anything');

// ── 2. Restoring a 1 GiB file and a 10k-file folder, ours vs restic ──
const dataRoot = path.join(tmp, 'rdata');
const target = path.join(tmp, 'rtarget');
mkdirSync(dataRoot);
mkdirSync(target);
const rr = prng('restore-data');
const files10k = Math.max(1, Math.round(10_000 * scale));
const plan = {
  seed: 'restore-data',
  dirs: ['big', 'folder10k'],
  files: [
    { rel: 'big/huge.bin', size: Math.round(1024 * MiB * scale), kind: 'mixed', version: 0 },
    ...Array.from({ length: files10k }, (_, i) => {
      const kind = rr.weighted({ text: 45, json: 20, log: 15, random: 20 });
      return { rel: `folder10k/file-${String(i).padStart(5, '0')}.${kind === 'random' ? 'bin' : 'txt'}`, size: rr.logUniform(1, 64 * 1024), kind, version: 0 };
    }),
  ],
};
const ps = planStats(plan);
log(`generating the restore dataset: one ${fmtBytes(plan.files[0].size)} file (mixed compressible/random) and ${files10k} files in one folder (${fmtBytes(ps.bytes - plan.files[0].size)}) …`);
await writePlan(plan, dataRoot);
const hugeHash = await hashFile(path.join(dataRoot, 'big/huge.bin'));

const source = await connectAgent(api, agentBin, { dataDir: path.join(tmp, 'agent-source'), root: dataRoot });
const dest = await connectAgent(api, agentBin, { dataDir: path.join(tmp, 'agent-target'), root: target });
const policyId = await linkPolicy(api, source.instanceId);
log(`agents online: source ${source.instanceId}, restore target ${dest.instanceId} (empty root ${target})`);
const backup = await backupNow(api, source.instanceId, policyId);
log(`Cloud Backup backup: ${fmtSeconds(backup.seconds)} (${backup.backup.fileCount} files, ${fmtBytes(backup.backup.logicalBytes)})`);
const restic = new Restic(tmp);
await restic.init();
const rb = await timed(() => restic.backup(dataRoot));
log(`restic backup: ${fmtSeconds(rb.seconds)}`);

const results = { file: { ours: NaN, restic: NaN }, folder: { ours: NaN, restic: NaN } };
async function ours(kind, item, folderName, verify) {
  try {
    // As the restore dialog does: a new folder on the target, created through its agent.
    const where = await makeTargetFolder(api, dest.instanceId, '/', folderName).catch((error) => {
      log(`  creating /${folderName} through the agent failed (${error.message.split('\n')[0]}); creating it on disk instead`);
      mkdirSync(path.join(target, folderName));
      return `/${folderName}`;
    });
    log(`restore ${item}: Cloud Backup → ${where} on the target …`);
    const res = await restoreNow(api, backup.backup.id, {
      targetInstanceId: dest.instanceId,
      scope: { kind: 'items', paths: [item] },
      location: { kind: 'custom', path: where },
      overwrite: 'all',
    });
    const sum = res.op.restore?.summary;
    log(`restore ${item}: Cloud Backup ${fmtSeconds(res.seconds)} (${sum ? `${sum.restoredFiles} files, ${fmtBytes(sum.restoredBytes)}, ${sum.failedCount} failed` : 'no summary'}); verifying …`);
    for (const l of res.log.filter((l) => /^Fetched /.test(l.message))) log(`  agent: ${l.message}`);
    await verify(path.join(target, where));
    results[kind].ours = res.seconds;
  } catch (error) {
    failed = true;
    log(`restore ${item}: Cloud Backup FAILED: ${error.message}`);
  }
}
async function theirs(kind, item, dir, verify) {
  log(`restore ${item}: restic …`);
  const res = await timed(() => restic.restore(dir, [path.join(dataRoot, item)]));
  log(`restore ${item}: restic ${fmtSeconds(res.seconds)}; verifying …`);
  await verify(path.join(dir, dataRoot));
  results[kind].restic = res.seconds;
}
const verifyFile = async (dir) => {
  const h = await hashFile(path.join(dir, 'huge.bin'));
  if (h !== hugeHash) throw new Error(`restored huge.bin differs (sha256 ${h.slice(0, 12)} instead of ${hugeHash.slice(0, 12)})`);
  log('  verified: same SHA-256');
};
const verifyFolder = async (dir) => {
  const v = await verifyRestore(path.join(dataRoot, 'folder10k'), path.join(dir, 'folder10k'));
  log(`  verified: ${v.files} files, ${fmtBytes(v.bytes)}, ${v.hashed} compared by SHA-256`);
};
await ours('file', '/big/huge.bin', 'file-restore', verifyFile);
await theirs('file', 'big/huge.bin', path.join(tmp, 'restic-file'), async (d) => verifyFile(path.join(d, 'big')));
await ours('folder', '/folder10k', 'folder-restore', verifyFolder);
await theirs('folder', 'folder10k', path.join(tmp, 'restic-folder'), verifyFolder);

// ── Report ──
fake.stop();
for (const p of [source.proc, dest.proc]) p.child.kill('SIGTERM');
await server.stop();

console.log('');
console.log(`Browsing a ${s.fileCount}-file backup (catalog built in ${first.ms.toFixed(0)} ms on the first request):`);
table([
  ['request', 'p50 ms', 'p95 ms'],
  ['/dir10k first page by name', byName.p50.toFixed(1), byName.p95.toFixed(1)],
  ['/dir10k first page by size', bySize.p50.toFixed(1), bySize.p95.toFixed(1)],
  ['/dir10k all 10k (2 pages)', whole10k.p50.toFixed(1), whole10k.p95.toFixed(1)],
  ['/big100k first page', big.p50.toFixed(1), big.p95.toFixed(1)],
  ['name search (10 queries)', search.p50.toFixed(1), search.p95.toFixed(1)],
]);
console.log('');
console.log(`Restores to an empty folder (the data is in the page cache for both): ${fmtBytes(plan.files[0].size)} file, ${files10k}-file folder. Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
table([
  ['restore', 'ours s', 'restic s', 'ours/restic'],
  ['single big file', fmtSeconds(results.file.ours), fmtSeconds(results.file.restic), fmtRatio(ratio(results.file.ours, results.file.restic))],
  ['10k-file folder', fmtSeconds(results.folder.ours), fmtSeconds(results.folder.restic), fmtRatio(ratio(results.folder.ours, results.folder.restic))],
]);
printKeyValues([
  // The worse of the two first-page listings (by name, by size), 100 requests each.
  ['list_10k_p95_ms', Math.max(byName.p95, bySize.p95).toFixed(1)],
  ['search_p95_ms', search.p95.toFixed(1)],
  ['restore_file_ratio', fmtRatio(ratio(results.file.ours, results.file.restic))],
  ['restore_folder_ratio', fmtRatio(ratio(results.folder.ours, results.folder.restic))],
]);
cleanup();
process.exit(failed ? 1 : 0);
