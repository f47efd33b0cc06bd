import { createCipheriv } from 'node:crypto';

/**
 * Deterministic pseudo-random bytes (AES-128-CTR keystream), fast (GiB/s) and reproducible from a seed, so
 * chunking tests are exact and need no fixture files.
 */
export function pseudoRandomBytes(length: number, seed = 1): Buffer {
  const key = Buffer.alloc(16);
  key.writeUInt32LE(seed >>> 0, 0);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

/** Compressible text-like bytes (repeated words with varying numbers), deterministic. */
export function compressibleBytes(length: number, seed = 1): Buffer {
  const words = ['backup', 'chunk', 'pack', 'index', 'tree', 'restore', 'verify', 'folder', 'policy', 'agent'];
  const parts: string[] = [];
  let size = 0;
  let x = seed >>> 0 || 1;
  while (size < length) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const part = `${words[x % words.length]} ${x % 1000}\n`;
    parts.push(part);
    size += part.length;
  }
  return Buffer.from(parts.join(''), 'latin1').subarray(0, length);
}
