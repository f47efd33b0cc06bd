import { isUtf8 } from 'node:buffer';
import { encodeTree, type TreeNode } from '@cloud-backup/engine';
import type { ProgressReporter } from '../progress.reporter';
import type { BlobUploader } from './blob-uploader';
import { displayName, type ScanDir, type ScanEntry } from './scan.types';

export interface TreeTotals {
  rootTreeId: string;
  /** Regular files and symbolic links: every entry that is not a folder. */
  fileCount: number;
  dirCount: number;
  /** Sum of the stored sizes of the regular files. */
  logicalBytes: number;
}

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
 */
export async function buildTrees(top: ScanDir, uploader: BlobUploader, progress: ProgressReporter): Promise<TreeTotals> {
  const totals = { fileCount: 0, dirCount: 0, logicalBytes: 0 };

  async function encodeDir(dir: ScanDir): Promise<string> {
    progress.tick();
    const nodes: TreeNode[] = [];
    for (const child of dir.children) {
      if (child.kind === 'file') {
        if (child.omitted || child.content === null) continue;
        totals.fileCount++;
        totals.logicalBytes += child.storedSize;
        nodes.push({
          ...commonFields(child),
          type: 'file',
          size: child.storedSize,
          content: child.content,
          ...(child.linkGroup === null ? {} : { linkGroup: child.linkGroup }),
        });
      } else if (child.kind === 'symlink') {
        totals.fileCount++;
        nodes.push({ ...commonFields(child), type: 'symlink', size: child.stat.size, target: child.target });
      } else {
        const subtree = await encodeDir(child);
        totals.dirCount++;
        nodes.push({ ...commonFields(child), type: 'dir', size: 0, subtree });
      }
    }
    const { id, plain } = encodeTree(nodes);
    await uploader.add({ id, type: 'tree', data: plain });
    return id;
  }

  const rootTreeId = await encodeDir(top);
  return { rootTreeId, ...totals };
}
