import { z } from 'zod';
import { FolderLimits } from '../limits/limits';

/** One limit of SPEC §6 with the folder's use of it. `limit` null: a fixed limit nobody "uses up". */
export const QuotaLine = z.object({
  key: z.enum(['vmLinked', 'bmsLinked', 'storageBytes', 'policyNameChars', 'pageSize']),
  label: z.string(),
  used: z.number().int().nonnegative().nullable(),
  limit: z.number().int().nonnegative(),
  unit: z.enum(['count', 'bytes', 'chars', 'items']),
  /** Only vmLinked, bmsLinked and storageBytes can be changed (by an installation admin). */
  editable: z.boolean(),
});
export type QuotaLine = z.infer<typeof QuotaLine>;

/** `GET /folders/:folderId/quotas`. */
export const FolderQuotas = z.object({
  limits: FolderLimits,
  /** True when the folder uses the installation's defaults (no limits of its own). */
  defaults: z.boolean(),
  lines: z.array(QuotaLine),
});
export type FolderQuotas = z.infer<typeof FolderQuotas>;

/** `PUT /folders/:folderId/quotas` (installation admin): the folder's own limits. */
export const UpdateLimitsRequest = FolderLimits;
export type UpdateLimitsRequest = z.infer<typeof UpdateLimitsRequest>;

/** Quota use at or above this share of a limit notifies (`quota.nearly_reached`). */
export const QUOTA_WARNING_RATIO = 0.9;
export const PAGE_SIZE_MAX = 1000;
