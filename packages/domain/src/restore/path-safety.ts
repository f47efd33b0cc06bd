/**
 * Path rules for writing under an agent's root (SPEC §4: a restore never writes outside the target root).
 * Pure string logic, no `node:path`: the domain is bundled for the browser too, and the rules are POSIX
 * whatever the host of the caller.
 */

export type UnsafePathReason = 'not_absolute' | 'empty_component' | 'dot_component' | 'nul' | 'slash' | 'outside_root';

/** A path or name that could lead somewhere other than where it claims to; never written to. */
export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
  constructor(
    readonly path: string,
    readonly reason: UnsafePathReason,
  ) {
    super(`Unsafe path ${JSON.stringify(path)}: ${REASON_TEXT[reason]}`);
  }
}

const REASON_TEXT: Record<UnsafePathReason, string> = {
  not_absolute: 'must start with /',
  empty_component: 'has an empty component (//)',
  dot_component: 'has a . or .. component',
  nul: 'contains NUL',
  slash: 'a name cannot contain /',
  outside_root: 'would lead outside the root',
};

/** Why `name` is not a single safe entry name, or null when it is one. */
export function unsafeComponentReason(name: string): UnsafePathReason | null {
  if (name === '') return 'empty_component';
  if (name === '.' || name === '..') return 'dot_component';
  if (name.includes('\0')) return 'nul';
  if (name.includes('/')) return 'slash';
  return null;
}

/** True when `name` names exactly one entry inside its directory: not empty, not `.`/`..`, no `/` or NUL. */
export function isSafeComponent(name: string): boolean {
  return unsafeComponentReason(name) === null;
}

/**
 * The components of a '/'-prefixed display path (`/` → [], `/a/b` → ['a','b'], a trailing `/` is allowed).
 * Nothing is resolved: `.`, `..`, `//` and NUL are refused rather than interpreted.
 */
export function relativeComponents(path: string): string[] {
  if (!path.startsWith('/')) throw new UnsafePathError(path, 'not_absolute');
  if (path.includes('\0')) throw new UnsafePathError(path, 'nul');
  if (path === '/') return [];
  const body = path.slice(1);
  const parts = (body.endsWith('/') ? body.slice(0, -1) : body).split('/');
  for (const part of parts) {
    const problem = unsafeComponentReason(part);
    if (problem) throw new UnsafePathError(path, problem);
  }
  return parts;
}

/**
 * Lexical POSIX normalisation of an absolute path: repeated slashes collapse, `.` disappears, `..` climbs
 * (never above `/`), no trailing slash except for `/` itself.
 */
export function normalizeAbsolutePath(path: string): string {
  if (!path.startsWith('/')) throw new UnsafePathError(path, 'not_absolute');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** True when `candidate` is `root` or below it; both are compared after normalisation. */
export function isInsideRoot(root: string, candidate: string): boolean {
  const r = normalizeAbsolutePath(root);
  const c = normalizeAbsolutePath(candidate);
  return r === '/' || c === r || c.startsWith(`${r}/`);
}

/**
 * `root` joined with `components`, as an absolute normalised path. Every component must be a safe single
 * name (see isSafeComponent); the result is checked once more to lie inside the root.
 */
export function joinUnderRoot(root: string, components: readonly string[]): string {
  const base = normalizeAbsolutePath(root);
  for (const c of components) {
    const problem = unsafeComponentReason(c);
    if (problem) throw new UnsafePathError(c, problem);
  }
  if (components.length === 0) return base;
  const joined = `${base === '/' ? '' : base}/${components.join('/')}`;
  // Cannot fail with safe components; kept so a future change to the rules above cannot silently escape.
  if (normalizeAbsolutePath(joined) !== joined || !isInsideRoot(base, joined)) throw new UnsafePathError(joined, 'outside_root');
  return joined;
}
