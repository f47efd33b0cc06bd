import { MAX_RESTORE_CHUNK_QUERY, type ChunkBatch } from '@cloud-backup/domain';
import { ChunkUnavailableError, verifyChunkBatch } from './chunk-batch.verify';

const MiB = 1024 * 1024;
const SMALL_CHUNK = 256 * 1024;

export interface ChunkPipelineOptions {
  fetch: (ids: readonly string[]) => Promise<ChunkBatch>;
  /** Stop adding ids to a request past this many estimated bytes (~16–32 MiB keeps requests efficient). */
  requestBytes?: number;
  maxIdsPerRequest?: number;
  maxInFlight?: number;
  /** Requested but not yet consumed, estimated: bounds memory whatever the file sizes. */
  maxHeldBytes?: number;
  /** Copies of recent chunks (each at most a quarter of this), for files that share them. */
  cacheBytes?: number;
}

interface Occurrence {
  id: string;
  /** Estimated size: the file's size over its chunk count (the tree does not record chunk sizes). */
  est: number;
  state: 'queued' | 'requested' | 'settled' | 'dropped';
  /** `est` is part of `held` until the occurrence is consumed or dropped. */
  counted: boolean;
  promise: Promise<Buffer>;
  resolve(data: Buffer): void;
  reject(error: Error): void;
}

/** A small LRU by bytes. Map iteration order is insertion order, so re-inserting marks an entry recent. */
class ChunkCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}

  get(id: string): Buffer | undefined {
    const data = this.entries.get(id);
    if (data) {
      this.entries.delete(id);
      this.entries.set(id, data);
    }
    return data;
  }

  put(id: string, data: Buffer): void {
    if (data.length > this.maxBytes / 4 || this.entries.has(id)) return;
    // A copy: a view would keep the whole batch buffer it came from alive.
    this.entries.set(id, Buffer.from(data));
    this.bytes += data.length;
    for (const [oldId, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldId);
      this.bytes -= old.length;
    }
  }
}

/**
 * Fetches the chunks of the files about to be written, ahead of the writers: files are `open`ed in the
 * order they will be written, their chunk ids join one queue, and requests of up to 256 ids and about
 * `requestBytes` go out from its head, a few at a time, as long as the data waiting to be written stays
 * under `maxHeldBytes`. Every chunk is checked against its id on arrival; an unusable one rejects only
 * the reads that want it. An id already on its way is not asked for again.
 *
 * Deadlock-free as long as readers consume their chunks in order and files are opened in the order
 * writers take them: data is requested strictly in queue order, so whatever is held belongs to files
 * being written, which release it.
 */
export class ChunkPipeline {
  /** Slots are cleared once taken: a settled occurrence's promise holds its chunk's bytes. */
  private readonly queue: (Occurrence | undefined)[] = [];
  private head = 0;
  private inFlight = 0;
  private held = 0;
  /** Occurrences counted in `held`. */
  private heldCount = 0;
  /** Ids in requests on their way, with every occurrence waiting for them. */
  private readonly flying = new Map<string, Occurrence[]>();
  private failure: Error | null = null;
  /** Queued occurrences not yet requested (dropped ones excluded), to judge whether a request is full. */
  private queuedCount = 0;
  private queuedBytes = 0;
  /** Set by `flush` until more files are opened: partial requests may go out while others fly. */
  private eager = false;
  private readonly cache: ChunkCache;
  private readonly requestBytes: number;
  private readonly maxIds: number;
  private readonly maxInFlight: number;
  private readonly maxHeld: number;
  readonly stats = { requests: 0, chunksReceived: 0, bytesReceived: 0, cacheHits: 0 };

  constructor(private readonly o: ChunkPipelineOptions) {
    this.cache = new ChunkCache(o.cacheBytes ?? 8 * MiB);
    this.requestBytes = o.requestBytes ?? 16 * MiB;
    this.maxIds = Math.min(o.maxIdsPerRequest ?? MAX_RESTORE_CHUNK_QUERY, MAX_RESTORE_CHUNK_QUERY);
    this.maxInFlight = o.maxInFlight ?? 3;
    this.maxHeld = o.maxHeldBytes ?? 64 * MiB;
  }

  /** Queues the chunks of one file; read them back, in order, from the returned reader. */
  open(ids: readonly string[], size: number): ChunkReader {
    const est = ids.length === 0 ? 0 : Math.max(1, Math.ceil(size / ids.length));
    const occurrences = ids.map((id) => this.occurrence(id, est));
    this.eager = false;
    this.pump();
    return new ChunkReader(occurrences, (occ) => this.release(occ));
  }

  /**
   * No more files for a while (the walk ended or waits for the server): what is queued goes out now
   * even in requests that are not full.
   */
  flush(): void {
    this.eager = true;
    this.pump();
  }

  /** Ends every pending and future read with `error` (the job is over); requests on their way are dropped. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (let i = this.head; i < this.queue.length; i++) {
      const occ = this.queue[i];
      if (occ && occ.state === 'queued') this.settle(occ, error);
    }
    this.queue.length = 0;
    this.head = 0;
    this.queuedCount = 0;
    this.queuedBytes = 0;
    for (const list of this.flying.values()) for (const occ of list) this.settle(occ, error);
    this.flying.clear();
  }

  private occurrence(id: string, est: number): Occurrence {
    let resolve!: (data: Buffer) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<Buffer>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Reads of a failed file are dropped unread; their rejection is expected, not unhandled.
    promise.catch(() => {});
    const occ: Occurrence = { id, est, state: 'queued', counted: false, promise, resolve, reject };
    const cached = this.failure ? undefined : this.cache.get(id);
    if (this.failure) this.settle(occ, this.failure);
    else if (cached) {
      this.stats.cacheHits++;
      this.settle(occ, cached);
    } else {
      this.queue.push(occ);
      this.queuedCount++;
      this.queuedBytes += est;
    }
    return occ;
  }

  private settle(occ: Occurrence, outcome: Buffer | Error): void {
    if (occ.state === 'settled') return;
    if (occ.state !== 'dropped') occ.state = 'settled';
    if (outcome instanceof Error) occ.reject(outcome);
    else occ.resolve(outcome);
  }

  private release(occ: Occurrence): void {
    if (occ.state === 'queued') {
      occ.state = 'dropped';
      this.dequeued(occ);
    }
    if (occ.counted) {
      occ.counted = false;
      this.held -= occ.est;
      this.heldCount--;
    }
    this.pump();
  }

  private dequeued(occ: Occurrence): void {
    this.queuedCount--;
    this.queuedBytes -= occ.est;
  }

  /**
   * A request that is not full goes out only when the writers would otherwise run dry (nothing else on
   * its way and little requested data left unread), or after `flush`. Otherwise it waits to fill up: each
   * request costs the server a fixed amount (authentication, validation, a lookup), so many small ones
   * cost it far more than a few large ones, and the writers have enough to do meanwhile.
   */
  private mayRequest(): boolean {
    if (this.failure !== null || this.inFlight >= this.maxInFlight || this.held >= this.maxHeld || this.queuedCount === 0) return false;
    if (this.eager || this.queuedCount >= this.maxIds || this.queuedBytes >= this.requestBytes) return true;
    return this.inFlight === 0 && this.heldCount < this.maxIds / 4 && this.held < this.requestBytes / 4;
  }

  private pump(): void {
    while (this.mayRequest()) {
      const ids: string[] = [];
      let bytes = 0;
      while (this.head < this.queue.length && ids.length < this.maxIds && bytes < this.requestBytes) {
        const occ = this.queue[this.head];
        this.queue[this.head++] = undefined;
        if (!occ || occ.state !== 'queued') continue;
        this.dequeued(occ);
        const cached = this.cache.get(occ.id);
        if (cached) {
          this.stats.cacheHits++;
          this.settle(occ, cached);
          continue;
        }
        occ.state = 'requested';
        occ.counted = true;
        this.held += occ.est;
        this.heldCount++;
        const waiting = this.flying.get(occ.id);
        if (waiting) {
          waiting.push(occ);
          continue;
        }
        this.flying.set(occ.id, [occ]);
        ids.push(occ.id);
        bytes += occ.est;
      }
      if (this.head > 4096 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      if (ids.length > 0) void this.send(ids);
    }
  }

  private async send(ids: string[]): Promise<void> {
    this.inFlight++;
    this.stats.requests++;
    let batch: ChunkBatch;
    try {
      batch = await this.o.fetch(ids);
    } catch (error) {
      this.inFlight--;
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.inFlight--;
    if (this.failure) return;
    const verdicts = verifyChunkBatch(ids, batch);
    for (const id of ids) {
      const waiting = this.flying.get(id) ?? [];
      this.flying.delete(id);
      const verdict = verdicts.get(id);
      if (verdict?.ok) {
        this.stats.chunksReceived++;
        this.stats.bytesReceived += verdict.data.length;
        // Small files that share chunks (copies) often sit close together in a tree; a big chunk is
        // copied into the cache only once it has shown up twice (runs of zeros, duplicated data).
        if (verdict.data.length <= SMALL_CHUNK || waiting.length > 1) this.cache.put(id, verdict.data);
        for (const occ of waiting) this.settle(occ, verdict.data);
      } else {
        const error = new ChunkUnavailableError(id, verdict?.reason ?? 'was not sent by the server');
        for (const occ of waiting) this.settle(occ, error);
      }
    }
    this.pump();
  }
}

/**
 * One file's chunks, in order. Each read releases the chunk's share of the pipeline's memory and forgets
 * the chunk, so a big file's bytes are not kept alive by its own reader.
 */
export class ChunkReader {
  private next = 0;
  private readonly occurrences: (Occurrence | undefined)[];
  constructor(
    occurrences: readonly Occurrence[],
    private readonly onRelease: (occ: Occurrence) => void,
  ) {
    this.occurrences = [...occurrences];
  }

  get remaining(): number {
    return this.occurrences.length - this.next;
  }

  /** The next chunk's verified bytes, null after the last; throws ChunkUnavailableError for an unusable chunk. */
  async read(): Promise<Buffer | null> {
    if (this.next >= this.occurrences.length) return null;
    const occ = this.occurrences[this.next] as Occurrence;
    this.occurrences[this.next++] = undefined;
    try {
      return await occ.promise;
    } finally {
      this.onRelease(occ);
    }
  }

  /** Gives up the chunks not read yet (the file failed or was cancelled): queued ones are never requested. */
  close(): void {
    while (this.next < this.occurrences.length) {
      const occ = this.occurrences[this.next];
      this.occurrences[this.next++] = undefined;
      if (occ) this.onRelease(occ);
    }
  }
}
