/**
 * Gathers small pieces (headers, padding, small files) into chunks of up to `size` bytes, and passes big
 * pieces through untouched. An archive of 100 k small files is otherwise ~300 k tiny writes to the HTTP
 * response; this makes it a few hundred. Memory stays one buffer: a yielded buffer is never written again.
 */
export async function* coalesce(pieces: AsyncIterable<Uint8Array>, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  let buffer = new Uint8Array(size);
  let used = 0;
  for await (const piece of pieces) {
    if (piece.length >= size / 4) {
      if (used > 0) {
        yield buffer.subarray(0, used);
        buffer = new Uint8Array(size);
        used = 0;
      }
      yield piece;
      continue;
    }
    if (used + piece.length > size) {
      yield buffer.subarray(0, used);
      buffer = new Uint8Array(size);
      used = 0;
    }
    buffer.set(piece, used);
    used += piece.length;
  }
  if (used > 0) yield buffer.subarray(0, used);
}
