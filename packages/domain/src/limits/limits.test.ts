import { describe, expect, it } from 'vitest';
import { checkLinkLimit, DEFAULT_LIMITS } from './limits';

describe('link limits (SPEC §6)', () => {
  it('allows the 50th VM and refuses the 51st with a message naming the limit', () => {
    expect(checkLinkLimit('vm', false, 49, DEFAULT_LIMITS)).toEqual({ ok: true });
    const refused = checkLinkLimit('vm', false, 50, DEFAULT_LIMITS);
    expect(refused).toEqual({ ok: false, message: 'Limit reached: at most 50 virtual machines may be linked to policies in this folder' });
  });

  it('uses the bare-metal limit for bms', () => {
    expect(checkLinkLimit('bms', false, 19, DEFAULT_LIMITS).ok).toBe(true);
    expect(checkLinkLimit('bms', false, 20, DEFAULT_LIMITS).ok).toBe(false);
  });

  it('never refuses an instance that already counts', () => {
    expect(checkLinkLimit('bms', true, 20, DEFAULT_LIMITS).ok).toBe(true);
  });
});
