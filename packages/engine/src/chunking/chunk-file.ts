import { open } from 'node:fs/promises';
import { Chunker, type ChunkingOptions } from './chunker.js';

/** 4 MiB reads: large enough that syscall overhead vanishes, small next to the 8 MiB maximum chunk. */
export const FILE_READ_SIZE = 4 * 1024 * 1024;
/**
 * Reads fill a window of up to 16 MiB in consecutive 4 MiB pieces, so a chunk that spans reads is still one
 * view of the window (see Chunker) and only a chunk crossing into the next window is copied. Fresh memory is
 * expensive on this VM (first-touch page faults), so avoiding copies matters.
 */
const WINDOW_SIZE = 4 * FILE_READ_SIZE;
/** Window for data beyond the size seen at open (a file growing while read). */
const GROWTH_WINDOW = 64 * 1024;

/**
 * Windows are sized to what the file still holds (+1 byte so end-of-file is seen without another window):
 * yielded chunks are views, and a 100-byte file's chunk must not pin a 16 MiB buffer while it waits in an
 * upload batch.
 */
function allocWindow(remaining: number): Buffer {
  const size = remaining > 0 ? Math.min(WINDOW_SIZE, remaining + 1) : GROWTH_WINDOW;
  return size < 4096 ? Buffer.allocUnsafe(size) : Buffer.allocUnsafeSlow(size);
}

/**
 * Streams a file through a Chunker and yields its chunks in order. Memory stays bounded (the current
 * window, plus the previous one while a chunk spans both), whatever the file size; positions are plain
 * numbers, exact to 2^53, so files beyond 4 GiB are fine. Yielded chunks are views: treat them as read-only.
 * A file that grows or shrinks while being read yields what was read (the caller compares sizes).
 */
export async function* chunkFile(path: string, opts?: Partial<ChunkingOptions>): AsyncGenerator<Buffer> {
  const chunker = new Chunker(opts);
  const handle = await open(path, 'r');
  let inFlight: Promise<unknown> | null = null;
  try {
    const expected = (await handle.stat()).size;
    // Double buffering: the next read (into the window region after the current piece) runs on the thread
    // pool while the current piece is chunked and its chunks consumed.
    const issue = (window: Buffer, offset: number, position: number) => {
      if (offset === window.length) {
        // The old window stays alive only through views the chunker or the caller still hold.
        window = allocWindow(expected - position);
        offset = 0;
      }
      const read = handle.read(window, offset, Math.min(FILE_READ_SIZE, window.length - offset), position);
      inFlight = read;
      return read.then(({ bytesRead }) => ({ window, offset, position, bytesRead }));
    };
    let next = issue(allocWindow(expected), 0, 0);
    for (;;) {
      const { window, offset, position, bytesRead } = await next;
      inFlight = null;
      if (bytesRead === 0) break;
      next = issue(window, offset + bytesRead, position + bytesRead);
      yield* chunker.push(window.subarray(offset, offset + bytesRead));
    }
    yield* chunker.finish();
  } finally {
    // A consumer that stops early must not close the handle under a pending read.
    await (inFlight as Promise<unknown> | null)?.catch(() => undefined);
    await handle.close();
  }
}
