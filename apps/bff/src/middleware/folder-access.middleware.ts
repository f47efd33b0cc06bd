import { can, Id, type Action } from '@cloud-backup/domain';
import { createMiddleware } from 'hono/factory';
import { AppError, forbidden } from '../lib/errors';
import { ErrorCode } from '@cloud-backup/domain';
import type { AppEnv } from '../app-env';

interface Options {
  /** Refuse with folder_not_active until the folder is activated (true for everything but activation itself). */
  requireActive?: boolean;
}

/**
 * The authorization gate of every folder route: the folder exists, the caller has a role in it that
 * allows `action`, and (by default) the folder is activated. Must run after `requireSession`.
 */
export function inFolder(action: Action, { requireActive = true }: Options = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const folderId = c.req.param('folderId');
    if (!folderId || !Id.safeParse(folderId).success) throw new AppError(400, ErrorCode.validation, 'Invalid folder id');
    const { auth, folders } = c.var.services;
    const folder = folders.row(folderId);
    const role = auth.roleIn(c.var.user.id, folder.id);
    if (!role) throw forbidden('You have no access to this folder');
    if (!can(role, action)) throw forbidden();
    if (requireActive) folders.assertActive(folder.id);
    c.set('role', role);
    await next();
  });
}
