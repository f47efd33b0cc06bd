import { describe, expect, it } from 'vitest';
import { inBackupWindow } from './backup-window';

const grid = (open: (day: number, hour: number) => boolean) => Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => open(d, h)));

describe('backup window', () => {
  it('allows any time without a window', () => {
    expect(inBackupWindow(null, new Date('2026-11-25T12:00:00Z'), 'UTC')).toBe(true);
  });

  it('reads the grid Monday first, by hour, in the policy time zone', () => {
    // Nights only (22:00–05:59), weekdays only.
    const nights = grid((d, h) => d < 5 && (h >= 22 || h < 6));
    // 2026-11-25 is a Wednesday.
    expect(inBackupWindow(nights, new Date('2026-11-25T23:30:00Z'), 'UTC')).toBe(true);
    expect(inBackupWindow(nights, new Date('2026-11-25T12:00:00Z'), 'UTC')).toBe(false);
    // 21:30 UTC is 22:30 in Berlin (UTC+1 in November): inside the window there, outside in UTC.
    expect(inBackupWindow(nights, new Date('2026-11-25T21:30:00Z'), 'UTC')).toBe(false);
    expect(inBackupWindow(nights, new Date('2026-11-25T21:30:00Z'), 'Europe/Berlin')).toBe(true);
    // Saturday night is closed; Monday 00:30 open.
    expect(inBackupWindow(nights, new Date('2026-11-28T23:00:00Z'), 'UTC')).toBe(false);
    expect(inBackupWindow(nights, new Date('2026-11-30T00:30:00Z'), 'UTC')).toBe(true);
  });
});
