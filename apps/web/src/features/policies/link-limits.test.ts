import { describe, expect, it } from 'vitest';
import { linkUsage } from '../../test/fixtures';
import { describeKindUsage, linkUsageAfter } from './link-limits';

describe('linkUsageAfter', () => {
  it('counts only instances without a policy yet, per kind', () => {
    const after = linkUsageAfter(
      [
        { kind: 'vm', counted: false },
        { kind: 'vm', counted: true },
        { kind: 'bms', counted: false },
      ],
      linkUsage({ vm: 10, bms: 3 }),
    );
    expect(after).toEqual([
      { kind: 'vm', adding: 1, used: 11, limit: 50, refusal: null },
      { kind: 'bms', adding: 1, used: 4, limit: 20, refusal: null },
    ]);
    expect(after.map(describeKindUsage)).toEqual(['Linking 1 more virtual machine: 11 of 50 used', 'Linking 1 more bare-metal server: 4 of 20 used']);
  });

  it('allows reaching a limit and refuses passing it, with the domain’s message', () => {
    const [vm] = linkUsageAfter(
      [
        { kind: 'vm', counted: false },
        { kind: 'vm', counted: false },
      ],
      linkUsage({ vm: 49 }),
    );
    expect(vm).toMatchObject({ adding: 2, used: 51, refusal: 'Limit reached: at most 50 virtual machines may be linked to policies in this folder' });
    expect(describeKindUsage(vm!)).toBe('Linking 2 more virtual machines: 51 of 50 used');
    expect(linkUsageAfter([{ kind: 'vm', counted: false }], linkUsage({ vm: 49 }))[0]?.refusal).toBeNull();
  });

  it('never refuses instances that already count, even at the limit', () => {
    const [, bms] = linkUsageAfter([{ kind: 'bms', counted: true }], linkUsage({ bms: 20 }));
    expect(bms).toEqual({ kind: 'bms', adding: 0, used: 20, limit: 20, refusal: null });
    expect(describeKindUsage(bms!)).toBe('Bare-metal servers: 20 of 20 used');
  });
});
