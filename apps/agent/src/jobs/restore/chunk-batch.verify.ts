import { createHash } from 'node:crypto';
import type { ChunkBatch } from '@cloud-backup/domain';

/** A chunk the restore cannot use: the files made of it fail, naming it. */
export class ChunkUnavailableError extends Error {
  override readonly name = 'ChunkUnavailableError';
  constructor(
    readonly chunkId: string,
    readonly reason: string,
  ) {
    super(`chunk ${chunkId} ${reason}`);
  }
}

export type ChunkVerdict = { ok: true; data: Buffer } | { ok: false; reason: string };

/**
 * Judges every requested id of one answer: its bytes must hash (SHA-256) to the id. A chunk the server
 * lists as damaged, sends with other bytes, or leaves out is unusable; what was not asked for is ignored.
 */
export function verifyChunkBatch(requested: readonly string[], batch: ChunkBatch): Map<string, ChunkVerdict> {
  const wanted = new Set(requested);
  const out = new Map<string, ChunkVerdict>();
  for (const d of batch.damaged) {
    if (wanted.has(d.id) && !out.has(d.id)) out.set(d.id, { ok: false, reason: `is damaged on the server: ${d.reason}` });
  }
  for (const blob of batch.blobs) {
    if (!wanted.has(blob.id) || out.has(blob.id)) continue;
    const actual = createHash('sha256').update(blob.data).digest('hex');
    const data = Buffer.from(blob.data.buffer, blob.data.byteOffset, blob.data.byteLength);
    out.set(
      blob.id,
      actual === blob.id ? { ok: true, data } : { ok: false, reason: `does not match its id: the server sent ${blob.data.byteLength} bytes hashing to ${actual}` },
    );
  }
  for (const id of requested) if (!out.has(id)) out.set(id, { ok: false, reason: 'was not sent by the server' });
  return out;
}
