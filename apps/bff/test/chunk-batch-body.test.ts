import { randomBytes } from 'node:crypto';
import { decodeChunkBatch, encodeChunkBatch, type ChunkBatch } from '@cloud-backup/domain';
import { describe, expect, it } from 'vitest';
import { chunkBatchBody } from '../src/services/agent-restores.service';

const id = (i: number) => i.toString(16).padStart(64, '0');

describe('chunkBatchBody', () => {
  it('is encodeChunkBatch byte for byte, in pieces: big chunks as they are, small ones joined', () => {
    const big = randomBytes(300_000);
    const batch: ChunkBatch = {
      blobs: [
        ...Array.from({ length: 200 }, (_, i) => ({ id: id(i), data: randomBytes(1 + ((i * 977) % 5000)) })),
        { id: id(1000), data: big },
        { id: id(1001), data: Buffer.alloc(0) },
        { id: id(1002), data: randomBytes(10) },
      ],
      damaged: [{ id: id(2000), reason: 'chunk is damaged in the repository' }],
    };
    const { parts, length } = chunkBatchBody(batch);
    const joined = Buffer.concat(parts);
    expect(joined.length).toBe(length);
    expect(joined.equals(Buffer.from(encodeChunkBatch(batch)))).toBe(true);
    expect(parts).toContain(big);
    expect(parts.every((p) => p === big || p.length <= 256 * 1024)).toBe(true);
    expect(parts.length).toBeLessThan(10);
    expect(decodeChunkBatch(joined).blobs.map((b) => b.id)).toEqual(batch.blobs.map((b) => b.id));
    expect(Buffer.concat(chunkBatchBody({ blobs: [], damaged: [] }).parts).equals(Buffer.from(encodeChunkBatch({ blobs: [], damaged: [] })))).toBe(true);
  });
});
