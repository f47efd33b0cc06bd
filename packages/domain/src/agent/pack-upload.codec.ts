/**
 * Body of `POST /agent/v1/backups/:id/packs`: `CBUP`, a u32 (big-endian) header length, a JSON header
 * `{blobs:[{id,type,length}]}`, then the blobs' plain bytes back to back. Plain, not compressed: the server
 * hashes every blob to check its id and compresses per the policy.
 */
export interface UploadBlob {
  id: string;
  type: 'data' | 'tree';
  data: Uint8Array;
}

const MAGIC = [0x43, 0x42, 0x55, 0x50]; // "CBUP"

export function encodePackUpload(blobs: readonly UploadBlob[]): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ blobs: blobs.map((b) => ({ id: b.id, type: b.type, length: b.data.length })) }));
  const total = 8 + header.length + blobs.reduce((n, b) => n + b.data.length, 0);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length);
  out.set(header, 8);
  let offset = 8 + header.length;
  for (const b of blobs) {
    out.set(b.data, offset);
    offset += b.data.length;
  }
  return out;
}

export class PackUploadFormatError extends Error {}

export function decodePackUpload(bytes: Uint8Array): UploadBlob[] {
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) throw new PackUploadFormatError('Not a pack upload (bad magic)');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4);
  if (8 + headerLength > bytes.length) throw new PackUploadFormatError('Truncated pack upload header');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    throw new PackUploadFormatError('Pack upload header is not JSON');
  }
  const list = (header as { blobs?: unknown }).blobs;
  if (!Array.isArray(list)) throw new PackUploadFormatError('Pack upload header has no blob list');
  const blobs: UploadBlob[] = [];
  let offset = 8 + headerLength;
  for (const entry of list as { id?: unknown; type?: unknown; length?: unknown }[]) {
    const { id, type, length } = entry ?? {};
    if (typeof id !== 'string' || !/^[0-9a-f]{64}$/.test(id)) throw new PackUploadFormatError('Bad blob id in pack upload');
    if (type !== 'data' && type !== 'tree') throw new PackUploadFormatError('Bad blob type in pack upload');
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || offset + length > bytes.length) {
      throw new PackUploadFormatError('Bad blob length in pack upload');
    }
    blobs.push({ id, type, data: bytes.subarray(offset, offset + length) });
    offset += length;
  }
  if (offset !== bytes.length) throw new PackUploadFormatError('Trailing bytes after the last blob');
  return blobs;
}
