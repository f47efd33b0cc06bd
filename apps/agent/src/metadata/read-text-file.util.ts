import { existsSync, readFileSync, readdirSync } from 'node:fs';

/**
 * Machine files differ between distributions, containers and kernels; a missing or unreadable file
 * means "unknown", never a failed report.
 */
export function readTextFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** First line, trimmed; `null` when the file is missing or empty. */
export function readFirstLine(path: string): string | null {
  const text = readTextFile(path);
  if (text === null) return null;
  const line = (text.split('\n')[0] ?? '').trim();
  return line === '' ? null : line;
}

export function listDirectory(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

export function fileExists(path: string): boolean {
  return existsSync(path);
}
