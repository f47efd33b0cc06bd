import type { Dirent } from 'node:fs';
import { lstat, mkdir, readdir, realpath } from 'node:fs/promises';
import {
  UnsafePathError,
  relativeComponents,
  type AgentRequest,
  type AgentRequestResult,
  type TargetFileEntry,
} from '@cloud-backup/domain';
import { CHAIN_PROBLEM_TEXT, childTarget, rootTarget, walkDirChain, type ChainResult, type TargetPath } from '../target/target-path';

/** The console shows at most this many entries of one folder; `truncated` says when there were more. */
export const MAX_LISTED_ENTRIES = 5000;

type Failure = Extract<AgentRequestResult, { ok: false }>;
type FailureCode = Failure['code'];

const MAX_MESSAGE = 2048;
const LSTAT_BATCH = 32;

function failure(code: FailureCode, message: string): Failure {
  return { ok: false, code, message: message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…` };
}

function chainFailure(chain: Extract<ChainResult, { ok: false }>): Failure {
  const code: FailureCode = chain.problem === 'missing' ? 'not_found' : chain.problem === 'symlink' ? 'refused' : 'not_a_directory';
  return failure(code, `${chain.at} ${CHAIN_PROBLEM_TEXT[chain.problem]}`);
}

/** fs errors as result codes; anything unexpected is `failed` with its message. */
function fsFailure(error: unknown, path: string): Failure {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return failure('not_found', `${path} does not exist`);
  if (code === 'ENOTDIR') return failure('not_a_directory', `${path} is not a folder`);
  if (code === 'EEXIST') return failure('exists', `${path} already exists`);
  if (code === 'EACCES' || code === 'EPERM') return failure('failed', `${path}: permission denied`);
  return failure('failed', `${path}: ${error instanceof Error ? error.message : String(error)}`);
}

function typeOf(entry: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }): TargetFileEntry['type'] {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'dir';
  return entry.isFile() ? 'file' : 'other';
}

/** Folders first, then by name ignoring case, ties by exact code points: the same order on every host. */
function compareEntries(a: { name: string; dir: boolean }, b: { name: string; dir: boolean }): number {
  if (a.dir !== b.dir) return a.dir ? -1 : 1;
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

async function listDir(root: TargetPath, components: string[]): Promise<AgentRequestResult> {
  const display = `/${components.join('/')}`;
  const chain = await walkDirChain(root, components, false);
  if (!chain.ok) return chainFailure(chain);
  let dirents: Dirent<Buffer>[];
  try {
    dirents = await readdir(chain.dir.abs, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    return fsFailure(error, display);
  }
  // d_type decides the order; every listed entry is then lstat'ed (never followed) for size and mtime.
  const sorted = dirents
    .map((d) => ({ raw: d.name, name: d.name.toString('utf8'), dir: d.isDirectory() }))
    .sort(compareEntries);
  const shown = sorted.slice(0, MAX_LISTED_ENTRIES);
  const found: (TargetFileEntry | null)[] = [];
  // A few lstat calls at a time: one by one, a full page of a slow disk keeps the console waiting.
  for (let i = 0; i < shown.length; i += LSTAT_BATCH) {
    const batch = shown.slice(i, i + LSTAT_BATCH).map(async (e): Promise<TargetFileEntry | null> => {
      try {
        const stats = await lstat(childTarget(chain.dir, e.raw, e.name).abs);
        return { name: e.name, type: typeOf(stats), size: stats.size, mtime: stats.mtime.toISOString() };
      } catch {
        // Gone between readdir and lstat: it is simply not listed.
        return null;
      }
    });
    found.push(...(await Promise.all(batch)));
  }
  const entries = found.filter((e): e is TargetFileEntry => e !== null);
  return { ok: true, listing: { path: chain.dir.display, entries, truncated: sorted.length > MAX_LISTED_ENTRIES } };
}

async function makeDir(root: TargetPath, components: string[]): Promise<AgentRequestResult> {
  const name = components.at(-1);
  if (name === undefined) return failure('exists', 'The root folder always exists');
  const chain = await walkDirChain(root, components.slice(0, -1), false);
  if (!chain.ok) return chainFailure(chain);
  const target = childTarget(chain.dir, Buffer.from(name, 'utf8'), name);
  try {
    // Not recursive, and mkdir never follows a link in the last component: an existing one is EEXIST.
    await mkdir(target.abs, 0o777);
  } catch (error) {
    return fsFailure(error, target.display);
  }
  return { ok: true, created: { path: target.display } };
}

/**
 * Answers one quick request of the console about the agent's own files, under the same rules as a
 * restore: paths are root-relative, `..` and the like are refused, and no symbolic link on the way is
 * followed (refused even when it points inside the root).
 */
export async function answerRequest(request: AgentRequest, root: string): Promise<AgentRequestResult> {
  let components: string[];
  try {
    components = relativeComponents(request.path);
  } catch (error) {
    if (error instanceof UnsafePathError) return failure('refused', error.message);
    throw error;
  }
  let top: TargetPath;
  try {
    top = rootTarget(await realpath(root));
  } catch (error) {
    return failure('failed', `The agent's root ${root} cannot be used: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return request.kind === 'list_dir' ? await listDir(top, components) : await makeDir(top, components);
  } catch (error) {
    return fsFailure(error, request.path);
  }
}
