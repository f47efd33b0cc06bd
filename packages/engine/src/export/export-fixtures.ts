// Helpers for the export tests (not part of the public API).
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pseudoRandomBytes } from '../testing/test-data.js';
import type { ExportEntry } from './export-entry.js';

export const T = 1_700_000_000_000;

/** A content source yielding `data` in uneven pieces, like chunks read from a repository. */
export function chunked(data: Buffer, pieces = [1, 511, 513, 4096, 70_000]): () => AsyncIterable<Uint8Array> {
  return async function* () {
    let at = 0;
    for (let i = 0; at < data.length; i++) {
      const take = pieces[i % pieces.length]!;
      yield data.subarray(at, at + take);
      at += take;
    }
  };
}

export function file(path: string, data: Buffer, extra: Partial<ExportEntry> = {}): ExportEntry {
  return { path, type: 'file', mode: 0o644, mtimeMs: T, uid: 1000, gid: 1000, size: data.length, content: chunked(data), ...extra };
}
export const dir = (path: string, extra: Partial<ExportEntry> = {}): ExportEntry => ({ path, type: 'dir', mode: 0o755, mtimeMs: T, uid: 1000, gid: 1000, size: 0, ...extra });
export const symlink = (path: string, target: string, extra: Partial<ExportEntry> = {}): ExportEntry => ({
  path,
  type: 'symlink',
  mode: 0o777,
  mtimeMs: T,
  uid: 1000,
  gid: 1000,
  size: 0,
  target,
  ...extra,
});

const LONG_DIR = `long/${'a'.repeat(90)}/${'b'.repeat(90)}`; // > 100 bytes, splits into prefix + name
const VERY_LONG = `deep/${Array.from({ length: 12 }, (_, i) => `segment-number-${i}-${'x'.repeat(20)}`).join('/')}`; // > 255: PAX path

/** Every case the writers must get right, with the expected content of each file. */
export function sampleEntries(): { entries: ExportEntry[]; contents: Map<string, Buffer> } {
  const contents = new Map<string, Buffer>([
    ['docs/readme.txt', Buffer.from('hello, archive\n')],
    ['docs/empty.txt', Buffer.alloc(0)],
    ['docs/random.bin', pseudoRandomBytes(100_000, 5)],
    ['docs/exactly-one-block', Buffer.alloc(512, 0x61)],
    ['bin/run.sh', Buffer.from('#!/bin/sh\necho hi\n')],
    [`${LONG_DIR}/file.txt`, Buffer.from('long path')],
    [`${VERY_LONG}/file-with-a-long-name-too.txt`, Buffer.from('very long path')],
    ['日本語/ファイル 😀.txt', Buffer.from('unicode ✓')],
    ['odd names/with space & quote\'s.txt', Buffer.from('odd')],
    ['odd names/new\nline.txt', Buffer.from('newline')],
  ]);
  const entries: ExportEntry[] = [
    dir('docs', { mode: 0o750, mtimeMs: T + 5_000 }),
    file('docs/readme.txt', contents.get('docs/readme.txt')!, { mode: 0o640, mtimeMs: T + 1_999.5 }),
    { ...file('docs/empty.txt', Buffer.alloc(0)), content: undefined },
    file('docs/random.bin', contents.get('docs/random.bin')!, { mode: 0o600 }),
    file('docs/exactly-one-block', contents.get('docs/exactly-one-block')!),
    symlink('docs/link', 'readme.txt'),
    symlink('docs/long-link', `../${'t'.repeat(150)}/target`),
    symlink('docs/unicode-link', '../日本語/ファイル 😀.txt'),
    dir('bin'),
    file('bin/run.sh', contents.get('bin/run.sh')!, { mode: 0o755, uid: 3_000_000, gid: 2_500_000 }),
    dir('long'),
    dir(`long/${'a'.repeat(90)}`),
    dir(LONG_DIR),
    file(`${LONG_DIR}/file.txt`, contents.get(`${LONG_DIR}/file.txt`)!),
    ...VERY_LONG.split('/').map((_, i, parts) => dir(parts.slice(0, i + 1).join('/'))),
    file(`${VERY_LONG}/file-with-a-long-name-too.txt`, contents.get(`${VERY_LONG}/file-with-a-long-name-too.txt`)!),
    dir('日本語'),
    file('日本語/ファイル 😀.txt', contents.get('日本語/ファイル 😀.txt')!, { mtimeMs: 315_532_800_000 + 86_400_000 }), // 1980-01-02
    dir('odd names'),
    file("odd names/with space & quote's.txt", contents.get("odd names/with space & quote's.txt")!),
    file('odd names/new\nline.txt', contents.get('odd names/new\nline.txt')!),
  ];
  return { entries, contents };
}

export async function writeArchive(stream: AsyncIterable<Uint8Array>, path: string): Promise<void> {
  await pipeline(Readable.from(stream, { objectMode: false }), createWriteStream(path));
}

/** Runs a command; resolves with stdout, rejects with stderr on a non-zero exit. */
export function run(command: string, args: string[], input?: AsyncIterable<Uint8Array>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString('utf8')}`));
    });
    if (input === undefined) child.stdin.end();
    else pipeline(Readable.from(input, { objectMode: false }), child.stdin).catch(reject);
  });
}
