import { describe, expect, it } from 'vitest';
import { formatBytes, formatRelativeTime, joinWords } from './format';

describe('formatBytes', () => {
  it('uses binary units with sensible precision', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(8 * 1024 ** 3)).toBe('8.00 GiB');
    expect(formatBytes(250 * 1024 ** 3)).toBe('250 GiB');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('formatRelativeTime', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');
  it('describes past and future times in words', () => {
    expect(formatRelativeTime('2025-06-01T11:57:00Z', now)).toBe('3 minutes ago');
    expect(formatRelativeTime('2025-06-01T14:00:00Z', now)).toBe('in 2 hours');
    expect(formatRelativeTime('2025-05-31T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2025-06-01T11:59:55Z', now)).toBe('just now');
    expect(formatRelativeTime(null, now)).toBe('Never');
  });
});

describe('joinWords', () => {
  it('joins with commas and a final "and"', () => {
    expect(joinWords([])).toBe('');
    expect(joinWords(['a'])).toBe('a');
    expect(joinWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
