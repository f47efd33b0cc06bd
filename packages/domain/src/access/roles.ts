import { z } from 'zod';

/** Roles in a folder, weakest first (SPEC §5). */
export const Role = z.enum(['backup.auditor', 'backup.viewer', 'backup.user', 'backup.editor', 'backup.admin']);
export type Role = z.infer<typeof Role>;

export const Action = z.enum([
  'folder.read',
  'folder.activate',
  'policy.read',
  'policy.write',
  'instance.read',
  'instance.connect',
  'instance.remove',
  'policy.link',
  'backup.read',
  'backup.run',
  'backup.delete',
  'restore.run',
  'quota.read',
  'access.manage',
  'audit.read',
  'operation.cancel',
  'notifications.manage',
]);
export type Action = z.infer<typeof Action>;

// The audit log is the auditor's reason to exist; every role builds on the auditor, so every role reads it.
const auditor: readonly Action[] = ['folder.read', 'policy.read', 'instance.read', 'quota.read', 'audit.read'];
const viewer: readonly Action[] = [...auditor, 'backup.read'];
const user: readonly Action[] = [...auditor, 'instance.connect', 'policy.link'];
const editor: readonly Action[] = [
  ...new Set<Action>([
    ...viewer,
    ...user,
    'folder.activate',
    'policy.write',
    'backup.run',
    'backup.delete',
    'restore.run',
    'instance.remove',
    'operation.cancel',
  ]),
];
// Webhook URLs and their signing secrets reach outside the installation: the folder's admin manages them.
const admin: readonly Action[] = [...editor, 'access.manage', 'notifications.manage'];

/** The one permission table: what each role may do in its folder. */
export const PERMISSIONS: Readonly<Record<Role, ReadonlySet<Action>>> = {
  'backup.auditor': new Set(auditor),
  'backup.viewer': new Set(viewer),
  'backup.user': new Set(user),
  'backup.editor': new Set(editor),
  'backup.admin': new Set(admin),
};

export function can(role: Role | null | undefined, action: Action): boolean {
  return role != null && PERMISSIONS[role].has(action);
}
