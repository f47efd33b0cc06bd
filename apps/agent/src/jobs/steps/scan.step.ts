import { isUtf8 } from 'node:buffer';
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { lstat, readlink } from 'node:fs/promises';
import type { BackupJob } from '@cloud-backup/domain';
import { StepError, errnoCode } from '../job-errors';
import type { StepLog } from '../job-log';
import type { ProgressReporter } from '../progress.reporter';
import { FileFilter } from './file-mask.matcher';
import { PSEUDO_PATHS, readPseudoMountPoints } from './pseudo-mounts.reader';
import { rootRelativeComponents } from './root-paths';
import { displayName, joinPath, keyComponent, type EntryBase, type EntryStat, type ScanDir, type ScanFile, type ScanResult } from './scan.types';

export interface ScanOptions {
  root: string;
  job: Pick<BackupJob, 'sources' | 'skipPseudoFilesystems' | 'fileFilters'>;
  /** Host paths never backed up, whatever the sources say: the agent's own data folder. */
  excludedHostPaths: readonly string[];
  log: StepLog;
  progress: ProgressReporter;
  /** For tests; read from /proc/self/mounts otherwise. Latin1 strings of the exact path bytes. */
  pseudoMountPoints?: ReadonlySet<string>;
}

const SLASH = Buffer.from('/');
// lstat and readdir are synchronous: from the dentry cache they cost a few µs, while each call through
// libuv's pool (a thread hop, a promise, a wake-up) cost 30–100 µs on a busy 2-core machine — most of the
// scan of 220k files. The event loop gets a turn at least every SYNC_SLICE_MS.
const SYNC_SLICE_MS = 10;

function entryStat(s: Stats): EntryStat {
  return { mode: s.mode, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, uid: s.uid, gid: s.gid, size: s.size, dev: s.dev, ino: s.ino };
}

function specialKind(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isCharacterDevice()) return 'a character device';
  return 'of an unknown type';
}

/** Sources as root-relative components, sorted, without those inside another source (read once). */
export function normalizeSources(sources: readonly string[]): string[][] {
  const all = sources.map((source) => {
    const components = rootRelativeComponents(source);
    if (components === null) throw new StepError('scan', `The source ${source} lies outside the agent's root`);
    return components;
  });
  // Shorter first, so a source is always kept before any source inside it.
  all.sort((a, b) => a.length - b.length);
  const kept: string[][] = [];
  for (const c of all) {
    if (!kept.some((k) => k.length <= c.length && k.every((part, i) => part === c[i]))) kept.push(c);
  }
  return kept;
}

/**
 * Walks the sources inside the root with lstat only: symbolic links are recorded, never followed, so
 * nothing outside the root is read; names stay bytes so non-UTF-8 names survive. One bad entry is a
 * warning, never the end of the backup.
 */
class Scanner {
  readonly files: ScanFile[] = [];
  bytesTotal = 0;
  private excludedByFilters = 0;
  private readonly filter: FileFilter;
  private readonly pseudoMounts: ReadonlySet<string>;
  private readonly excludedHost: ReadonlySet<string>;
  private readonly linkGroups = new Map<string, number>();

  constructor(private readonly o: ScanOptions) {
    this.filter = new FileFilter(o.job.fileFilters);
    this.pseudoMounts = o.job.skipPseudoFilesystems ? (o.pseudoMountPoints ?? readPseudoMountPoints()) : new Set();
    this.excludedHost = new Set(o.excludedHostPaths.map((p) => Buffer.from(p).toString('latin1')));
  }

  async run(): Promise<ScanResult> {
    const sources = normalizeSources(this.o.job.sources);
    const abs = Buffer.from(this.o.root);
    const top: ScanDir = { kind: 'dir', name: Buffer.alloc(0), path: '/', key: '/', abs, stat: entryStat(await lstat(abs)), children: [] };
    for (const components of sources) await this.addSource(top, components);
    if (this.excludedByFilters > 0) this.o.log.info(`${this.excludedByFilters} entries left out by the file filters`);
    this.o.log.info(`Found ${this.files.length} files, ${this.bytesTotal} bytes`);
    return { top, files: this.files, bytesTotal: this.bytesTotal };
  }

  /** Lays the path down to the source out as folders (their real metadata), then scans the source. */
  private async addSource(top: ScanDir, components: string[]): Promise<void> {
    const sourcePath = `/${components.join('/')}`;
    if (components.length === 0) return this.walk(top);
    let dir = top;
    for (const [i, component] of components.entries()) {
      const name = Buffer.from(component);
      const existing = dir.children.find((c): c is ScanDir => c.kind === 'dir' && c.name.equals(name));
      if (existing) {
        dir = existing;
        continue;
      }
      const abs = Buffer.concat([dir.abs, SLASH, name]);
      let stats: Stats;
      try {
        stats = await lstat(abs);
      } catch (error) {
        const code = errnoCode(error);
        if (code === null) throw error;
        this.o.log.warn(sourcePath, code === 'ENOENT' ? 'source does not exist' : `source cannot be read (${code})`);
        return;
      }
      if (i === components.length - 1) return this.addEntry(dir, name, abs, stats, true);
      if (!stats.isDirectory()) {
        const what = stats.isSymbolicLink() ? 'a symbolic link, which the backup never follows' : 'not a folder';
        this.o.log.warn(sourcePath, `source not backed up: ${joinPath(dir.path, component)} is ${what}`);
        return;
      }
      const next: ScanDir = { kind: 'dir', name, path: joinPath(dir.path, component), key: joinPath(dir.key, component), abs, stat: entryStat(stats), children: [] };
      dir.children.push(next);
      dir = next;
    }
  }

  private async walk(dir: ScanDir): Promise<void> {
    this.o.progress.counters.currentPath = dir.path;
    this.o.progress.tick();
    if (performance.now() - this.sliceStart >= SYNC_SLICE_MS) await this.yieldNow();
    let names: Buffer[];
    try {
      names = readdirSync(dir.abs, { encoding: 'buffer' }).sort(Buffer.compare);
    } catch (error) {
      const code = errnoCode(error);
      if (code === null) throw error;
      // The folder itself stays in the backup (its metadata is known), without content.
      if (code !== 'ENOENT') this.o.log.warn(dir.path, `folder cannot be read (${code}); its content is not backed up`);
      return;
    }
    for (const name of names) {
      if (performance.now() - this.sliceStart >= SYNC_SLICE_MS) await this.yieldNow();
      const abs = Buffer.concat([dir.abs, SLASH, name]);
      let stats: Stats;
      try {
        stats = lstatSync(abs);
      } catch (error) {
        const code = errnoCode(error);
        if (code === null) throw error;
        // Gone between readdir and lstat: it is simply not part of this backup.
        if (code !== 'ENOENT') this.o.log.warn(joinPath(dir.path, displayName(name)), `cannot be read (${code})`);
        continue;
      }
      await this.addEntry(dir, name, abs, stats, false);
    }
  }

  private sliceStart = performance.now();

  /** Lets the event loop run (progress, heartbeat) once synchronous lstat calls have held it long enough. */
  private async yieldNow(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }

  private async addEntry(dir: ScanDir, name: Buffer, abs: Buffer, stats: Stats, isSource: boolean): Promise<void> {
    // One decode per name: the shown name is the key component too unless the name is not UTF-8.
    const shown = displayName(name);
    const component = isUtf8(name) ? shown : keyComponent(name);
    const base = { name, path: joinPath(dir.path, shown), key: joinPath(dir.key, component), abs, stat: entryStat(stats) };
    // The agent's data folder is a folder: no other entry needs the comparison.
    if (stats.isDirectory() && this.excludedHost.has(abs.toString('latin1'))) {
      this.o.log.info(`${base.path} is the agent's own data folder; it is not backed up`);
      return;
    }
    // Filters shape what is inside the sources; a source the policy names explicitly is always taken.
    if (!isSource && this.filter.isExcluded(shown, base.path)) {
      this.excludedByFilters++;
      return;
    }
    if (stats.isDirectory()) {
      const node: ScanDir = { kind: 'dir', ...base, children: [] };
      dir.children.push(node);
      if (!isSource && this.isPseudo(base.path, abs)) {
        this.o.log.info(`Skipped the content of ${base.path}: a pseudo file system`);
        return;
      }
      return this.walk(node);
    }
    if (!stats.isFile() && !stats.isSymbolicLink()) {
      this.o.log.warn(base.path, `skipped: ${specialKind(stats)} (only files, folders and symbolic links are backed up)`);
      return;
    }
    if (!isSource && !this.filter.isIncluded(shown, base.path)) {
      this.excludedByFilters++;
      return;
    }
    if (stats.isSymbolicLink()) return this.addSymlink(dir, base);
    const file: ScanFile = { kind: 'file', ...base, linkGroup: stats.nlink > 1 ? await this.linkGroup(abs, stats) : null, content: null, storedSize: 0, omitted: false, changed: false };
    dir.children.push(file);
    this.files.push(file);
    this.bytesTotal += stats.size;
    this.o.progress.counters.filesTotal = this.files.length;
    this.o.progress.counters.bytesTotal = this.bytesTotal;
  }

  private async addSymlink(dir: ScanDir, base: EntryBase): Promise<void> {
    let target: Buffer;
    try {
      target = await readlink(base.abs, { encoding: 'buffer' });
    } catch (error) {
      const code = errnoCode(error);
      if (code === null) throw error;
      if (code !== 'ENOENT') this.o.log.warn(base.path, `symbolic link cannot be read (${code})`);
      return;
    }
    // The contract carries link targets as text; a non-UTF-8 target is kept as close as it can be.
    if (!isUtf8(target)) this.o.log.warn(base.path, 'symbolic link target is not valid UTF-8; stored with replacement characters');
    dir.children.push({ kind: 'symlink', ...base, target: target.toString('utf8') });
  }

  /** Same (dev, ino) = same content; exact bigint numbers, since inode numbers may exceed 2^53. */
  private async linkGroup(abs: Buffer, stats: Stats): Promise<number | null> {
    if (stats.nlink <= 1) return null;
    const exact = await lstat(abs, { bigint: true }).catch(() => null);
    const key = exact ? `${exact.dev}:${exact.ino}` : `${stats.dev}:${stats.ino}`;
    let group = this.linkGroups.get(key);
    if (group === undefined) {
      group = this.linkGroups.size + 1;
      this.linkGroups.set(key, group);
    }
    return group;
  }

  private isPseudo(rootPath: string, abs: Buffer): boolean {
    if (!this.o.job.skipPseudoFilesystems) return false;
    return PSEUDO_PATHS.has(rootPath) || this.pseudoMounts.has(abs.toString('latin1'));
  }
}

export function scanSources(o: ScanOptions): Promise<ScanResult> {
  return new Scanner(o).run();
}
