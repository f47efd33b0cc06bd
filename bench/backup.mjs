// npm run bench:backup — Cloud Backup vs restic on the same data, in the same run:
// full backup, no-change incremental, 1 %-change incremental, full restore, repository size.
// BENCH_SCALE=0.05 for a quick run; BENCH_KEEP=1 keeps the temp dir; BENCH_TMP chooses where it goes.
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { applyOnePercentChange, planBackupDataset, planStats, verifyRestore, writePlan } from './lib/dataset.mjs';
import { cleanup, diskUsage, makeTempDir } from './lib/proc.mjs';
import { benchScale, fmtBytes, fmtNum, fmtRatio, fmtSeconds, log, mibPerSecond, printKeyValues, ratio, table, timed } from './lib/report.mjs';
import { Restic } from './lib/restic.mjs';
import { backupNow, buildAgent, connectAgent, linkPolicy, restoreNow, startStack } from './lib/stack.mjs';

const scale = benchScale();
const tmp = makeTempDir('cb-bench-backup-');
const dataRoot = path.join(tmp, 'data');
const oursTarget = path.join(tmp, 'restore-ours');
const resticTarget = path.join(tmp, 'restore-restic');
for (const d of [dataRoot, oursTarget]) mkdirSync(d);

log(`Cloud Backup vs restic — backup benchmark, scale ${scale}, ${cpus().length} CPUs (load ${loadavg()[0].toFixed(1)}), node ${process.version}, temp dir ${tmp}`);
log(await Restic.version());

// ── Dataset ──
const plan = planBackupDataset(scale);
const initial = planStats(plan);
log(`generating ${initial.files} files in ${initial.dirs} dirs, ${fmtBytes(initial.bytes)} (~${Math.round(initial.compressibleShare * 100)} % compressible by bytes)`);
const gen = await timed(() => writePlan(plan, dataRoot, (n, b) => log(`  … ${n} files, ${fmtBytes(b)}`)));
log(`dataset written in ${fmtSeconds(gen.seconds)}`);

// ── Product ──
log('building the agent bundle and starting the server');
const agentBin = await buildAgent(tmp);
const { server, api } = await startStack({ dataDir: path.join(tmp, 'server') });
log(`server on ${server.url}`);
const source = await connectAgent(api, agentBin, { dataDir: path.join(tmp, 'agent-source'), root: dataRoot });
const target = await connectAgent(api, agentBin, { dataDir: path.join(tmp, 'agent-target'), root: oursTarget });
const policyId = await linkPolicy(api, source.instanceId);
log(`agents online: source ${source.instanceId} (root ${dataRoot}), restore target ${target.instanceId} (root ${oursTarget}); "Default daily" linked`);

const restic = new Restic(tmp);
const config = await restic.init();
log(`restic repository initialised (format version ${config.version})`);

const results = [];
let failed = false;

/** One data state: our backup, then restic's, on identical data. */
async function backupStep(name, bytes, files) {
  log(`${name}: Cloud Backup …`);
  const ours = await backupNow(api, source.instanceId, policyId);
  const b = ours.backup;
  log(`${name}: Cloud Backup ${fmtSeconds(ours.seconds)} (${b.type}, ${b.fileCount} files, ${fmtBytes(b.logicalBytes)}, ${fmtBytes(b.newBytes)} new in the repository)`);
  if (b.fileCount !== files) log(`  WARNING: the backup holds ${b.fileCount} files, the dataset ${files}`);
  log(`${name}: restic …`);
  const theirs = await timed(() => restic.backup(dataRoot));
  const added = /Added to the (?:repo|repository): ([^\n]+)/.exec(theirs.value.output)?.[1] ?? '?';
  log(`${name}: restic ${fmtSeconds(theirs.seconds)} (added ${added.trim()})`);
  results.push({ name, bytes, ours: ours.seconds, restic: theirs.seconds });
  return b;
}

await backupStep('full backup', initial.bytes, initial.files);
await backupStep('no-change incremental', initial.bytes, initial.files);
const change = applyOnePercentChange(plan, dataRoot);
const changed = planStats(plan);
log(
  `changed ${change.files} files (${change.rewritten} rewritten, ${change.appended} appended, ${change.patched} patched in place, ${change.added} added), ` +
    `${fmtBytes(change.bytes)} = ${((change.bytes / change.totalBytes) * 100).toFixed(2)} % of the bytes`,
);
const last = await backupStep('1%-change incremental', changed.bytes, changed.files);

const oursRepo = await diskUsage(path.join(server.dataDir, 'repositories'));
const resticRepo = await diskUsage(restic.repo);
log(`repository sizes after 3 backups: Cloud Backup ${fmtBytes(oursRepo)}, restic ${fmtBytes(resticRepo)} (data ${fmtBytes(changed.bytes)})`);

// ── Restore ──
const restore = { ours: NaN, restic: NaN };
try {
  log(`full restore: Cloud Backup, whole instance of backup ${last.id} to the empty root of ${target.instanceId} …`);
  const ours = await restoreNow(api, last.id, { targetInstanceId: target.instanceId, scope: { kind: 'whole' }, location: { kind: 'original' }, overwrite: 'all' });
  const s = ours.op.restore?.summary;
  log(`full restore: Cloud Backup ${fmtSeconds(ours.seconds)} (${s ? `${s.restoredFiles} files, ${fmtBytes(s.restoredBytes)}, ${s.failedCount} failed, ${s.skippedCount} skipped` : 'no summary'}); verifying …`);
  for (const l of ours.log.filter((l) => /^Fetched /.test(l.message))) log(`  agent: ${l.message}`);
  const v = await verifyRestore(dataRoot, oursTarget);
  log(`  verified: ${v.files} files, ${v.dirs} dirs, ${fmtBytes(v.bytes)}, ${v.hashed} files compared by SHA-256`);
  restore.ours = ours.seconds;
} catch (error) {
  failed = true;
  log(`full restore: Cloud Backup FAILED: ${error.message}`);
}
log('full restore: restic …');
const rr = await timed(() => restic.restore(resticTarget));
log(`full restore: restic ${fmtSeconds(rr.seconds)}; verifying …`);
const rv = await verifyRestore(dataRoot, path.join(resticTarget, dataRoot));
log(`  verified: ${rv.files} files, ${rv.dirs} dirs, ${fmtBytes(rv.bytes)}, ${rv.hashed} files compared by SHA-256`);
restore.restic = rr.seconds;
results.push({ name: 'full restore', bytes: changed.bytes, ...restore });

// ── Report ──
for (const p of [source.proc, target.proc]) p.child.kill('SIGTERM');
await server.stop();

console.log('');
console.log(`Cloud Backup vs restic (${(await Restic.version()).split(' compiled')[0]}, compression auto), scale ${scale}: ${changed.files} files, ${fmtBytes(changed.bytes)}.`);
console.log(`Both run one after the other on the same data in every state; the data is in the page cache for both (it cannot be dropped here). Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
table([
  ['step', 'ours s', 'ours MiB/s', 'restic s', 'restic MiB/s', 'ours/restic'],
  ...results.map((r) => [
    r.name,
    fmtNum(r.ours),
    fmtNum(mibPerSecond(r.bytes, r.ours), 1),
    fmtNum(r.restic),
    fmtNum(mibPerSecond(r.bytes, r.restic), 1),
    fmtRatio(ratio(r.ours, r.restic)),
  ]),
  ['repository size', fmtBytes(oursRepo), '', fmtBytes(resticRepo), '', fmtRatio(ratio(oursRepo, resticRepo))],
]);
const by = (name) => results.find((r) => r.name === name);
printKeyValues([
  ['full_ratio', fmtRatio(ratio(by('full backup').ours, by('full backup').restic))],
  ['noop_incremental_ratio', fmtRatio(ratio(by('no-change incremental').ours, by('no-change incremental').restic))],
  ['change_incremental_ratio', fmtRatio(ratio(by('1%-change incremental').ours, by('1%-change incremental').restic))],
  ['restore_ratio', fmtRatio(ratio(restore.ours, restore.restic))],
  ['repo_size_ratio', fmtRatio(ratio(oursRepo, resticRepo))],
]);
cleanup();
process.exit(failed ? 1 : 0);
