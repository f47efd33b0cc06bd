import { Hono } from 'hono';
import { AuditPage, AuditQuery, GrantRoleRequest, Id, listOf, RoleGrant, UserDirectoryEntry } from '@cloud-backup/domain';
import { z } from 'zod';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import type { AppEnv } from '../app-env';
import { actor } from './folders.routes';

// Access and the audit log work before activation too: an admin sets up the team first.
const manage = () => inFolder('access.manage', { requireActive: false });

/** A folder's Access page (roles) and its audit log. */
export const accessRoutes = new Hono<AppEnv>()
  .get('/folders/:folderId/access', doc('access', 'Who holds which role in the folder', listOf(RoleGrant)), manage(), (c) =>
    c.json({ items: c.var.services.access.list(c.req.param('folderId')) }),
  )
  .put('/folders/:folderId/access', doc('access', "Grant a role, replacing the user's previous role in the folder", listOf(RoleGrant)), manage(), validate('json', GrantRoleRequest), (c) => {
    const { userId, role } = c.req.valid('json');
    return c.json({ items: c.var.services.access.grant(c.req.param('folderId'), userId, role, actor(c.var.user)) });
  })
  .delete(
    '/folders/:folderId/access/:userId',
    doc('access', "Revoke a user's role in the folder", listOf(RoleGrant)),
    manage(),
    validate('param', z.object({ folderId: Id, userId: Id })),
    (c) => {
      const { folderId, userId } = c.req.valid('param');
      return c.json({ items: c.var.services.access.revoke(folderId, userId, actor(c.var.user)) });
    },
  )
  .get('/folders/:folderId/access/users', doc('access', 'Active users who can be granted a role', listOf(UserDirectoryEntry)), manage(), (c) =>
    c.json({ items: c.var.services.users.directory() }),
  )
  .get(
    '/folders/:folderId/audit',
    doc('access', 'Audit log of the folder, newest first, filtered and paged', AuditPage),
    inFolder('audit.read', { requireActive: false }),
    validate('query', AuditQuery),
    (c) => c.json(c.var.services.audit.page({ folderId: c.req.param('folderId') }, c.req.valid('query'))),
  );
