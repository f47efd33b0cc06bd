import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, openSync, closeSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { ChunkBatch } from '@cloud-backup/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkUnavailableError, verifyChunkBatch } from '../src/jobs/restore/chunk-batch.verify';
import { ChunkPipeline, type ChunkReader } from '../src/jobs/restore/chunk-pipeline';
import { decide } from '../src/jobs/restore/overwrite.rules';
import { RestoreSummaryBuilder } from '../src/jobs/restore/restore-summary';
import { TaskQueue } from '../src/jobs/restore/task-queue';
import { fdIsAt, safeNameBytes } from '../src/target/target-path';
import { removeTempDirs, tempDir } from './support/temp-dirs';

afterAll(removeTempDirs);

const idOf = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A fake chunk source that records every request and can hold answers back. */
function source(chunks: Buffer[]) {
  const byId = new Map(chunks.map((c) => [idOf(c), c]));
  const requests: string[][] = [];
  let active = 0;
  let maxActive = 0;
  const fetch = async (ids: readonly string[]): Promise<ChunkBatch> => {
    requests.push([...ids]);
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((r) => setTimeout(r, 5));
    active--;
    return { blobs: ids.flatMap((id) => (byId.has(id) ? [{ id, data: byId.get(id) as Buffer }] : [])), damaged: [] };
  };
  return { fetch, requests, maxActive: () => maxActive };
}

async function readAll(reader: ChunkReader): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let c = await reader.read(); c !== null; c = await reader.read()) parts.push(c);
  return Buffer.concat(parts);
}

describe('verifyChunkBatch', () => {
  const good = randomBytes(100);
  const other = randomBytes(100);
  it('accepts matching bytes and names every way a chunk can be unusable', () => {
    const missing = idOf(randomBytes(10));
    const wrong = idOf(other);
    const damaged = idOf(randomBytes(11));
    const verdicts = verifyChunkBatch([idOf(good), missing, wrong, damaged], {
      blobs: [
        { id: idOf(good), data: good },
        { id: wrong, data: good },
        { id: idOf(randomBytes(5)), data: randomBytes(5) },
      ],
      damaged: [{ id: damaged, reason: 'bad pack' }],
    });
    expect(verdicts.get(idOf(good))).toEqual({ ok: true, data: good });
    expect(verdicts.get(missing)).toEqual({ ok: false, reason: 'was not sent by the server' });
    expect(verdicts.get(wrong)).toEqual({ ok: false, reason: `does not match its id: the server sent 100 bytes hashing to ${idOf(good)}` });
    expect(verdicts.get(damaged)).toEqual({ ok: false, reason: 'is damaged on the server: bad pack' });
    expect(verdicts.size).toBe(4);
  });
});

describe('ChunkPipeline', () => {
  it('requests at most 256 ids and about requestBytes per request, several at once, in order', async () => {
    const chunks = Array.from({ length: 1000 }, () => randomBytes(64));
    const s = source(chunks);
    const pipeline = new ChunkPipeline({ fetch: s.fetch, requestBytes: 1 << 20, maxInFlight: 3 });
    const readers = chunks.map((c) => pipeline.open([idOf(c)], c.length));
    pipeline.flush();
    const data = await Promise.all(readers.map(readAll));
    expect(data.every((d, i) => d.equals(chunks[i] as Buffer))).toBe(true);
    expect(s.requests.map((r) => r.length)).toEqual([1, 256, 256, 256, 231]);
    expect(s.requests.flat()).toEqual(chunks.map(idOf));
    expect(s.maxActive()).toBe(3);

    const big = Array.from({ length: 40 }, () => randomBytes(1000));
    const s2 = source(big);
    const p2 = new ChunkPipeline({ fetch: s2.fetch, requestBytes: 10_000 });
    expect((await readAll(p2.open(big.map(idOf), 40_000))).equals(Buffer.concat(big))).toBe(true);
    expect(s2.requests.every((r) => r.length <= 10)).toBe(true);
  });

  it('stops fetching ahead once maxHeldBytes wait unread, and goes on as they are read', async () => {
    const chunks = Array.from({ length: 50 }, () => randomBytes(1000));
    const s = source(chunks);
    const pipeline = new ChunkPipeline({ fetch: s.fetch, requestBytes: 1000, maxHeldBytes: 5000, maxInFlight: 4 });
    const reader = pipeline.open(chunks.map(idOf), 50_000);
    await new Promise((r) => setTimeout(r, 50));
    // Four at once at first; a fifth once one came back, as requested-but-unread stays under 5000.
    expect(s.requests.length).toBe(5);
    await reader.read();
    await new Promise((r) => setTimeout(r, 50));
    expect(s.requests.length).toBeLessThanOrEqual(6);
    const rest = await readAll(reader);
    expect(rest.equals(Buffer.concat(chunks.slice(1)))).toBe(true);
  });

  it('asks for an id once while it is on its way, and serves small repeats from its cache', async () => {
    const shared = randomBytes(500);
    const s = source([shared]);
    const pipeline = new ChunkPipeline({ fetch: s.fetch });
    const first = [pipeline.open([idOf(shared)], 500), pipeline.open([idOf(shared), idOf(shared)], 1000)];
    expect(Buffer.concat(await Promise.all(first.map(readAll))).equals(Buffer.concat([shared, shared, shared]))).toBe(true);
    expect((await readAll(pipeline.open([idOf(shared)], 500))).equals(shared)).toBe(true);
    expect(s.requests.flat()).toEqual([idOf(shared)]);
    // The two queued while the first request flew, and the later one.
    expect(pipeline.stats.cacheHits).toBe(3);
  });

  it('rejects only the reads of an unusable chunk, and everything after a failed request', async () => {
    const good = randomBytes(10);
    const missing = randomBytes(10);
    const s = source([good]);
    const pipeline = new ChunkPipeline({ fetch: s.fetch });
    const bad = pipeline.open([idOf(missing)], 10);
    const fine = pipeline.open([idOf(good)], 10);
    pipeline.flush();
    await expect(bad.read()).rejects.toBeInstanceOf(ChunkUnavailableError);
    expect((await fine.read())?.equals(good)).toBe(true);

    const broken = new ChunkPipeline({ fetch: () => Promise.reject(new Error('server gone')) });
    const a = broken.open([idOf(good)], 10);
    await expect(a.read()).rejects.toThrow('server gone');
    await expect(broken.open([idOf(missing)], 10).read()).rejects.toThrow('server gone');
  });

  it('never asks for the chunks of a file given up before they were requested', async () => {
    const chunks = Array.from({ length: 20 }, () => randomBytes(100));
    const s = source(chunks);
    const pipeline = new ChunkPipeline({ fetch: s.fetch, requestBytes: 100, maxInFlight: 1 });
    const dropped = pipeline.open(chunks.slice(0, 10).map(idOf), 1000);
    const kept = pipeline.open(chunks.slice(10).map(idOf), 1000);
    dropped.close();
    expect((await readAll(kept)).equals(Buffer.concat(chunks.slice(10)))).toBe(true);
    expect(s.requests.flat()).toEqual([idOf(chunks[0] as Buffer), ...chunks.slice(10).map(idOf)]);
  });

  it('keeps four writers going without deadlock when files share chunks and memory is tight', async () => {
    const pool = Array.from({ length: 8 }, () => randomBytes(1000));
    const files = Array.from({ length: 60 }, (_, f) => Array.from({ length: 1 + (f % 7) }, (_, i) => pool[(f * 3 + i) % pool.length] as Buffer));
    const s = source(pool);
    const pipeline = new ChunkPipeline({ fetch: s.fetch, requestBytes: 2000, maxHeldBytes: 3000, maxInFlight: 2, cacheBytes: 0 });
    const queue = files.map((chunks) => ({ chunks, reader: pipeline.open(chunks.map(idOf), chunks.length * 1000) }));
    let next = 0;
    const writer = async () => {
      for (let task = queue[next++]; task; task = queue[next++]) expect((await readAll(task.reader)).equals(Buffer.concat(task.chunks))).toBe(true);
    };
    await Promise.all([writer(), writer(), writer(), writer()]);
    expect(next).toBeGreaterThanOrEqual(files.length);
  });
});

describe('overwrite rules', () => {
  const file = { type: 'file' as const, mtimeMs: 2000 };
  const dir = { type: 'dir' as const, mtimeMs: 2000 };
  it.each([
    ['all', { kind: 'file', mtimeMs: 9000 }, 'replace'],
    ['older', { kind: 'file', mtimeMs: 1999 }, 'replace'],
    ['older', { kind: 'file', mtimeMs: 2000 }, 'skip'],
    ['older', { kind: 'symlink', mtimeMs: 3000 }, 'skip'],
    ['none', { kind: 'file', mtimeMs: 1 }, 'skip'],
    ['all', { kind: 'other', mtimeMs: 1 }, 'replace'],
    ['all', { kind: 'dir', mtimeMs: 1 }, 'fail'],
  ] as const)('a file under %s over %j: %s', (mode, existing, action) => {
    expect(decide(file, existing, mode).action).toBe(action);
  });
  it('folders merge into folders in every mode and never replace anything else', () => {
    for (const mode of ['all', 'older', 'none'] as const) {
      expect(decide(dir, { kind: 'dir', mtimeMs: 0 }, mode).action).toBe('merge');
      expect(decide(dir, { kind: 'symlink', mtimeMs: 0 }, mode).action).toBe('fail');
      expect(decide(dir, { kind: 'file', mtimeMs: 0 }, mode).action).toBe('fail');
      expect(decide(dir, null, mode).action).toBe('create');
    }
  });
});

describe('target paths', () => {
  it('safeNameBytes keeps raw bytes and refuses anything but one name', () => {
    expect(safeNameBytes({ name: 'a b' })).toEqual(Buffer.from('a b'));
    expect(safeNameBytes({ name: 'x\ufffd', rawName: Buffer.from([0x78, 0xff]).toString('base64') })).toEqual(Buffer.from([0x78, 0xff]));
    for (const bad of [{ name: '..' }, { name: 'a/b' }, { name: 'ok', rawName: Buffer.from('a/b').toString('base64') }, { name: 'ok', rawName: '' }]) {
      expect(() => safeNameBytes(bad)).toThrow(/Unsafe path/);
    }
  });

  it('fdIsAt tells a descriptor opened through a link from one opened at the expected place', async () => {
    const dir = tempDir('fd-at-');
    mkdirSync(path.join(dir, 'real'));
    symlinkSync('real', path.join(dir, 'link'));
    const fd = openSync(path.join(dir, 'link/file'), 'w');
    try {
      expect(await fdIsAt(fd, Buffer.from(path.join(dir, 'link/file')))).toBe(false);
      expect(await fdIsAt(fd, Buffer.from(path.join(dir, 'real/file')))).toBe(true);
    } finally {
      closeSync(fd);
    }
  });
});

describe('RestoreSummaryBuilder', () => {
  it('keeps exact counts and the first 1000 entries of each list, clipped to the contract', () => {
    const summary = new RestoreSummaryBuilder();
    for (let i = 0; i < 1500; i++) summary.fail(`/f${i}`, 'x'.repeat(3000));
    summary.skip(`/${'deep/'.repeat(1000)}name`, 'exists on the target');
    const built = summary.build();
    expect(built.failedCount).toBe(1500);
    expect(built.failed).toHaveLength(1000);
    expect(built.failed[999]?.path).toBe('/f999');
    expect(built.failed[0]?.reason).toHaveLength(2048);
    expect(built.skipped[0]?.path).toHaveLength(4096);
    expect(built.skipped[0]?.path.endsWith('deep/name')).toBe(true);
  });
});

describe('TaskQueue', () => {
  it('blocks pushes when full, hands items over in order, and wakes everyone on abort', async () => {
    const queue = new TaskQueue<number>(2);
    await queue.push(1);
    await queue.push(2);
    let third = false;
    const pushing = queue.push(3).then(() => (third = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    expect(await queue.take()).toBe(1);
    await pushing;
    expect([await queue.take(), await queue.take()]).toEqual([2, 3]);
    const waiting = queue.take();
    queue.abort(new Error('stop'));
    expect(await waiting).toBeNull();
    await expect(queue.push(4)).rejects.toThrow('stop');
  });
});
