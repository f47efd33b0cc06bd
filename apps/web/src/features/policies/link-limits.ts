import { checkLinkLimit, type InstanceKind, type LinkUsage } from '@cloud-backup/domain';

/** An instance about to be linked; `counted` when it already has a policy, so it is within the use already. */
export interface LinkCandidate {
  kind: InstanceKind;
  counted: boolean;
}

export interface KindUsage {
  kind: InstanceKind;
  /** Selected instances that start counting against the limit. */
  adding: number;
  /** Use once the selection is linked. */
  used: number;
  limit: number;
  /** Why the selection cannot be linked, or null when it fits. */
  refusal: string | null;
}

const KINDS: readonly InstanceKind[] = ['vm', 'bms'];
const NOUN: Record<InstanceKind, [string, string]> = {
  vm: ['virtual machine', 'virtual machines'],
  bms: ['bare-metal server', 'bare-metal servers'],
};

/**
 * The link limits (SPEC §6) after linking `selected`, checked one instance at a time the way the server
 * checks them: an instance counts once it has at least one policy.
 */
export function linkUsageAfter(selected: readonly LinkCandidate[], usage: LinkUsage): KindUsage[] {
  return KINDS.map((kind) => {
    let used = usage.linked[kind];
    let adding = 0;
    let refusal: string | null = null;
    for (const candidate of selected) {
      if (candidate.kind !== kind) continue;
      const check = checkLinkLimit(kind, candidate.counted, used, usage.limits);
      if (!check.ok) refusal ??= check.message;
      if (!candidate.counted) {
        used += 1;
        adding += 1;
      }
    }
    return { kind, adding, used, limit: kind === 'vm' ? usage.limits.vmLinked : usage.limits.bmsLinked, refusal };
  });
}

/** "Linking 2 more virtual machines: 12 of 50 used", or the current use when nothing of the kind is added. */
export function describeKindUsage(u: KindUsage): string {
  const [one, many] = NOUN[u.kind];
  if (u.adding === 0) return `${many.charAt(0).toUpperCase()}${many.slice(1)}: ${u.used} of ${u.limit} used`;
  return `Linking ${u.adding} more ${u.adding === 1 ? one : many}: ${u.used} of ${u.limit} used`;
}
