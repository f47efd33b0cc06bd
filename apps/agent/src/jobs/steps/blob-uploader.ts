import { MAX_MISSING_QUERY, type UploadBlob } from '@cloud-backup/domain';
import type { BackupJobApi } from '../job-api';

/** ~16 MiB per upload: few enough requests to keep latency out of the way, small enough to retry cheaply. */
export const PACK_TARGET_BYTES = 16 * 1024 * 1024;

const PACK_UPLOAD_MAGIC = Buffer.from('CBUP', 'latin1');
const MAX_IN_FLIGHT = 2;
/** expect(): ids remembered at most (a few MiB) before the set starts over. */
const MAX_EXPECTED = 100_000;

export interface UploadStats {
  blobsUploaded: number;
  bytesUploaded: number;
  missingQueries: number;
  packUploads: number;
}

/**
 * Sends blobs the server does not have yet. Blobs gather until ~16 MiB (or the `missing` query's id
 * limit); then one query asks which of them the server lacks and one pack carries only those. The send
 * runs while the callers read on; at most two batches fly at a time.
 */
export class BlobUploader {
  /** Ids the server has, or will have once the batch in flight lands: never asked about again. */
  private readonly known = new Set<string>();
  private pending = new Map<string, UploadBlob>();
  private pendingBytes = 0;
  /** Batches handed over for sending, oldest first; they never reject (failures land in `failure`). */
  private readonly queue: Promise<void>[] = [];
  private failure: unknown = null;
  readonly stats: UploadStats = { blobsUploaded: 0, bytesUploaded: 0, missingQueries: 0, packUploads: 0 };

  constructor(
    private readonly api: BackupJobApi,
    private readonly onUploaded: (bytes: number) => void = () => {},
    private readonly targetBytes = PACK_TARGET_BYTES,
  ) {}

  has(id: string): boolean {
    return this.known.has(id) || this.pending.has(id);
  }

  /**
   * Ids the server probably holds (the previous version of a changed file): their chunks are kept as views
   * when queued, since the batch's `missing` query will most likely drop them unsent.
   */
  expect(ids: readonly string[]): void {
    if (this.expected.size > MAX_EXPECTED) this.expected.clear();
    for (const id of ids) this.expected.add(id);
  }

  private readonly expected = new Set<string>();

  /** Queues a blob unless it is known; resolves at once unless a batch must wait for the one in flight. */
  async add(blob: UploadBlob): Promise<void> {
    if (this.has(blob.id)) return;
    // A small chunk may be a view into a large read buffer; a copy lets that buffer go. Not for a chunk
    // that is most likely dropped unsent: copying the unchanged chunks of a big changed file (fresh pages)
    // cost more than everything else in a 1 %-change incremental.
    const copy = blob.data.byteLength * 2 < blob.data.buffer.byteLength && !this.expected.has(blob.id);
    const data = copy ? new Uint8Array(blob.data) : blob.data;
    this.pending.set(blob.id, { ...blob, data });
    this.pendingBytes += data.byteLength;
    if (this.pendingBytes >= this.targetBytes || this.pending.size >= MAX_MISSING_QUERY) await this.startBatch();
  }

  /**
   * Asks the server about ids this job has not handled (content reused from the local cache) and
   * returns those it lacks; the rest count as known from now on.
   */
  async lacking(ids: Iterable<string>): Promise<Set<string>> {
    const unknown = [...new Set(ids)].filter((id) => !this.has(id));
    const lacking = new Set<string>();
    for (let i = 0; i < unknown.length; i += MAX_MISSING_QUERY) {
      const batch = unknown.slice(i, i + MAX_MISSING_QUERY);
      this.stats.missingQueries++;
      const missing = new Set(await this.api.missing(batch));
      for (const id of batch) {
        if (missing.has(id)) lacking.add(id);
        else this.known.add(id);
      }
    }
    return lacking;
  }

  /** Sends everything queued and waits until the server holds it. */
  async flush(): Promise<void> {
    await this.startBatch();
    await Promise.all(this.queue);
    if (this.failure !== null) throw this.failure;
  }

  /**
   * Hands the pending blobs to a send of their own. Two sends fly at once, so the server receives and
   * re-hashes one pack while it compresses and writes the other (one at a time, the server sat idle
   * between packs and the readers waited); a caller waits while two are in flight, which bounds memory.
   */
  private async startBatch(): Promise<void> {
    while (this.queue.length >= MAX_IN_FLIGHT) await Promise.race(this.queue);
    if (this.failure !== null) throw this.failure;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.pendingBytes = 0;
    for (const id of batch.keys()) this.known.add(id);
    const sending: Promise<void> = (this.failure === null ? this.send(batch) : Promise.resolve())
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.queue.splice(this.queue.indexOf(sending), 1);
      });
    this.queue.push(sending);
  }

  /** Body buffers of finished uploads, reused (fresh pages cost far more than the copy on this kind of VM). */
  private readonly spare: Buffer[] = [];

  /**
   * The pack upload body (`pack-upload.codec.ts`: `CBUP`, u32 BE header length, JSON header, the blobs
   * back to back), written into a reused buffer instead of a fresh zero-filled one per batch.
   */
  private encode(blobs: readonly UploadBlob[]): { body: Buffer; buffer: Buffer } {
    const header = Buffer.from(JSON.stringify({ blobs: blobs.map((b) => ({ id: b.id, type: b.type, length: b.data.byteLength })) }), 'utf8');
    const total = 8 + header.length + blobs.reduce((n, b) => n + b.data.byteLength, 0);
    const at = this.spare.findIndex((b) => b.length >= total);
    const buffer = at >= 0 ? this.spare.splice(at, 1)[0]! : Buffer.allocUnsafeSlow(Math.max(total, this.targetBytes + (this.targetBytes >> 1)));
    PACK_UPLOAD_MAGIC.copy(buffer, 0);
    buffer.writeUInt32BE(header.length, 4);
    let offset = 8 + header.copy(buffer, 8);
    for (const b of blobs) {
      buffer.set(b.data, offset);
      offset += b.data.byteLength;
    }
    return { body: buffer.subarray(0, total), buffer };
  }

  private async send(batch: Map<string, UploadBlob>): Promise<void> {
    this.stats.missingQueries++;
    const missing = await this.api.missing([...batch.keys()]);
    const blobs: UploadBlob[] = [];
    for (const id of new Set(missing)) {
      const blob = batch.get(id);
      if (blob) blobs.push(blob);
    }
    if (blobs.length === 0) return;
    const { body, buffer } = this.encode(blobs);
    await this.api.uploadPack(body);
    // Only after a success: the request is over and nothing reads the buffer any more.
    if (this.spare.length < 2) this.spare.push(buffer);
    const bytes = blobs.reduce((n, b) => n + b.data.byteLength, 0);
    this.stats.packUploads++;
    this.stats.blobsUploaded += blobs.length;
    this.stats.bytesUploaded += bytes;
    this.onUploaded(bytes);
  }
}
