/**
 * Name order and name matching for the catalog. The order is case-insensitive by lower-cased UTF-16 code
 * units, then by the exact name, so it is total and identical on every machine (no locale, no ICU collation).
 */
export function compareNames(aLower: string, a: string, bLower: string, b: string): number {
  if (aLower !== bLower) return aLower < bLower ? -1 : 1;
  if (a !== b) return a < b ? -1 : 1;
  return 0;
}

const STAR = 0x2a;
const QUESTION = 0x3f;

export function isGlob(query: string): boolean {
  return query.includes('*') || query.includes('?');
}

/**
 * Whether `pattern` (`*` = any run, `?` = one character) matches the whole of `text[start, end)`.
 * Greedy with one backtrack point per `*`, so it is O(pattern × name) even for patterns like `*a*a*a*b`.
 * `?` takes a whole surrogate pair, so it matches one character of an emoji name, not half of it.
 */
export function globMatches(pattern: string, text: string, start: number, end: number): boolean {
  let p = 0;
  let t = start;
  let starP = -1;
  let starT = start;
  while (t < end) {
    if (p < pattern.length) {
      const c = pattern.charCodeAt(p);
      if (c === STAR) {
        starP = p++;
        starT = t;
        continue;
      }
      if (c === QUESTION) {
        p++;
        t += isPairAt(text, t, end) ? 2 : 1;
        continue;
      }
      if (c === text.charCodeAt(t)) {
        p++;
        t++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    t = ++starT;
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

function isPairAt(text: string, i: number, end: number): boolean {
  const hi = text.charCodeAt(i);
  if (hi < 0xd800 || hi > 0xdbff || i + 1 >= end) return false;
  const lo = text.charCodeAt(i + 1);
  return lo >= 0xdc00 && lo <= 0xdfff;
}

/** The longest run without wildcards: every match contains it, so an indexOf scan finds the candidates. */
export function longestLiteral(pattern: string): string {
  let best = '';
  for (const part of pattern.split(/[*?]/)) if (part.length > best.length) best = part;
  return best;
}
