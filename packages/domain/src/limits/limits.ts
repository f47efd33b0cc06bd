import { z } from 'zod';
import type { InstanceKind } from '../instance/instance.schema';

export const FolderLimits = z.object({
  vmLinked: z.number().int().min(0),
  bmsLinked: z.number().int().min(0),
  storageBytes: z.number().int().min(0),
});
export type FolderLimits = z.infer<typeof FolderLimits>;

/** SPEC §6 defaults. */
export const DEFAULT_LIMITS: FolderLimits = {
  vmLinked: 50,
  bmsLinked: 20,
  storageBytes: 10 * 1000 ** 4,
};

/**
 * May one more instance of `kind` become linked? An instance counts once it is linked to at least
 * one policy, so linking an already-linked instance never passes a limit.
 */
export function checkLinkLimit(
  kind: InstanceKind,
  alreadyLinked: boolean,
  linkedCount: number,
  limits: FolderLimits,
): { ok: true } | { ok: false; message: string } {
  if (alreadyLinked) return { ok: true };
  const limit = kind === 'vm' ? limits.vmLinked : limits.bmsLinked;
  if (linkedCount + 1 <= limit) return { ok: true };
  const what = kind === 'vm' ? 'virtual machines' : 'bare-metal servers';
  return { ok: false, message: `Limit reached: at most ${limit} ${what} may be linked to policies in this folder` };
}
