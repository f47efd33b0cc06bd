import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';
import { FolderLimits } from '../limits/limits';
import { PolicyName, PolicySettings, Retention } from './policy.schema';

/** Create or edit a policy: every setting of SPEC §3, validated by the same schema in the form and the API. */
export const PolicyInput = z.object({
  name: PolicyName,
  enabled: z.boolean(),
  settings: PolicySettings,
});
export type PolicyInput = z.infer<typeof PolicyInput>;

/**
 * Settings fixed after creation (SPEC §3): the scheme's kind, the schedule's kind and the compression.
 * Returns field path → message for each one `next` changes, so the API can answer 400 naming the field.
 */
export function fixedSettingChanges(current: PolicySettings, next: PolicySettings): Record<string, string> {
  const out: Record<string, string> = {};
  if (current.scheme.type !== next.scheme.type) out['settings.scheme.type'] = 'The backup scheme cannot be changed after the policy is created';
  if (current.schedule.kind !== next.schedule.kind) out['settings.schedule.kind'] = 'The schedule kind (fixed or interval) cannot be changed after the policy is created';
  if (current.compression !== next.compression) out['settings.compression'] = 'Compression cannot be changed after the policy is created';
  return out;
}

export const RetentionPreviewRequest = z.object({ retention: Retention });
export type RetentionPreviewRequest = z.infer<typeof RetentionPreviewRequest>;
/** For each linked instance: which of its existing backups under this policy the rules would delete now. */
export const RetentionPreview = z.object({
  instances: z.array(
    z.object({
      instanceId: Id,
      instanceName: z.string(),
      archiveId: Id.nullable(),
      backupCount: z.number().int().nonnegative(),
      delete: z.array(z.object({ backupId: Id, startedAt: IsoDateTime, reason: z.string() })),
    }),
  ),
});
export type RetentionPreview = z.infer<typeof RetentionPreview>;

export const LinkInstancesRequest = z.object({ instanceIds: z.array(Id).min(1, 'Pick at least one instance').max(1000) });
export type LinkInstancesRequest = z.infer<typeof LinkInstancesRequest>;
export const LinkPoliciesRequest = z.object({ policyIds: z.array(Id).min(1, 'Pick at least one policy').max(1000) });
export type LinkPoliciesRequest = z.infer<typeof LinkPoliciesRequest>;

/** Use against the link limits of SPEC §6, for the console to warn before submitting. */
export const LinkUsage = z.object({
  limits: FolderLimits,
  linked: z.object({ vm: z.number().int().nonnegative(), bms: z.number().int().nonnegative() }),
});
export type LinkUsage = z.infer<typeof LinkUsage>;
