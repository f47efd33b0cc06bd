/**
 * Body of the answer to `POST /agent/v1/restores/:id/chunks` (and the server's internal chunk reads):
 * `CBDL`, a u32 (big-endian) header length, a JSON header `{blobs:[{id,length}], damaged:[{id,reason}]}`,
 * then the blobs' plain bytes back to back. Plain, so the receiver re-hashes every chunk against its id and
 * never writes bytes that do not match. A chunk the server found damaged is listed in `damaged`, not sent.
 */
export interface BatchBlob {
  id: string;
  data: Uint8Array;
}
export interface DamagedChunk {
  id: string;
  reason: string;
}
export interface ChunkBatch {
  blobs: BatchBlob[];
  damaged: DamagedChunk[];
}

const MAGIC = [0x43, 0x42, 0x44, 0x4c]; // "CBDL"

export class ChunkBatchFormatError extends Error {}

export function encodeChunkBatch(batch: ChunkBatch): Uint8Array {
  const header = new TextEncoder().encode(
    JSON.stringify({ blobs: batch.blobs.map((b) => ({ id: b.id, length: b.data.length })), damaged: batch.damaged }),
  );
  const out = new Uint8Array(8 + header.length + batch.blobs.reduce((n, b) => n + b.data.length, 0));
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length);
  out.set(header, 8);
  let offset = 8 + header.length;
  for (const b of batch.blobs) {
    out.set(b.data, offset);
    offset += b.data.length;
  }
  return out;
}

export function decodeChunkBatch(bytes: Uint8Array): ChunkBatch {
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) throw new ChunkBatchFormatError('Not a chunk batch (bad magic)');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4);
  if (8 + headerLength > bytes.length) throw new ChunkBatchFormatError('Truncated chunk batch header');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw new ChunkBatchFormatError('Chunk batch header is not JSON');
  }
  const { blobs: list, damaged } = (header ?? {}) as { blobs?: unknown; damaged?: unknown };
  if (!Array.isArray(list) || !Array.isArray(damaged)) throw new ChunkBatchFormatError('Chunk batch header lacks its lists');
  const blobs: BatchBlob[] = [];
  let offset = 8 + headerLength;
  for (const entry of list as { id?: unknown; length?: unknown }[]) {
    const { id, length } = entry ?? {};
    if (typeof id !== 'string' || !/^[0-9a-f]{64}$/.test(id)) throw new ChunkBatchFormatError('Bad chunk id in batch');
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || offset + length > bytes.length) {
      throw new ChunkBatchFormatError('Bad chunk length in batch');
    }
    blobs.push({ id, data: bytes.subarray(offset, offset + length) });
    offset += length;
  }
  if (offset !== bytes.length) throw new ChunkBatchFormatError('Trailing bytes after the last chunk');
  const bad: DamagedChunk[] = [];
  for (const d of damaged as { id?: unknown; reason?: unknown }[]) {
    if (typeof d?.id !== 'string' || typeof d.reason !== 'string') throw new ChunkBatchFormatError('Bad damaged entry in batch');
    bad.push({ id: d.id, reason: d.reason });
  }
  return { blobs, damaged: bad };
}
