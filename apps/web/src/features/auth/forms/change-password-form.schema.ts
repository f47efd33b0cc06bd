import { ChangePasswordRequest } from '@cloud-backup/domain';
import { z } from 'zod';

/** The request plus a confirmation typed twice, so a typo does not lock the user out. */
export const ChangePasswordForm = ChangePasswordRequest.and(z.object({ confirmPassword: z.string() })).refine(
  (v) => v.newPassword === v.confirmPassword,
  { path: ['confirmPassword'], message: 'The passwords do not match' },
);
export type ChangePasswordForm = z.infer<typeof ChangePasswordForm>;

export const emptyChangePasswordForm: ChangePasswordForm = { currentPassword: '', newPassword: '', confirmPassword: '' };
