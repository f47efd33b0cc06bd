import { isUtf8 } from 'node:buffer';

export interface EntryStat {
  mode: number;
  mtimeMs: number;
  /** Changes with the content and with any metadata change, even when the mtime is set back. */
  ctimeMs: number;
  uid: number;
  gid: number;
  size: number;
  dev: number;
  ino: number;
}

export interface EntryBase {
  /** The exact bytes of the name: Linux names need not be UTF-8. */
  name: Buffer;
  /** From the root, `/etc/passwd`, decoded for people (invalid bytes become U+FFFD): logs, warnings, masks. */
  path: string;
  /** Like `path` but exact and unique (see `keyComponent`): the local cache's key. */
  key: string;
  /** The host path, as bytes for the same reason as `name`. */
  abs: Buffer;
  stat: EntryStat;
}

export interface ScanFile extends EntryBase {
  kind: 'file';
  /** Shared by every path of one hard-linked inode in this backup. */
  linkGroup: number | null;
  /** Chunk ids once read or reused; null until then. */
  content: string[] | null;
  /** Bytes actually stored (differs from stat.size when the file changed during the read). */
  storedSize: number;
  /** Vanished or unreadable: the file is left out of the backup. */
  omitted: boolean;
  /** Changed while it was read: stored as read, but never trusted by the next incremental. */
  changed: boolean;
}

export interface ScanSymlink extends EntryBase {
  kind: 'symlink';
  target: string;
}

export interface ScanDir extends EntryBase {
  kind: 'dir';
  children: ScanEntry[];
}

export type ScanEntry = ScanFile | ScanSymlink | ScanDir;

export interface ScanResult {
  /** The synthetic root of the backup: the sources laid out as a path hierarchy. */
  top: ScanDir;
  /** Regular files in walk order. */
  files: ScanFile[];
  bytesTotal: number;
}

/**
 * A name as the cache key spells it: itself when it is UTF-8, otherwise NUL + base64 of its bytes.
 * NUL never occurs in a Linux name, so the two forms cannot collide.
 */
export function keyComponent(name: Buffer): string {
  return isUtf8(name) ? name.toString('utf8') : `\0${name.toString('base64')}`;
}

export function displayName(name: Buffer): string {
  return name.toString('utf8');
}

export function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}
