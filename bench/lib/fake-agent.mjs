// A "fake agent" that speaks the real agent API (register, heartbeat, jobs/next, packs, commit) and
// synthesizes a backup's trees instead of scanning a disk, so a million-file backup needs no million files.
import { createHash } from 'node:crypto';
import { prng, randomStream, VOCAB_NAMES } from './dataset.mjs';
import { sleep } from './proc.mjs';

const AGENT = '/agent/v1';
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

/**
 * The engine's canonical tree encoding (packages/engine/src/tree/tree-codec.ts): nodes sorted by the bytes
 * of their names, keys in a fixed order, `{"v":1,"nodes":[…]}`, id = SHA-256 of the bytes. Names here are
 * ASCII, so JavaScript string order is byte order.
 */
export function encodeTree(nodes) {
  const sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 0; i < sorted.length; i++) {
    if (!/^[\x20-\x7e]+$/.test(sorted[i].name) || sorted[i].name.includes('/')) throw new Error(`bench tree names must be plain ASCII: ${sorted[i].name}`);
    if (i > 0 && sorted[i].name === sorted[i - 1].name) throw new Error(`duplicate name in tree: ${sorted[i].name}`);
  }
  const plain = Buffer.from(JSON.stringify({ v: 1, nodes: sorted }), 'utf8');
  return { id: sha256(plain), plain };
}

// Key order matters: name, rawName, type, mode, mtimeMs, uid, gid, size, content, subtree, target, linkGroup.
export const fileNode = (name, mtimeMs, size, content) => ({ name, type: 'file', mode: 0o644, mtimeMs, uid: 1000, gid: 1000, size, content });
export const dirNode = (name, mtimeMs, subtree) => ({ name, type: 'dir', mode: 0o755, mtimeMs, uid: 1000, gid: 1000, size: 0, subtree });

/** `CBUP`, u32 BE header length, JSON header {blobs:[{id,type,length}]}, then the bytes (pack-upload.codec.ts). */
export function encodePackUpload(blobs) {
  const header = Buffer.from(JSON.stringify({ blobs: blobs.map((b) => ({ id: b.id, type: b.type, length: b.data.length })) }));
  const head = Buffer.alloc(8);
  head.write('CBUP', 0, 'latin1');
  head.writeUInt32BE(header.length, 4);
  return Buffer.concat([head, header, ...blobs.map((b) => b.data)]);
}

export function sampleMetadata(hostname) {
  return {
    hostname,
    os: { name: 'Debian GNU/Linux', version: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    kernel: { release: '6.1.0-18-amd64', version: '#1 SMP Debian' },
    arch: 'x64',
    ipAddresses: ['10.0.0.9'],
    interfaces: [{ name: 'eth0', mac: '52:54:00:12:34:99', addresses: ['10.0.0.9'] }],
    memoryBytes: 8 * 1024 ** 3,
    cpu: { model: 'Intel Xeon', frequencyMhz: 2400, cores: 4, type: 'virtual' },
    virtualization: { isVirtual: true, type: 'kvm' },
    mounts: [{ mountPoint: '/', device: '/dev/vda1', fsType: 'ext4', totalBytes: 1e11, freeBytes: 5e10 }],
    disks: [{ name: 'vda', sizeBytes: 1e11, model: 'QEMU HARDDISK', rotational: false }],
  };
}

export class FakeAgent {
  stopped = false;

  constructor(url, instanceId, credential) {
    this.url = url;
    this.instanceId = instanceId;
    this.credential = credential;
  }

  /** Registers with a one-time token from the console session `api`, then keeps heartbeating. */
  static async connect(api, { hostname = 'bench-synthetic', kind = 'vm' } = {}) {
    const token = await api.folder('POST', '/registration-tokens', { kind });
    const metadata = sampleMetadata(hostname);
    const res = await fetch(`${api.url}${AGENT}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: token.token, agentVersion: 'bench', root: '/', metadata }),
    });
    const json = await res.json();
    if (res.status !== 201) throw new Error(`fake agent register: ${res.status} ${JSON.stringify(json)}`);
    const agent = new FakeAgent(api.url, json.instanceId, json.credential);
    agent.metadata = metadata;
    agent.interval = json.heartbeatIntervalSeconds;
    await agent.beat(true);
    agent.heartbeats = agent.beatLoop();
    return agent;
  }

  async request(method, path, body, { raw = false, signal } = {}) {
    const res = await fetch(this.url + AGENT + path, {
      method,
      headers: { authorization: `Bearer ${this.credential}`, ...(body !== undefined && { 'content-type': raw ? 'application/octet-stream' : 'application/json' }) },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : {};
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${AGENT}${path} → ${res.status} ${text.slice(0, 500)}`);
    return json;
  }

  async beat(withMetadata = false) {
    const r = await this.request('POST', '/heartbeat', { agentVersion: 'bench', metadataHash: 'bench-1', ...(withMetadata && { metadata: this.metadata }) });
    this.interval = r.heartbeatIntervalSeconds;
    if (r.metadataRequired) await this.beat(true);
  }

  async beatLoop() {
    while (!this.stopped) {
      await sleep(this.interval * 1000);
      if (this.stopped) break;
      await this.beat().catch((error) => console.error(`[bench] fake agent heartbeat failed: ${error.message}`));
    }
  }

  /** Long-polls until a job comes (the server holds each poll up to `wait` seconds). */
  async nextJob(timeoutMs = 120_000) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const { job } = await this.request('GET', '/jobs/next?wait=5');
      if (job) return job;
    }
    throw new Error('no job for the fake agent');
  }

  uploadPack(backupId, blobs) {
    return this.request('POST', `/backups/${backupId}/packs`, encodePackUpload(blobs), { raw: true });
  }

  commit(backupId, body) {
    return this.request('POST', `/backups/${backupId}/commit`, { warnings: [], log: [], ...body });
  }

  stop() {
    this.stopped = true;
  }
}

/**
 * Plans and encodes a synthetic backup of `total` files: `/big100k` (bigDir files in one directory),
 * `/dir10k` (smallDir files), the rest under `/tree/<top>/<sub>/` (~1000 per directory). File contents
 * are one or two chunks of a shared pool of small chunks. Returns the blobs (pool chunks + trees), the
 * root tree id, and the counts for the commit.
 */
export function synthesizeBackup({ total, bigDir, smallDir, seed = 'synthetic' }) {
  const r = prng(`synth:${seed}`);
  const rnd = randomStream(`synth:${seed}`);
  const pool = [];
  for (let i = 0; i < 256; i++) {
    const data = rnd(r.logUniform(16, 64 * 1024));
    pool.push({ id: sha256(data), type: 'data', data });
  }
  const blobs = [...pool];
  const trees = [];
  const exts = ['txt', 'log', 'json', 'pdf', 'jpg', 'csv', 'tar.gz', 'md', 'xml', 'bin'];
  const prefixes = ['report', 'invoice', 'backup', 'photo', 'data', 'notes', 'export', 'config'];
  const now = Date.UTC(2024, 5, 1);
  let n = 0;
  let bytes = 0;
  let dirs = 0;

  const tree = (nodes) => {
    const t = encodeTree(nodes);
    trees.push({ id: t.id, type: 'tree', data: t.plain });
    dirs++;
    return t.id;
  };
  const sizeOf = new Map(pool.map((p) => [p.id, p.data.length]));
  const file = () => {
    const i = n++;
    const content = r.chance(0.3) ? [pool[r.int(0, 255)].id, pool[r.int(0, 255)].id] : [pool[r.int(0, 255)].id];
    const size = content.reduce((s, id) => s + sizeOf.get(id), 0);
    bytes += size;
    const name = `${r.pick(prefixes)}-${VOCAB_NAMES[r.int(0, 4095)]}-${String(i).padStart(7, '0')}.${r.pick(exts)}`;
    return fileNode(name, now - r.int(0, 3 * 365 * 86_400_000), size, content);
  };
  const filesIn = (count) => Array.from({ length: count }, file);
  const root = [];
  root.push(dirNode('big100k', now, tree(filesIn(bigDir))));
  root.push(dirNode('dir10k', now, tree(filesIn(smallDir))));
  const rest = Math.max(0, total - bigDir - smallDir);
  const leaves = Math.max(1, Math.round(rest / 1000));
  const tops = Math.max(1, Math.round(Math.sqrt(leaves)));
  const topNodes = [];
  for (let t = 0, leaf = 0; t < tops; t++) {
    const subs = [];
    const subCount = Math.floor(leaves / tops) + (t < leaves % tops ? 1 : 0);
    for (let s = 0; s < subCount; s++, leaf++) {
      const count = Math.floor(rest / leaves) + (leaf < rest % leaves ? 1 : 0);
      subs.push(dirNode(`${VOCAB_NAMES[(t * 31 + s) % 4096]}-${s}`, now, tree(filesIn(count))));
    }
    topNodes.push(dirNode(`${VOCAB_NAMES[t % 4096]}-${t}`, now, tree(subs)));
  }
  root.push(dirNode('tree', now, tree(topNodes)));
  const rootTreeId = tree(root);
  blobs.push(...trees);
  // The root tree's own dir is not a directory entry of the backup.
  return { blobs, rootTreeId, fileCount: n, dirCount: dirs - 1, logicalBytes: bytes, treeBytes: trees.reduce((s, t) => s + t.data.length, 0) };
}

/** Groups blobs into pack uploads of at most `maxBytes` each (a blob bigger than that goes alone). */
export function* packBatches(blobs, maxBytes = 48 * 1024 * 1024) {
  let batch = [];
  let size = 0;
  for (const b of blobs) {
    if (batch.length && size + b.data.length > maxBytes) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(b);
    size += b.data.length;
  }
  if (batch.length) yield batch;
}
