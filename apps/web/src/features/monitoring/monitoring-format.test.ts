import { describe, expect, it } from 'vitest';
import { axisTicks } from './monitoring-format';

const HOUR = 3_600_000;

describe('axisTicks', () => {
  it('puts at most six ticks every four hours on the local clock for a day', () => {
    const to = new Date(2025, 5, 4, 2, 49).getTime();
    const from = to - 24 * HOUR;
    const ticks = axisTicks(from, to);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(6);
    for (const t of ticks) {
      expect(t).toBeGreaterThanOrEqual(from);
      expect(t).toBeLessThanOrEqual(to);
      const d = new Date(t);
      expect([d.getMinutes(), d.getSeconds(), d.getHours() % 4]).toEqual([0, 0, 0]);
    }
    // Evenly spaced.
    expect(new Set(ticks.slice(1).map((t, i) => t - ticks[i]!)).size).toBe(1);
  });

  it('uses days for a month and minutes for an hour', () => {
    const to = new Date(2025, 5, 30, 13, 7).getTime();
    const month = axisTicks(to - 30 * 24 * HOUR, to);
    expect(month.length).toBeLessThanOrEqual(6);
    expect(month.every((t) => new Date(t).getHours() === 0 && new Date(t).getMinutes() === 0)).toBe(true);
    const hour = axisTicks(to - HOUR, to);
    expect(hour.length).toBeLessThanOrEqual(6);
    expect(hour.every((t) => new Date(t).getMinutes() % 10 === 0)).toBe(true);
  });

  it('gives one tick for an empty range', () => {
    expect(axisTicks(5, 5)).toEqual([5]);
  });
});
