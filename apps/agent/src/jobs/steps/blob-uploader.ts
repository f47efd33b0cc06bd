import { MAX_MISSING_QUERY, encodePackUpload, type UploadBlob } from '@cloud-backup/domain';
import type { BackupJobApi } from '../job-api';

/** ~16 MiB per upload: few enough requests to keep latency out of the way, small enough to retry cheaply. */
export const PACK_TARGET_BYTES = 16 * 1024 * 1024;

export interface UploadStats {
  blobsUploaded: number;
  bytesUploaded: number;
  missingQueries: number;
  packUploads: number;
}

/**
 * Sends blobs the server does not have yet. Blobs gather until ~16 MiB (or the `missing` query's id
 * limit); then one query asks which of them the server lacks and one pack carries only those. The send
 * runs while the callers read on; batches are sent in order, and at most two wait or fly at a time.
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

  /** Queues a blob unless it is known; resolves at once unless a batch must wait for the one in flight. */
  async add(blob: UploadBlob): Promise<void> {
    if (this.has(blob.id)) return;
    // A small chunk may be a view into a large read buffer; a copy lets that buffer go.
    const data = blob.data.byteLength * 2 < blob.data.buffer.byteLength ? new Uint8Array(blob.data) : blob.data;
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
   * Hands the pending blobs to the send queue. Batches go out one after another (several readers may
   * fill batches at once); a caller waits while two batches are already queued, which bounds memory.
   */
  private async startBatch(): Promise<void> {
    while (this.queue.length >= 2) await this.queue[0];
    if (this.failure !== null) throw this.failure;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.pendingBytes = 0;
    for (const id of batch.keys()) this.known.add(id);
    const previous = this.queue.at(-1) ?? Promise.resolve();
    const sending: Promise<void> = previous
      .then(() => (this.failure === null ? this.send(batch) : undefined))
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        this.queue.splice(this.queue.indexOf(sending), 1);
      });
    this.queue.push(sending);
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
    const body = encodePackUpload(blobs);
    await this.api.uploadPack(body);
    const bytes = blobs.reduce((n, b) => n + b.data.byteLength, 0);
    this.stats.packUploads++;
    this.stats.blobsUploaded += blobs.length;
    this.stats.bytesUploaded += bytes;
    this.onUploaded(bytes);
  }
}
