import { z } from 'zod';
import { Role } from '../access/roles';
import { Id } from '../common/common.schema';

export const Username = z
  .string()
  .trim()
  .min(1, 'Enter your user name')
  .max(64, 'At most 64 characters')
  .regex(/^[A-Za-z0-9._@-]+$/, 'Letters, digits and . _ @ - only');
export const Password = z.string().min(1, 'Enter your password').max(256, 'At most 256 characters');

export const SignInRequest = z.object({ username: Username, password: Password });
export type SignInRequest = z.infer<typeof SignInRequest>;

export const FolderMembership = z.object({ id: Id, name: z.string(), role: Role });
export type FolderMembership = z.infer<typeof FolderMembership>;

export const Me = z.object({
  user: z.object({
    id: Id,
    username: z.string(),
    /** May create folders and users and reset passwords (decision 010). */
    installationAdmin: z.boolean(),
    /** Until the user picks a new password, every other route answers 403 `password_change_required`. */
    mustChangePassword: z.boolean(),
  }),
  folders: z.array(FolderMembership),
});
export type Me = z.infer<typeof Me>;
