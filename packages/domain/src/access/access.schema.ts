import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';
import { Role } from './roles';

/** One user's role in one folder (the folder's Access page). */
export const RoleGrant = z.object({
  userId: Id,
  username: z.string(),
  role: Role,
  /** Null for grants made before grant times were recorded. */
  grantedAt: IsoDateTime.nullable(),
  grantedBy: z.string().nullable(),
});
export type RoleGrant = z.infer<typeof RoleGrant>;

/** Grants a role, or replaces the user's role in the folder (one role per user and folder). */
export const GrantRoleRequest = z.object({ userId: Id, role: Role });
export type GrantRoleRequest = z.infer<typeof GrantRoleRequest>;

/** Error codes of users, roles and sessions (beside the common ErrorCode). */
export const AccessErrorCode = {
  /** The user must change their initial or reset password before anything else. */
  passwordChangeRequired: 'password_change_required',
  /** The current password given to a password change is wrong. */
  wrongPassword: 'wrong_password',
  /** The change would leave a folder without a `backup.admin`. */
  lastFolderAdmin: 'last_folder_admin',
  /** An installation admin cannot disable their own account. */
  selfLockout: 'self_lockout',
  usernameTaken: 'username_taken',
  folderNameTaken: 'folder_name_taken',
} as const;
