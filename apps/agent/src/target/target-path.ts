import { lstat, mkdir, readlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { UnsafePathError, unsafeComponentReason } from '@cloud-backup/domain';

/**
 * Paths on the agent's own host that something is written to (restore) or read from (browsing the
 * target). Host paths are bytes, since names need not be UTF-8; `display` is the '/'-prefixed path from
 * the root that people see.
 */
export interface TargetPath {
  display: string;
  abs: Buffer;
}

const SLASH = Buffer.from('/');

/** `realRoot` must already be resolved (realpath): every check below compares against it. */
export function rootTarget(realRoot: string): TargetPath {
  return { display: '/', abs: Buffer.from(realRoot) };
}

export function childTarget(parent: TargetPath, name: Buffer, display: string): TargetPath {
  const base = parent.abs.equals(SLASH) ? Buffer.alloc(0) : parent.abs;
  return { display: parent.display === '/' ? `/${display}` : `${parent.display}/${display}`, abs: Buffer.concat([base, SLASH, name]) };
}

/**
 * The exact bytes of a name that came from the server (`rawName` when the name is not UTF-8), refusing
 * anything that is not one entry of its directory: `..`, `.`, `/`, NUL, empty.
 */
export function safeNameBytes(node: { name: string; rawName?: string | undefined }): Buffer {
  const problem = unsafeComponentReason(node.name);
  if (problem) throw new UnsafePathError(node.name, problem);
  if (node.rawName === undefined) return Buffer.from(node.name, 'utf8');
  const raw = Buffer.from(node.rawName, 'base64');
  // latin1 maps every byte to one character, so the string rules apply to the bytes exactly.
  const rawProblem = unsafeComponentReason(raw.toString('latin1'));
  if (rawProblem) throw new UnsafePathError(node.name, rawProblem);
  return raw;
}

export type ChainProblem = 'missing' | 'symlink' | 'not_a_directory';

export type ChainResult = { ok: true; dir: TargetPath } | { ok: false; problem: ChainProblem; at: string };

export const CHAIN_PROBLEM_TEXT: Record<ChainProblem, string> = {
  missing: 'does not exist',
  symlink: 'is a symbolic link; a symlink in the target path leads outside the root',
  not_a_directory: 'is not a folder',
};

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

/** lstat that answers null for "nothing there" instead of throwing. */
export async function lstatOrNull(abs: Buffer): Promise<Stats | null> {
  try {
    return await lstat(abs);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Walks `components` down from `start` with lstat, never following anything: every existing component
 * must be a real folder. A symbolic link is refused even when it points inside the root (simplest, and
 * nothing can then be written through a link restored earlier). With `create`, missing folders are made
 * one at a time (mode 0777 less the umask) and checked again after creation.
 */
export async function walkDirChain(start: TargetPath, components: readonly string[], create: boolean): Promise<ChainResult> {
  let dir = start;
  for (const name of components) {
    const next = childTarget(dir, Buffer.from(name, 'utf8'), name);
    let stats = await lstatOrNull(next.abs);
    if (stats === null && create) {
      try {
        await mkdir(next.abs);
      } catch (error) {
        // Someone made it in between: judged like any existing entry below.
        if (errnoOf(error) !== 'EEXIST') throw error;
      }
      stats = await lstatOrNull(next.abs);
    }
    if (stats === null) return { ok: false, problem: 'missing', at: next.display };
    if (stats.isSymbolicLink()) return { ok: false, problem: 'symlink', at: next.display };
    if (!stats.isDirectory()) return { ok: false, problem: 'not_a_directory', at: next.display };
    dir = next;
  }
  return { ok: true, dir };
}

/**
 * True when the open descriptor `fd` is the entry at `expected` (a path under the resolved root). Catches
 * a folder on the way swapped for a symbolic link between the checks and the open. Hosts without
 * /proc/self/fd cannot tell; they answer true and rely on the lstat checks alone.
 */
export async function fdIsAt(fd: number, expected: Buffer): Promise<boolean> {
  let actual: Buffer;
  try {
    actual = await readlink(`/proc/self/fd/${fd}`, { encoding: 'buffer' });
  } catch {
    return true;
  }
  return actual.equals(expected);
}
