import { coalesce } from './coalesce.js';
import { checkedContent, checkEntry, type ExportEntry } from './export-entry.js';
import { BLOCK, paddingAfter, tarHeader } from './tar-header.js';

/**
 * A POSIX tar (ustar + PAX extended headers) of `entries`, as a stream of byte chunks. Big content chunks
 * pass through as they come, small pieces are gathered into 64 KiB chunks, so memory stays at one buffer
 * plus whatever the content source holds, whatever the archive size. Throws ExportEntryError on an unsafe or malformed entry and
 * ExportSizeMismatchError when a file's content is not exactly its `size` — the stream then ends without
 * the end-of-archive blocks, so a reader sees a truncated archive, never a silently wrong one.
 */
export function tarStream(entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>): AsyncGenerator<Uint8Array> {
  return coalesce(tarPieces(entries));
}

async function* tarPieces(entries: AsyncIterable<ExportEntry> | Iterable<ExportEntry>): AsyncGenerator<Uint8Array> {
  for await (const entry of entries) {
    yield tarHeader(entry, checkEntry(entry));
    if (entry.type !== 'file') continue;
    yield* checkedContent(entry);
    const padding = paddingAfter(entry.size);
    if (padding > 0) yield new Uint8Array(padding);
  }
  yield new Uint8Array(2 * BLOCK);
}
