import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';

export const Folder = z.object({
  id: Id,
  name: z.string(),
  activated: z.boolean(),
  activatedAt: IsoDateTime.nullable(),
});
export type Folder = z.infer<typeof Folder>;

export const FolderName = z
  .string()
  .trim()
  .min(1, 'Enter a folder name')
  .max(64, 'At most 64 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'Letters, digits, spaces and . _ - only, starting with a letter or digit');

/** An installation admin creates a folder; they become its first `backup.admin`. */
export const CreateFolderRequest = z.object({ name: FolderName });
export type CreateFolderRequest = z.infer<typeof CreateFolderRequest>;

/** Every folder of the installation, as installation admins see it, with who administers it. */
export const AdminFolder = Folder.extend({
  createdAt: IsoDateTime,
  admins: z.array(z.string()),
  members: z.number().int(),
});
export type AdminFolder = z.infer<typeof AdminFolder>;

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
