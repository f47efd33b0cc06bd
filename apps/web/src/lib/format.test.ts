import { describe, expect, it } from 'vitest';
import { durationBetween, formatBytes, formatCount, formatDuration, formatEta, formatPercent, formatRelativeTime, formatThroughput, joinWords } from './format';

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

describe('formatCount', () => {
  it('groups thousands the same in every locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(Number.NaN)).toBe('—');
  });
});

describe('formatDuration', () => {
  it('shows at most the two largest units', () => {
    expect(formatDuration(450)).toBe('450 ms');
    expect(formatDuration(12_000)).toBe('12 s');
    expect(formatDuration(200_000)).toBe('3 min 20 s');
    expect(formatDuration(180_000)).toBe('3 min');
    expect(formatDuration((2 * 3600 + 5 * 60 + 9) * 1000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 3600 * 1000)).toBe('3 h');
    expect(formatDuration((3 * 86_400 + 4 * 3600) * 1000)).toBe('3 d 4 h');
  });

  it('has no value for missing or negative durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });
});

describe('durationBetween', () => {
  it('measures between two ISO times', () => {
    expect(durationBetween('2025-06-01T12:00:00Z', '2025-06-01T12:01:30Z')).toBe(90_000);
    expect(durationBetween('2025-06-01T12:00:00Z', null)).toBeNull();
    expect(durationBetween('2025-06-01T12:00:00Z', '2025-06-01T11:00:00Z')).toBeNull();
  });
});

describe('formatThroughput and formatEta', () => {
  it('reads as a rate and a time left', () => {
    expect(formatThroughput(12 * 1024 ** 2)).toBe('12.0 MiB/s');
    expect(formatEta(200)).toBe('about 3 min 20 s');
    expect(formatEta(0.4)).toBe('Almost done');
    expect(formatEta(null)).toBe('Estimating…');
  });
});

describe('formatPercent', () => {
  it('rounds down and clamps to 0–100', () => {
    expect(formatPercent(99.9)).toBe('99%');
    expect(formatPercent(42.5)).toBe('42%');
    expect(formatPercent(130)).toBe('100%');
    expect(formatPercent(-3)).toBe('0%');
  });
});
