import { Hono } from 'hono';
import { ActivationRequest, Folder, FolderOverview, listOf } from '@cloud-backup/domain';
import { doc, validate } from '../lib/openapi-meta';
import { inFolder } from '../middleware/folder-access.middleware';
import { requireSession } from '../middleware/session.middleware';
import type { AppEnv } from '../app-env';

const actor = (user: { id: string; username: string }) => ({ type: 'user' as const, ...user });
export { actor };

export const foldersRoutes = new Hono<AppEnv>()
  .use('/folders', requireSession)
  .use('/folders/*', requireSession)
  .get('/folders', doc('folders', 'Folders the user can see', listOf(Folder)), (c) => {
    const { auth, folders } = c.var.services;
    const items = auth.me(c.var.user.id).folders.map((f) => folders.get(f.id));
    return c.json({ items });
  })
  .get('/folders/:folderId', doc('folders', 'One folder with its activation state', Folder), inFolder('folder.read', { requireActive: false }), (c) =>
    c.json(c.var.services.folders.get(c.req.param('folderId'))),
  )
  .get(
    '/folders/:folderId/overview',
    doc('folders', 'Activation state and protection summary', FolderOverview),
    inFolder('folder.read', { requireActive: false }),
    (c) => c.json(c.var.services.folders.overview(c.req.param('folderId'))),
  )
  .post(
    '/folders/:folderId/activation',
    doc('folders', 'Activate the service in a folder', Folder),
    inFolder('folder.activate', { requireActive: false }),
    validate('json', ActivationRequest),
    (c) => {
      const { createDefaultPolicies } = c.req.valid('json');
      return c.json(c.var.services.folders.activate(c.req.param('folderId'), createDefaultPolicies, actor(c.var.user)));
    },
  );
