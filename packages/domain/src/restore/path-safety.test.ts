import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  UnsafePathError,
  isInsideRoot,
  isSafeComponent,
  joinUnderRoot,
  normalizeAbsolutePath,
  relativeComponents,
} from './path-safety';

function reasonOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof UnsafePathError) return error.reason;
    throw error;
  }
}

describe('isSafeComponent', () => {
  it.each(['a', 'file.txt', '.hidden', '..hidden', '...', 'a b', 'résumé 日本', 'line\nbreak', 'back\\slash', ' ', '-rf', '~'])(
    'accepts %j',
    (name) => expect(isSafeComponent(name)).toBe(true),
  );
  it.each(['', '.', '..', 'a/b', '/', '/etc', 'x\0y', '\0', 'a/'])('refuses %j', (name) => expect(isSafeComponent(name)).toBe(false));
});

describe('relativeComponents', () => {
  it.each<[string, string[]]>([
    ['/', []],
    ['/a', ['a']],
    ['/a/b/c', ['a', 'b', 'c']],
    ['/a/b/', ['a', 'b']],
    ['/ spaced /x', [' spaced ', 'x']],
    ['/.hidden/..dots/...', ['.hidden', '..dots', '...']],
    ['/日本/résumé', ['日本', 'résumé']],
  ])('%j → %j', (input, expected) => expect(relativeComponents(input)).toEqual(expected));

  it.each<[string, string]>([
    ['', 'not_absolute'],
    ['a/b', 'not_absolute'],
    ['../etc', 'not_absolute'],
    ['/..', 'dot_component'],
    ['/a/../b', 'dot_component'],
    ['/a/..', 'dot_component'],
    ['/a/./b', 'dot_component'],
    ['/.', 'dot_component'],
    ['/a//b', 'empty_component'],
    ['//', 'empty_component'],
    ['//a', 'empty_component'],
    ['/a/b//', 'empty_component'],
    ['/a\0b', 'nul'],
  ])('refuses %j (%s)', (input, reason) => expect(reasonOf(() => relativeComponents(input))).toBe(reason));

  it('names the path in the error message', () => {
    expect(() => relativeComponents('/a/../b')).toThrow(/"\/a\/\.\.\/b".*\. or \.\./);
  });
});

describe('normalizeAbsolutePath and isInsideRoot', () => {
  it.each<[string, string]>([
    ['/', '/'],
    ['//', '/'],
    ['/a/', '/a'],
    ['/a//b/./c', '/a/b/c'],
    ['/a/../b', '/b'],
    ['/../..', '/'],
  ])('%j → %j', (input, expected) => expect(normalizeAbsolutePath(input)).toBe(expected));

  it('compares whole components, not string prefixes', () => {
    expect(isInsideRoot('/srv/root', '/srv/root')).toBe(true);
    expect(isInsideRoot('/srv/root', '/srv/root/a')).toBe(true);
    expect(isInsideRoot('/srv/root', '/srv/root2')).toBe(false);
    expect(isInsideRoot('/srv/root', '/srv/root/../x')).toBe(false);
    expect(isInsideRoot('/', '/anything')).toBe(true);
  });
});

describe('joinUnderRoot', () => {
  it('joins safe components under the root', () => {
    expect(joinUnderRoot('/srv/root', [])).toBe('/srv/root');
    expect(joinUnderRoot('/srv/root/', ['a', 'b.txt'])).toBe('/srv/root/a/b.txt');
    expect(joinUnderRoot('/', ['etc', 'hosts'])).toBe('/etc/hosts');
    expect(joinUnderRoot('/srv//root/.', ['..x'])).toBe('/srv/root/..x');
  });

  it.each<[string[], string]>([
    [['..'], 'dot_component'],
    [['a', '..', '..'], 'dot_component'],
    [['.'], 'dot_component'],
    [['/etc/passwd'], 'slash'],
    [['a/../../b'], 'slash'],
    [[''], 'empty_component'],
    [['a\0b'], 'nul'],
  ])('refuses %j (%s)', (components, reason) => expect(reasonOf(() => joinUnderRoot('/srv/root', components))).toBe(reason));

  it('refuses a relative root', () => {
    expect(reasonOf(() => joinUnderRoot('srv/root', ['a']))).toBe('not_absolute');
  });

  // Components built from the characters that matter for paths, so `..`, `/`, `.` and NUL turn up often.
  const component = fc.oneof(
    fc.constantFrom('..', '.', '', '/', '//', '../..', '/etc', 'a\0', '\0'),
    fc.string({ unit: fc.constantFrom('.', '/', 'a', '\0', '\\', 'é', ' '), maxLength: 8 }),
    fc.string({ maxLength: 12 }),
  );
  const root = fc.constantFrom('/', '/srv/root', '/srv/root/', '/a/./b', '/x/../y');

  it('never returns a path outside the root, whatever the components (property)', () => {
    fc.assert(
      fc.property(root, fc.array(component, { maxLength: 6 }), (r, components) => {
        let joined: string;
        try {
          joined = joinUnderRoot(r, components);
        } catch (error) {
          expect(error).toBeInstanceOf(UnsafePathError);
          // Refused only when some component really is unsafe.
          expect(components.some((c) => !isSafeComponent(c))).toBe(true);
          return;
        }
        // node:path is the independent oracle here (tests run on Node; the module itself stays pure).
        const resolvedRoot = path.posix.resolve(r);
        const resolved = path.posix.resolve(joined);
        expect(resolved).toBe(joined);
        const rel = path.posix.relative(resolvedRoot, resolved);
        expect(rel === '..' || rel.startsWith('../') || path.posix.isAbsolute(rel)).toBe(false);
        expect(rel === '' ? [] : rel.split('/')).toEqual(components);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly the paths relativeComponents accepts (property)', () => {
    fc.assert(
      fc.property(fc.array(component, { maxLength: 5 }), (components) => {
        const display = `/${components.join('/')}`;
        let parsed: string[] | null = null;
        try {
          parsed = relativeComponents(display);
        } catch (error) {
          expect(error).toBeInstanceOf(UnsafePathError);
        }
        if (parsed !== null) expect(joinUnderRoot('/r', parsed)).toBe(path.posix.join('/r', ...parsed));
      }),
      { numRuns: 1000 },
    );
  });
});
