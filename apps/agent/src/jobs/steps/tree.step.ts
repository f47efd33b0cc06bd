import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { encodeTree, type TreeNode } from '@cloud-backup/engine';
import type { ProgressReporter } from '../progress.reporter';
import type { CachedDir } from '../backup-cache.store';
import type { BlobUploader } from './blob-uploader';
import { displayName, type ScanDir, type ScanEntry } from './scan.types';

export interface TreeTotals {
  rootTreeId: string;
  /** Regular files and symbolic links: every entry that is not a folder. */
  fileCount: number;
  dirCount: number;
  /** Sum of the stored sizes of the regular files. */
  logicalBytes: number;
  /** Per folder key: what the next fast incremental needs to reuse its tree id. */
  dirs: Map<string, CachedDir>;
}

/**
 * What a folder's tree is made of, hashed: every field that goes into its TreeNodes (children in scan
 * order, subtree ids included), every field followed by a NUL, written without building the nodes.
 * Equal fingerprint = equal input = equal tree id, since encodeTree is a pure function of its input; a
 * change anywhere below a folder changes a subtree id and so every fingerprint up to the root. NUL cannot
 * occur in a name, a link target or a number, the first field says how many follow, and a key component
 * that is not UTF-8 is an empty field + base64: the text reads back one way only. The version label
 * keeps fingerprints of another form from ever matching.
 */
function fingerprint(dir: ScanDir, subtrees: ReadonlyMap<ScanDir, string>): string {
  let text = FINGERPRINT_LABEL;
  // The exact name is the child's key component (keyComponent); a base64 one may itself contain '/'.
  const skip = dir.key === '/' ? 1 : dir.key.length + 1;
  for (const child of dir.children) {
    const s = child.stat;
    const name = child.key.slice(skip);
    const common = `${name}\0${s.mode & PERMISSION_BITS}\0${s.mtimeMs}\0${s.uid}\0${s.gid}`;
    if (child.kind === 'file') {
      if (child.omitted || child.content === null) continue;
      text += `f\0${common}\0${child.storedSize}\0${child.linkGroup ?? ''}\0${child.content.join(',')}\0`;
    } else if (child.kind === 'symlink') {
      text += `l\0${common}\0${s.size}\0${child.target}\0`;
    } else {
      text += `d\0${common}\0${subtrees.get(child) ?? ''}\0`;
    }
  }
  return createHash('sha256').update(text).digest('base64');
}

const FINGERPRINT_LABEL = 'cloud-backup tree input v2\n';

// Type bits live in TreeNode.type; the mode keeps permissions plus setuid/setgid/sticky.
const PERMISSION_BITS = 0o7777;

function commonFields(entry: ScanEntry): Pick<TreeNode, 'name' | 'rawName' | 'mode' | 'mtimeMs' | 'uid' | 'gid'> {
  return {
    name: displayName(entry.name),
    // The exact bytes travel too when the readable name had to replace some of them.
    ...(isUtf8(entry.name) ? {} : { rawName: entry.name.toString('base64') }),
    mode: entry.stat.mode & PERMISSION_BITS,
    mtimeMs: entry.stat.mtimeMs,
    uid: entry.stat.uid,
    gid: entry.stat.gid,
  };
}

/**
 * Encodes folders bottom-up (a folder's id depends on its children's ids, so unchanged folders keep
 * their id and are shared between backups) and queues each tree blob for upload like a data chunk.
 *
 * With `previous` (the last backup's folders, from the local cache), a folder whose fingerprint is the one
 * recorded there takes the recorded tree id without encoding (zod-checking every node) or uploading it:
 * in a no-change incremental that is every folder. The reused ids go through `missing` like reused chunk
 * ids; a folder whose tree the server lacks is encoded and uploaded after all.
 */
export async function buildTrees(
  top: ScanDir,
  uploader: BlobUploader,
  progress: ProgressReporter,
  previous: ReadonlyMap<string, CachedDir> | null = null,
): Promise<TreeTotals> {
  const totals = { fileCount: 0, dirCount: 0, logicalBytes: 0 };
  const dirs = new Map<string, CachedDir>();
  const subtrees = new Map<ScanDir, string>();
  const reused: { id: string; dir: ScanDir }[] = [];

  // The nodes are only built for a folder that is encoded: in a no-change incremental, none.
  function nodesOf(dir: ScanDir): TreeNode[] {
    const nodes: TreeNode[] = [];
    for (const child of dir.children) {
      if (child.kind === 'file') {
        if (child.omitted || child.content === null) continue;
        nodes.push({
          ...commonFields(child),
          type: 'file',
          size: child.storedSize,
          content: child.content,
          ...(child.linkGroup === null ? {} : { linkGroup: child.linkGroup }),
        });
      } else if (child.kind === 'symlink') {
        nodes.push({ ...commonFields(child), type: 'symlink', size: child.stat.size, target: child.target });
      } else {
        nodes.push({ ...commonFields(child), type: 'dir', size: 0, subtree: subtrees.get(child)! });
      }
    }
    return nodes;
  }

  async function encodeDir(dir: ScanDir): Promise<string> {
    progress.tick();
    for (const child of dir.children) {
      if (child.kind === 'file') {
        if (child.omitted || child.content === null) continue;
        totals.fileCount++;
        totals.logicalBytes += child.storedSize;
      } else if (child.kind === 'symlink') {
        totals.fileCount++;
      } else {
        subtrees.set(child, await encodeDir(child));
        totals.dirCount++;
      }
    }
    const fp = fingerprint(dir, subtrees);
    const before = previous?.get(dir.key);
    if (before !== undefined && before.fp === fp) {
      reused.push({ id: before.tree, dir });
      dirs.set(dir.key, before);
      return before.tree;
    }
    const { id, plain } = encodeTree(nodesOf(dir));
    await uploader.add({ id, type: 'tree', data: plain });
    dirs.set(dir.key, { fp, tree: id });
    return id;
  }

  const rootTreeId = await encodeDir(top);
  if (reused.length > 0) {
    const lacking = await uploader.lacking(reused.map((r) => r.id));
    for (const r of reused) {
      if (!lacking.has(r.id)) continue;
      const { id, plain } = encodeTree(nodesOf(r.dir));
      // A cache that does not match what it describes: start over without it rather than trust it.
      if (id !== r.id) return buildTrees(top, uploader, progress, null);
      await uploader.add({ id, type: 'tree', data: plain });
    }
  }
  return { rootTreeId, ...totals, dirs };
}
