// Catalog micro-benchmark: 1 M entries (one folder of 100 k files, one of 10 k, the rest in a project
// hierarchy), build / serialize / load / list / search timings and memory per entry.
//
//   npx tsx --expose-gc bench/catalog-bench.mjs [--entries 1000000] [--decode]
//
// --decode builds through encodeTree/decodeTree (what Repository.readTree costs minus the pack read);
// without it the trees come from a Map, which isolates the catalog's own work.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog } from '../packages/engine/src/catalog/catalog-builder.ts';
import { Catalog } from '../packages/engine/src/catalog/catalog.ts';
import { decodeTree, encodeTree } from '../packages/engine/src/tree/tree-codec.ts';

const args = process.argv.slice(2);
const target = Number(args[args.indexOf('--entries') + 1] || 1_000_000) || 1_000_000;
const decode = args.includes('--decode');
const gc = globalThis.gc ?? (() => {});

const WORDS = ['report', 'invoice', 'photo', 'IMG', 'notes', 'draft', 'final', 'backup', 'data', 'Summary', 'readme', 'index', 'config', 'test', 'main', 'utils', 'Résumé', 'café', '日本語', 'song'];
const EXTS = ['pdf', 'jpg', 'JPG', 'png', 'txt', 'md', 'ts', 'js', 'json', 'mp3', 'docx', 'xlsx'];
let seed = 12345;
const rand = (n) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
const chunk = () => createHash('sha256').update(String(rand(1e9))).digest('hex');

function fileNode(i) {
  // Every 7th name repeats across folders (index-0.pdf, …), unique within one (7 and 12 are coprime).
  const name = i % 7 === 0 ? `index-${Math.floor(i / 84)}.${EXTS[i % EXTS.length]}` : `${WORDS[rand(WORDS.length)]}-${i}_${rand(1000)}.${EXTS[rand(EXTS.length)]}`;
  const chunks = i % 20 === 0 ? [chunk(), chunk(), chunk()] : [chunk()];
  return { name, type: 'file', mode: 0o100644, mtimeMs: 1_600_000_000_000 + rand(1e9) * 100, uid: 1000, gid: 1000, size: rand(5_000_000), content: chunks };
}
const dirNode = (name, subtree) => ({ name, type: 'dir', mode: 0o40755, mtimeMs: 1_650_000_000_000, uid: 1000, gid: 1000, size: 0, subtree });

const trees = new Map();
function put(nodes) {
  if (decode) {
    const { id, plain } = encodeTree(nodes);
    trees.set(id, plain);
    return id;
  }
  const id = createHash('sha256').update(JSON.stringify(nodes)).digest('hex');
  trees.set(id, nodes);
  return id;
}

function generate() {
  let i = 0;
  const flat = (count) => Array.from({ length: count }, () => fileNode(i++));
  const rootNodes = [dirNode('big100k', put(flat(100_000))), dirNode('mid10k', put(flat(10_000)))];
  // Projects: 10 subfolders of 100 files each (1 011 entries a project).
  const projects = [];
  for (let p = 0; i + 1_100 <= target - 3; p++) {
    const subs = [];
    for (let s = 0; s < 10; s++) subs.push(dirNode(`${WORDS[s]}-${s}`, put(flat(100))));
    projects.push(dirNode(`project-${p}`, put(subs)));
  }
  rootNodes.push(dirNode('projects', put(projects)));
  return put(rootNodes);
}

const memory = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external; // external includes array buffers and big (external) strings
};
const time = async (fn) => {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
};
const pct = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];
const ms = (v) => `${v.toFixed(1)} ms`;

const queryFile = args.includes('--query') ? args[args.indexOf('--query') + 1] : null;
if (queryFile === null) {
  const baseline = memory();
  const [genMs, root] = await time(() => generate());
  const load = decode ? async (id) => decodeTree(trees.get(id)) : async (id) => trees.get(id);
  console.log(`generated ${trees.size} trees in ${ms(genMs)}${decode ? ' (encoded)' : ''}`);
  const [buildMs, catalog] = await time(() => buildCatalog(root, load));
  trees.clear();
  const builtBytes = memory() - baseline;
  console.log(`build: ${catalog.size} entries in ${ms(buildMs)}; in memory ${(builtBytes / catalog.size).toFixed(0)} B/entry`);
  const [serializeMs, bytes] = await time(() => catalog.serialize());
  const file = join(tmpdir(), `catalog-bench-${process.pid}.bin`);
  await writeFile(file, bytes);
  console.log(`serialize: ${(bytes.length / 1e6).toFixed(1)} MB (${(bytes.length / catalog.size).toFixed(0)} B/entry) in ${ms(serializeMs)}`);
  // Queries run in a fresh process: load time and memory without the generator's garbage around.
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--query', file], { stdio: 'inherit' });
  await rm(file);
  process.exit(child.status ?? 1);
}

const beforeLoad = memory();
let buf = await readFile(queryFile);
const [loadMs, loaded] = await time(() => Catalog.deserialize(buf));
buf = null; // the catalog keeps no reference to it
console.log(`load: ${ms(loadMs)}; loaded catalog ${((memory() - beforeLoad) / loaded.size).toFixed(0)} B/entry`);

const coldCopy = await readFile(queryFile);
const list = (path, label) => {
  const cold = [];
  for (const sort of ['name', 'size', 'mtime', 'type']) {
    const fresh = Catalog.deserialize(coldCopy); // no cached sort orders
    const t = performance.now();
    fresh.list(path, { sort, limit: 1000 });
    cold.push(`${sort} ${ms(performance.now() - t)}`);
  }
  const samples = [];
  const total = loaded.list(path, { limit: 1 }).total;
  for (let r = 0; r < 400; r++) {
    const sort = ['name', 'size', 'mtime', 'type'][r % 4];
    const order = r % 8 < 4 ? 'asc' : 'desc';
    const offset = rand(Math.max(1, total - 1000));
    const t = performance.now();
    loaded.list(path, { sort, order, offset, limit: 1000 });
    samples.push(performance.now() - t);
  }
  console.log(`list ${label} (1000 a page): p50 ${ms(pct(samples, 0.5))}, p95 ${ms(pct(samples, 0.95))}; first request per sort: ${cold.join(', ')}`);
};
list('/mid10k', '10k dir');
list('/big100k', '100k dir');

const queries = ['report', 'IMG', 'index', 'café', '日本', '*.jpg', 'photo-1*', '*-99?_*.pdf', 'nothing-matches-this', 'e', '*'];
const searchFirst = []; // the first search of each query
for (const q of queries) {
  const [took, result] = await time(() => loaded.search(q, 200));
  searchFirst.push(`${JSON.stringify(q)} ${ms(took)} (${result.total})`);
}
const searchSamples = [];
for (let r = 0; r < 3; r++) {
  for (const q of queries) {
    const t = performance.now();
    loaded.search(q, 200);
    searchSamples.push(performance.now() - t);
  }
}
console.log(`search: p50 ${ms(pct(searchSamples, 0.5))}, p95 ${ms(pct(searchSamples, 0.95))}, max ${ms(Math.max(...searchSamples))}`);
console.log(`  first runs: ${searchFirst.join('; ')}`);
const lookups = [];
for (let r = 0; r < 1000; r++) {
  const path = loaded.pathOf(1 + rand(loaded.size - 1));
  const t = performance.now();
  loaded.lookup(path);
  lookups.push(performance.now() - t);
}
console.log(`lookup: p50 ${ms(pct(lookups, 0.5))}, p95 ${ms(pct(lookups, 0.95))}`);
