import path from 'node:path';

/**
 * Splits a policy path (`/etc`, `home/a`, `/`) into components, resolving `.` and `..` lexically.
 * Returns null when `..` would climb above the root: such a path names something outside it.
 */
export function rootRelativeComponents(policyPath: string): string[] | null {
  const out: string[] = [];
  for (const part of policyPath.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out;
}

/** `<root>/<components>` as an absolute host path. */
export function hostPath(root: string, components: readonly string[]): string {
  return components.length === 0 ? root : path.join(root, ...components);
}

/** True when `candidate` (a resolved absolute path) is the root or below it. */
export function isInsideRoot(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
