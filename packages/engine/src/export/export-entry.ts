/**
 * One item of a folder download, in the order it goes into the archive (parents before children).
 * `content` is called once, when the writer reaches the entry, so only the current file is being read.
 */
export interface ExportEntry {
  /** Relative, '/'-separated, no leading '/', no '.' or '..' segments. */
  path: string;
  type: 'file' | 'dir' | 'symlink';
  /** Permission bits are used; file-type bits, if present, are ignored. */
  mode: number;
  mtimeMs: number;
  uid: number;
  gid: number;
  /** Files: exact content length; a content stream of any other length aborts the archive. */
  size: number;
  /** Symlinks: the target, stored as is. */
  target?: string;
  /** Files: the content; may be omitted for empty files. */
  content?: () => AsyncIterable<Uint8Array>;
}

export class ExportEntryError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${message}: ${JSON.stringify(path)}`);
    this.name = 'ExportEntryError';
  }
}

/** A file's content did not have its declared size: the archive would be corrupt, so the stream fails. */
export class ExportSizeMismatchError extends Error {
  constructor(
    readonly path: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`content of ${JSON.stringify(path)} is ${actual > expected ? 'longer' : 'shorter'} than its size ${expected}${actual > expected ? '' : ` (${actual} bytes)`}`);
    this.name = 'ExportSizeMismatchError';
  }
}

/**
 * Refuses entries that could write outside the extraction directory or that no archive can represent,
 * and returns the path as stored (directories get a trailing '/').
 */
export function checkEntry(entry: ExportEntry): string {
  const { path } = entry;
  const bare = entry.type === 'dir' && path.endsWith('/') ? path.slice(0, -1) : path;
  if (bare === '' || bare.startsWith('/') || bare.includes('\0')) throw new ExportEntryError(path, 'not a relative path');
  if (bare.split('/').some((part) => part === '' || part === '.' || part === '..')) throw new ExportEntryError(path, 'empty, . or .. segment in path');
  if (!['file', 'dir', 'symlink'].includes(entry.type)) throw new ExportEntryError(path, `unknown type ${String(entry.type)}`);
  if (entry.type === 'symlink' && typeof entry.target !== 'string') throw new ExportEntryError(path, 'symlink without target');
  for (const [field, value] of [['mode', entry.mode], ['uid', entry.uid], ['gid', entry.gid], ['size', entry.size]] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new ExportEntryError(path, `${field} must be a non-negative integer`);
  }
  if (!Number.isFinite(entry.mtimeMs)) throw new ExportEntryError(path, 'mtime must be finite');
  if (entry.type === 'file' && entry.size > 0 && entry.content === undefined) throw new ExportEntryError(path, 'file without content');
  return entry.type === 'dir' ? `${bare}/` : bare;
}

/**
 * Yields a file's content, failing as soon as it exceeds the declared size (before the
 * excess is emitted) or when it ends short.
 */
export async function* checkedContent(entry: ExportEntry): AsyncGenerator<Uint8Array> {
  let seen = 0;
  if (entry.content !== undefined) {
    for await (const chunk of entry.content()) {
      seen += chunk.length;
      if (seen > entry.size) throw new ExportSizeMismatchError(entry.path, entry.size, seen);
      if (chunk.length > 0) yield chunk;
    }
  }
  if (seen !== entry.size) throw new ExportSizeMismatchError(entry.path, entry.size, seen);
}

/** Permission bits only (rwx for user/group/other plus setuid, setgid, sticky). */
export const PERMISSION_BITS = 0o7777;
