import type { BackupJob } from '@cloud-backup/domain';

/**
 * `*` = any run of characters (also `/`), `?` = one character; case-insensitive with Unicode case
 * folding. `s`: names may contain newlines, which `*` must match too.
 */
export function compileMask(mask: string): RegExp {
  let source = '';
  for (const ch of mask) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += /[\\^$.+()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
  }
  return new RegExp(`^${source}$`, 'isu');
}

/**
 * The policy's file filters. Each mask is tried against the entry's base name and against its path
 * from the root (`/var/log/syslog`), so `*.log` and `/var/cache/*` both work; exclusion wins over
 * inclusion. Exclusion applies to folders too (an excluded folder is not walked); inclusion only
 * restricts files, so folders are always walked to find included files below them.
 */
export class FileFilter {
  private readonly excluded: RegExp[];
  private readonly included: RegExp[];

  constructor(filters: BackupJob['fileFilters']) {
    const compile = (masks: string[]) => masks.map((m) => m.trim()).filter((m) => m !== '').map(compileMask);
    this.excluded = compile(filters.exclusionMasks);
    this.included = compile(filters.inclusionMasks);
  }

  isExcluded(name: string, rootPath: string): boolean {
    return this.excluded.some((re) => re.test(name) || re.test(rootPath));
  }

  /** For files and symlinks: false only when inclusion masks exist and none matches. */
  isIncluded(name: string, rootPath: string): boolean {
    return this.included.length === 0 || this.included.some((re) => re.test(name) || re.test(rootPath));
  }
}
