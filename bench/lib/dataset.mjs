// Deterministic test data: a seeded PRNG plans every file (path, size, kind), and each file's bytes come from
// its own seed, so the same seed and scale always give the same tree, byte for byte. Compressible content is
// text, logs and JSON built from a skewed vocabulary; incompressible content is an AES-CTR key stream.
import { createCipheriv, createHash } from 'node:crypto';
import { appendFileSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
export const KiB = 1024;
export const MiB = 1024 * 1024;

// ── PRNG ────────────────────────────────────────────────────────────────────────────────────────────────

/** sfc32 seeded from SHA-256 of any string: fast, good enough, reproducible. */
export function prng(seed) {
  const h = createHash('sha256').update(String(seed)).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  const u32 = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) u32();
  const float = () => u32() / 4294967296;
  return {
    u32,
    float,
    /** Integer in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(float() * (hi - lo + 1)),
    chance: (p) => float() < p,
    pick: (list) => list[Math.floor(float() * list.length)],
    /** Log-uniform in [lo, hi): many small values, few large ones. */
    logUniform: (lo, hi) => Math.floor(Math.exp(Math.log(lo) + float() * (Math.log(hi) - Math.log(lo)))),
    /** Weighted choice over `{key: weight}`. */
    weighted: (weights) => {
      const entries = Object.entries(weights);
      let x = float() * entries.reduce((n, [, w]) => n + w, 0);
      for (const [k, w] of entries) {
        if ((x -= w) < 0) return k;
      }
      return entries[entries.length - 1][0];
    },
  };
}

// ── Content ─────────────────────────────────────────────────────────────────────────────────────────────

const ZERO = Buffer.alloc(4 * MiB);

/** An endless pseudo-random byte stream (AES-128-CTR key stream of the seed). */
export function randomStream(seed) {
  const key = createHash('sha256').update(`key:${seed}`).digest();
  const cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  return (n) => {
    const parts = [];
    for (let left = n; left > 0; left -= ZERO.length) parts.push(cipher.update(ZERO.subarray(0, Math.min(left, ZERO.length))));
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  };
}

const VOCAB = (() => {
  const r = prng('vocabulary');
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'shi', 'ver', 'con', 'data', 'back', 'up', 'ser', 'ion', 'ent', 'al', 'pro', 'gra', 'fi', 'le', 'sto', 'ra', 'ge', 'clo', 'ud', 'net', 'work', 'im', 'port', 'ex', 'de', 'in', 'or', 'an', 'is', 'the', 'to', 'of'];
  const words = new Set(['the', 'a', 'of', 'and', 'to', 'in', 'is', 'for', 'on', 'with', 'error', 'user', 'request', 'file', 'backup', 'server', 'value', 'status', 'ok', 'id']);
  while (words.size < 4096) {
    let w = '';
    const n = r.int(1, 4);
    for (let i = 0; i < n; i++) w += r.pick(syllables);
    words.add(w);
  }
  return [...words].map((w) => Buffer.from(w, 'latin1'));
})();
export const VOCAB_NAMES = VOCAB.map((w) => w.toString('latin1'));
// All words back to back, with offsets, and a table that maps 16 random bits to a skewed word index
// (a few words are very common, like real text).
const WORD_BYTES = Buffer.concat(VOCAB);
const WORD_START = new Int32Array(VOCAB.length + 1);
for (let i = 0, o = 0; i < VOCAB.length; i++) {
  WORD_START[i] = o;
  o += VOCAB[i].length;
  WORD_START[i + 1] = o;
}
const SKEW = new Uint16Array(65536);
for (let i = 0; i < 65536; i++) SKEW[i] = Math.floor(VOCAB.length * (i / 65536) ** 3);
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
const SERVICES = ['api', 'auth', 'db', 'worker', 'scheduler', 'cache', 'web'];

/** Writes up to `n` words (space-separated, `end` after the last) at `pos`; returns the new position. */
function putWords(buf, pos, len, r, n, end) {
  for (let k = 0; k < n; k++) {
    const bits = r.u32();
    const w = SKEW[bits & 0xffff];
    for (let i = WORD_START[w], e = WORD_START[w + 1]; i < e && pos < len; i++) buf[pos++] = WORD_BYTES[i];
    if (pos < len) buf[pos++] = k === n - 1 ? end : 32;
  }
  return pos;
}

function putStr(buf, pos, len, s) {
  for (let i = 0; i < s.length && pos < len; i++) buf[pos++] = s.charCodeAt(i);
  return pos;
}

const pad = (n, w) => String(n).padStart(w, '0');

/** Fills `buf` with text of one kind; every byte is written (the last line is cut where the buffer ends). */
function fillText(buf, kind, r) {
  const len = buf.length;
  let pos = 0;
  let t = 1_700_000_000_000 + r.int(0, 1e9);
  let second = -1;
  let stamp = '';
  while (pos < len) {
    if (kind === 'log') {
      t += r.u32() % 2500;
      if (Math.floor(t / 1000) !== second) {
        second = Math.floor(t / 1000);
        stamp = new Date(second * 1000).toISOString().slice(0, 19);
      }
      pos = putStr(buf, pos, len, `${stamp}.${pad(t % 1000, 3)}Z ${LEVELS[r.u32() % 6]} [${SERVICES[r.u32() % 7]}] `);
      pos = putWords(buf, pos, len, r, r.int(3, 10), 32);
      pos = putStr(buf, pos, len, `id=${r.u32().toString(16)} took=${r.u32() % 900}ms\n`);
    } else if (kind === 'json') {
      pos = putStr(buf, pos, len, `{"id":${r.u32() % 9_999_999},"user":"`);
      pos = putWords(buf, pos, len, r, 1, 34);
      pos = putStr(buf, pos, len, ',"action":"');
      pos = putWords(buf, pos, len, r, 1, 34);
      pos = putStr(buf, pos, len, ',"tags":["');
      pos = putWords(buf, pos, len, r, 1, 34);
      pos = putStr(buf, pos, len, ',"');
      pos = putWords(buf, pos, len, r, 1, 34);
      pos = putStr(buf, pos, len, `],"value":${r.u32() % 99_999}.${pad(r.u32() % 100, 2)},"ok":${r.u32() % 10 ? 'true' : 'false'}}\n`);
    } else {
      pos = putWords(buf, pos, len, r, 6 + (r.u32() % 11), 46);
      if (pos < len) buf[pos++] = 10;
    }
  }
  return buf;
}

const TEXT_KINDS = new Set(['text', 'log', 'json']);

/**
 * The bytes of one file version, in pieces of at most 4 MiB: `kind` is text | log | json | random | mixed
 * (alternating text and random segments of 64 KiB–1 MiB, like a database or an archive of mixed files).
 */
export function* fileContent(seed, kind, size) {
  const r = prng(`content:${seed}`);
  let stream = null;
  const rnd = (n) => (stream ??= randomStream(seed))(n);
  let left = size;
  let segKind = kind === 'mixed' ? (r.chance(0.5) ? 'random' : 'log') : kind;
  let segLeft = kind === 'mixed' ? r.int(64 * KiB, MiB) : Infinity;
  while (left > 0) {
    const n = Math.min(left, 4 * MiB, segLeft);
    yield TEXT_KINDS.has(segKind) ? fillText(Buffer.allocUnsafe(n), segKind, r) : rnd(n);
    left -= n;
    segLeft -= n;
    if (segLeft <= 0) {
      segKind = segKind === 'random' ? r.pick(['text', 'log', 'json']) : 'random';
      segLeft = r.int(64 * KiB, MiB);
    }
  }
}

function writeContent(file, seed, kind, size) {
  if (size <= 4 * MiB) {
    writeFileSync(file, size === 0 ? Buffer.alloc(0) : fileContent(seed, kind, size).next().value);
    return;
  }
  const fd = openSync(file, 'w');
  try {
    for (const piece of fileContent(seed, kind, size)) writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
}

const EXT = { text: ['txt', 'md', 'csv'], log: ['log'], json: ['json', 'ndjson'], random: ['bin', 'gz', 'jpg', 'zip'], mixed: ['dat', 'db', 'tar'] };

function fileName(r, kind, i) {
  return `${VOCAB_NAMES[r.int(0, 1023)]}-${VOCAB_NAMES[r.int(0, 4095)]}-${i.toString(36)}.${r.pick(EXT[kind])}`;
}

// ── Plans ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The backup dataset: `mixed/` (~1 GiB × scale in ~20k × scale files from a few bytes to tens of MiB, nested
 * dirs, about half the bytes compressible) and `small/` (200k × scale files of 0–4 KiB in nested dirs).
 */
export function planBackupDataset(scale, seed = 'cloud-backup-bench') {
  const r = prng(`plan:${seed}`);
  const dirs = [];
  const files = [];
  const n = (count) => Math.max(1, Math.round(count * scale));

  // mixed/: a random nested tree of dirs, shallow ones more likely to get children.
  const mixedDirs = [{ rel: 'mixed', depth: 0 }];
  for (let i = 1, count = n(900); i < count; i++) {
    let parent = mixedDirs[Math.floor(r.float() ** 2 * mixedDirs.length)];
    if (parent.depth >= 6) parent = mixedDirs[0];
    mixedDirs.push({ rel: `${parent.rel}/${VOCAB_NAMES[r.int(0, 2047)]}-${i.toString(36)}`, depth: parent.depth + 1 });
  }
  dirs.push(...mixedDirs.map((d) => d.rel));
  const buckets = [
    { count: n(15_000), size: () => (r.chance(0.02) ? 0 : r.logUniform(1, 16 * KiB)), kinds: { text: 35, log: 15, json: 30, random: 20 } },
    { count: n(4_500), size: () => r.logUniform(16 * KiB, 128 * KiB), kinds: { text: 25, log: 20, json: 15, random: 40 } },
    { count: n(480), size: () => r.logUniform(128 * KiB, 2 * MiB), kinds: { text: 20, log: 20, json: 10, random: 50 } },
    { count: n(20), size: () => r.int(4 * MiB, 40 * MiB), kinds: { log: 20, text: 10, random: 40, mixed: 30 } },
  ];
  let i = 0;
  for (const b of buckets) {
    for (let k = 0; k < b.count; k++, i++) {
      const kind = r.weighted(b.kinds);
      const dir = mixedDirs[Math.floor(r.float() * mixedDirs.length)].rel;
      files.push({ rel: `${dir}/${fileName(r, kind, i)}`, size: b.size(), kind, version: 0 });
    }
  }

  // small/: top/mid/leaf dirs, ~100 files per leaf.
  const smallCount = n(200_000);
  const leaves = Math.max(1, Math.ceil(smallCount / 100));
  dirs.push('small');
  const leafDirs = [];
  for (let l = 0; l < leaves; l++) {
    const top = `small/${VOCAB_NAMES[Math.floor(l / 100) % 4096]}-${Math.floor(l / 100)}`;
    const mid = `${top}/m${Math.floor(l / 10) % 10}`;
    const leaf = `${mid}/d${l % 10}`;
    if (l % 100 === 0) dirs.push(top);
    if (l % 10 === 0) dirs.push(mid);
    dirs.push(leaf);
    leafDirs.push(leaf);
  }
  for (let k = 0; k < smallCount; k++, i++) {
    const kind = r.weighted({ text: 50, json: 20, log: 15, random: 15 });
    files.push({ rel: `${leafDirs[Math.floor(r.float() * leafDirs.length)]}/${fileName(r, kind, i)}`, size: r.int(0, 4 * KiB), kind, version: 0 });
  }
  return { seed, dirs, files, nextIndex: i };
}

export function planStats(plan) {
  let bytes = 0;
  let compressible = 0;
  for (const f of plan.files) {
    bytes += f.size;
    if (TEXT_KINDS.has(f.kind)) compressible += f.size;
    else if (f.kind === 'mixed') compressible += f.size / 2;
  }
  return { files: plan.files.length, dirs: plan.dirs.length, bytes, compressibleShare: bytes ? compressible / bytes : 0 };
}

const fileSeed = (plan, f) => `${plan.seed}:${f.rel}:${f.version}`;

/** Async twin of writeContent; big files go out piece by piece. */
async function writeContentAsync(file, seed, kind, size) {
  if (size <= 4 * MiB) {
    await writeFile(file, size === 0 ? Buffer.alloc(0) : fileContent(seed, kind, size).next().value);
    return;
  }
  const fh = await open(file, 'w');
  try {
    for (const piece of fileContent(seed, kind, size)) await fh.write(piece);
  } finally {
    await fh.close();
  }
}

/**
 * Writes a planned tree under `root` (which must exist). Contents are made on this thread while up to 16
 * writes are in flight on libuv's pool: creating small files is bound by syscalls, not by the CPU.
 */
export async function writePlan(plan, root, onProgress) {
  for (const d of plan.dirs) mkdirSync(path.join(root, d), { recursive: true });
  let next = 0;
  let done = 0;
  let bytes = 0;
  let lastReport = performance.now();
  const worker = async () => {
    while (next < plan.files.length) {
      const f = plan.files[next++];
      await writeContentAsync(path.join(root, f.rel), fileSeed(plan, f), f.kind, f.size);
      done++;
      bytes += f.size;
      if (onProgress && performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        onProgress(done, bytes);
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/**
 * Changes about 1 % of the files and about 1 % of the bytes, deterministically: rewrites (new content),
 * appends (log-like lines), in-place patches of big files (a changed region in a database-like file) and
 * new files. Applies it to `root` and to the plan; returns what it did.
 */
export function applyOnePercentChange(plan, root) {
  const r = prng(`change:${plan.seed}`);
  const { bytes: total } = planStats(plan);
  const budget = total * 0.01;
  const ops = Math.max(4, Math.round(plan.files.length * 0.01));
  const nRewrite = Math.round(ops * 0.4);
  const nAppend = Math.round(ops * 0.5);
  const nAdd = Math.max(1, ops - nRewrite - nAppend);
  const touched = new Set();
  let changedBytes = 0;
  const summary = { rewritten: 0, appended: 0, patched: 0, added: 0 };

  // Patch a region in the middle of the two biggest files.
  const big = [...plan.files].sort((a, b) => b.size - a.size).slice(0, 2).filter((f) => f.size >= 4 * MiB);
  for (const f of big) {
    const length = Math.floor(Math.min(MiB, budget * 0.1));
    if (length < 1) continue;
    const offset = Math.floor(f.size / 2);
    const fd = openSync(path.join(root, f.rel), 'r+');
    writeSync(fd, randomStream(`patch:${f.rel}`)(length), 0, length, offset);
    closeSync(fd);
    f.patched = (f.patched ?? 0) + 1;
    touched.add(f.rel);
    changedBytes += length;
    summary.patched++;
  }

  // Rewrites: random files small enough to keep to ~35 % of the budget.
  const rewriteBudget = budget * 0.35;
  const maxRewrite = Math.max(64, (rewriteBudget / Math.max(1, nRewrite)) * 8);
  let rewriteBytes = 0;
  for (let tries = 0; summary.rewritten < nRewrite && tries < nRewrite * 50; tries++) {
    const f = plan.files[Math.floor(r.float() * plan.files.length)];
    if (touched.has(f.rel) || f.size > maxRewrite || rewriteBytes + f.size > rewriteBudget) continue;
    f.version++;
    f.size = Math.max(0, Math.round(f.size * (0.9 + r.float() * 0.2)));
    writeContent(path.join(root, f.rel), fileSeed(plan, f), f.kind, f.size);
    touched.add(f.rel);
    rewriteBytes += f.size;
    summary.rewritten++;
  }
  changedBytes += rewriteBytes;

  // Appends: log-like lines at the end of text files.
  const appendEach = Math.max(16, Math.floor((budget * 0.25) / Math.max(1, nAppend)));
  for (let tries = 0; summary.appended < nAppend && tries < nAppend * 50; tries++) {
    const f = plan.files[Math.floor(r.float() * plan.files.length)];
    if (touched.has(f.rel) || !TEXT_KINDS.has(f.kind)) continue;
    const n = r.int(Math.ceil(appendEach / 2), Math.ceil(appendEach * 1.5));
    appendFileSync(path.join(root, f.rel), fileContent(`append:${f.rel}`, 'log', n).next().value);
    f.size += n;
    f.appended = (f.appended ?? 0) + 1;
    touched.add(f.rel);
    changedBytes += n;
    summary.appended++;
  }

  // New files fill the rest of the budget.
  const addEach = Math.max(1, (budget - changedBytes) / nAdd);
  const dirsWithFiles = [...new Set(plan.files.map((f) => path.posix.dirname(f.rel)))];
  for (let k = 0; k < nAdd; k++) {
    const kind = r.weighted({ text: 40, log: 20, json: 10, random: 30 });
    const size = Math.max(0, Math.round(addEach * (0.5 + r.float())));
    const f = { rel: `${r.pick(dirsWithFiles)}/new-${fileName(r, kind, plan.nextIndex++)}`, size, kind, version: 0 };
    writeContent(path.join(root, f.rel), fileSeed(plan, f), f.kind, f.size);
    plan.files.push(f);
    changedBytes += size;
    summary.added++;
  }
  return { ...summary, files: touched.size + summary.added, bytes: changedBytes, totalBytes: total };
}

// ── Checks ──────────────────────────────────────────────────────────────────────────────────────────────

/** Every regular file under `root`: Map rel → size, plus the count of directories. */
export function scanTree(root) {
  const files = new Map();
  let dirs = 0;
  const walk = (abs, rel) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const a = path.join(abs, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        dirs++;
        walk(a, r);
      } else if (e.isFile()) files.set(r, lstatSync(a).size);
      else files.set(r, -1);
    }
  };
  walk(root, '');
  return { files, dirs };
}

export async function hashFile(file) {
  const h = createHash('sha256');
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 * MiB);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return h.digest('hex');
}

/**
 * Checks that `restored` holds exactly the files of `source` (same paths, same sizes, same count and total
 * bytes, same directories) and that a deterministic sample (plus the biggest files) has the same SHA-256.
 * Throws on any difference, so a broken restore can never produce a figure.
 */
export async function verifyRestore(source, restored, { sample = 400 } = {}) {
  const a = scanTree(source);
  const b = scanTree(restored);
  const problems = [];
  let bytes = 0;
  for (const [rel, size] of a.files) {
    bytes += size;
    const other = b.files.get(rel);
    if (other === undefined) problems.push(`missing ${rel}`);
    else if (other !== size) problems.push(`size of ${rel}: ${other} instead of ${size}`);
    if (problems.length > 10) break;
  }
  for (const rel of b.files.keys()) {
    if (problems.length > 10) break;
    if (!a.files.has(rel)) problems.push(`unexpected ${rel}`);
  }
  if (a.dirs !== b.dirs) problems.push(`${b.dirs} directories instead of ${a.dirs}`);
  if (problems.length) throw new Error(`restore of ${source} into ${restored} differs:\n  ${problems.slice(0, 10).join('\n  ')}`);

  const all = [...a.files.keys()].sort();
  const picks = new Set();
  const step = Math.max(1, Math.floor(all.length / sample));
  for (let i = 0; i < all.length; i += step) picks.add(all[i]);
  for (const [rel] of [...a.files].sort((x, y) => y[1] - x[1]).slice(0, 5)) picks.add(rel);
  for (const rel of picks) {
    const [ha, hb] = await Promise.all([hashFile(path.join(source, rel)), hashFile(path.join(restored, rel))]);
    if (ha !== hb) throw new Error(`restored ${rel} has different content (sha256 ${hb.slice(0, 12)} instead of ${ha.slice(0, 12)})`);
  }
  return { files: a.files.size, dirs: a.dirs, bytes, hashed: picks.size };
}
