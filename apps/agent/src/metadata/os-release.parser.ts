/**
 * Parses the os-release(5) format: KEY=value lines, values optionally single- or double-quoted,
 * double-quoted values may contain backslash escapes, `#` starts a comment line.
 */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    fields[key] = unquote(line.slice(eq + 1).trim());
  }
  return fields;
}

function unquote(value: string): string {
  const first = value[0];
  if (first === "'") {
    const end = value.indexOf("'", 1);
    return end === -1 ? value.slice(1) : value.slice(1, end);
  }
  if (first === '"') {
    let out = '';
    for (let i = 1; i < value.length; i++) {
      const ch = value[i];
      if (ch === '"') return out;
      if (ch === '\\' && i + 1 < value.length) {
        out += value[i + 1];
        i++;
        continue;
      }
      out += ch;
    }
    return out;
  }
  // Unquoted values end at the first whitespace, as in a shell assignment.
  return value.split(/\s/)[0] ?? '';
}

export interface OsIdentity {
  name: string;
  version: string;
  prettyName: string;
}

/** Picks the fields the console shows; `null` when the file says nothing useful. */
export function osIdentityFromRelease(fields: Record<string, string>): OsIdentity | null {
  const name = fields.NAME ?? fields.ID ?? '';
  const version = fields.VERSION_ID ?? fields.VERSION ?? fields.BUILD_ID ?? '';
  if (name === '' && version === '' && !fields.PRETTY_NAME) return null;
  const prettyName = fields.PRETTY_NAME ?? [name, fields.VERSION ?? version].filter((s) => s !== '').join(' ');
  return { name, version, prettyName };
}
