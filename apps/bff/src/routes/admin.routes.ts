import { Hono } from 'hono';
import { AdminFolder, AuditPage, AuditQuery, CreateFolderRequest, CreateUserRequest, Folder, Id, listOf, ResetPasswordRequest, UpdateUserRequest, User } from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { requireInstallationAdmin, requireSession } from '../middleware/session.middleware';
import type { AppEnv } from '../app-env';
import { actor } from './folders.routes';

const UserParams = z.object({ userId: Id });

/** Installation-level administration: folders and user accounts (decision 010). */
export const adminRoutes = new Hono<AppEnv>()
  .use('/admin/*', requireSession, requireInstallationAdmin)
  .post(
    '/folders',
    doc('admin', 'Create a folder (installation admin); the creator becomes its backup.admin', Folder, 201),
    requireSession,
    requireInstallationAdmin,
    validate('json', CreateFolderRequest),
    (c) => c.json(c.var.services.folderAdmin.create(c.req.valid('json'), actor(c.var.user)), 201),
  )
  .get('/admin/folders', doc('admin', 'Every folder of the installation with its admins', listOf(AdminFolder)), (c) =>
    c.json({ items: c.var.services.folderAdmin.listAll() }),
  )
  .get('/admin/users', doc('admin', 'Every user account', listOf(User)), (c) => c.json({ items: c.var.services.users.list() }))
  .post('/admin/users', doc('admin', 'Create a user with an initial password they must change at first sign-in', User, 201), validate('json', CreateUserRequest), async (c) =>
    c.json(await c.var.services.users.create(c.req.valid('json'), actor(c.var.user)), 201),
  )
  .get('/admin/users/:userId', doc('admin', 'One user account', User), validate('param', UserParams), (c) =>
    c.json(c.var.services.users.get(c.req.valid('param').userId)),
  )
  .patch(
    '/admin/users/:userId',
    doc('admin', 'Disable or enable a user; disabling ends their sessions', User),
    validate('param', UserParams),
    validate('json', UpdateUserRequest),
    (c) => c.json(c.var.services.users.setDisabled(c.req.valid('param').userId, c.req.valid('json').disabled, actor(c.var.user))),
  )
  .post(
    '/admin/users/:userId/password',
    doc('admin', "Reset a user's password; their sessions end and they must change it at next sign-in", User),
    validate('param', UserParams),
    validate('json', ResetPasswordRequest),
    async (c) => c.json(await c.var.services.users.resetPassword(c.req.valid('param').userId, c.req.valid('json').newPassword, actor(c.var.user))),
  )
  .get('/admin/audit', doc('admin', 'Installation-level audit log: user administration, sign-ins, password changes', AuditPage), validate('query', AuditQuery), (c) =>
    c.json(c.var.services.audit.page({ installation: true }, c.req.valid('query'))),
  );
