/** '/'-separated display paths as the catalog and the target listing use them: always absolute, no trailing '/'. */

export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** Breadcrumbs: the root first, then each folder down to `path`. */
export function pathCrumbs(path: string): { name: string; path: string }[] {
  const crumbs = [{ name: '/', path: '/' }];
  let current = '';
  for (const segment of path.split('/').filter(Boolean)) {
    current += `/${segment}`;
    crumbs.push({ name: segment, path: current });
  }
  return crumbs;
}

export function isInside(path: string, dir: string): boolean {
  return dir === '/' ? path !== '/' : path.startsWith(`${dir}/`);
}

/**
 * The paths a restore asks for: sorted, without duplicates, and without anything inside a selected
 * folder (restoring the folder restores it already).
 */
export function restorePaths(selected: readonly { path: string; type: string }[]): string[] {
  const dirs = selected.filter((s) => s.type === 'dir').map((s) => s.path);
  const unique = [...new Set(selected.map((s) => s.path))];
  return unique.filter((p) => !dirs.some((d) => isInside(p, d))).sort();
}
