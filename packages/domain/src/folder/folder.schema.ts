import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';

export const Folder = z.object({
  id: Id,
  name: z.string(),
  activated: z.boolean(),
  activatedAt: IsoDateTime.nullable(),
});
export type Folder = z.infer<typeof Folder>;

export const ActivationRequest = z.object({
  /** When false, the three default policies are not created. */
  createDefaultPolicies: z.boolean().default(true),
});
export type ActivationRequest = z.infer<typeof ActivationRequest>;

export const FolderOverview = z.object({
  folder: Folder,
  instances: z.object({
    vm: z.number().int(),
    bms: z.number().int(),
    online: z.number().int(),
    offline: z.number().int(),
    protected: z.number().int(),
    unprotected: z.number().int(),
  }),
  policies: z.number().int(),
});
export type FolderOverview = z.infer<typeof FolderOverview>;
