import { createHash } from 'node:crypto';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Recursively sorts object keys so equal metadata always serializes, and hashes, the same way. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      // Mirrors JSON.stringify, which drops undefined properties.
      if (child !== undefined) out[key] = sortKeys(child);
    }
    return out;
  }
  return value as Json;
}

/** `sha256:<hex>`, prefixed so the algorithm can change without ambiguity; 71 chars, within the schema's 128. */
export function metadataHash(metadata: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(metadata)).digest('hex')}`;
}
