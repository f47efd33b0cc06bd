import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';
import { Username } from '../auth/auth.schema';

/** New passwords (initial, reset, changed): long enough to resist guessing; the KDF does the rest. */
export const MIN_PASSWORD_LENGTH = 12;
export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `At least ${MIN_PASSWORD_LENGTH} characters`)
  .max(256, 'At most 256 characters');

/** A user account as installation admins see it (never the password hash). */
export const User = z.object({
  id: Id,
  username: z.string(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  installationAdmin: z.boolean(),
  createdAt: IsoDateTime,
});
export type User = z.infer<typeof User>;

export const CreateUserRequest = z.object({ username: Username, initialPassword: NewPassword });
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** Disable or enable an account; disabling ends its sessions at once. */
export const UpdateUserRequest = z.object({ disabled: z.boolean() });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

/** An installation admin sets a new initial password; the user must change it at the next sign-in. */
export const ResetPasswordRequest = z.object({ newPassword: NewPassword });
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequest>;

export const ChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1, 'Enter your current password').max(256, 'At most 256 characters'), newPassword: NewPassword })
  .refine((r) => r.currentPassword !== r.newPassword, { path: ['newPassword'], message: 'Choose a password different from the current one' });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** Who may be granted a role: active users by name (the Access page's picker). */
export const UserDirectoryEntry = z.object({ id: Id, username: z.string() });
export type UserDirectoryEntry = z.infer<typeof UserDirectoryEntry>;
