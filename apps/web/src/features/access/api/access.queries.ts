import { RoleGrant, UserDirectoryEntry } from '@cloud-backup/domain';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet, apiPath } from '../../../lib/api-client';
import { folderKeys } from '../../folders/api/folders.queries';

export const GrantList = z.object({ items: z.array(RoleGrant) });
export const UserDirectory = z.object({ items: z.array(UserDirectoryEntry) });

export const accessKeys = {
  all: (folderId: string) => [...folderKeys.scope(folderId), 'access'] as const,
  grants: (folderId: string) => [...accessKeys.all(folderId), 'grants'] as const,
  users: (folderId: string) => [...accessKeys.all(folderId), 'users'] as const,
};

export const folderGrantsQuery = (folderId: string) =>
  queryOptions({
    queryKey: accessKeys.grants(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/access`, GrantList, signal),
    select: (list) => list.items,
  });

/** Active users the folder's admins may grant a role to. */
export const grantableUsersQuery = (folderId: string) =>
  queryOptions({
    queryKey: accessKeys.users(folderId),
    queryFn: ({ signal }) => apiGet(apiPath`/folders/${folderId}/access/users`, UserDirectory, signal),
    select: (list) => list.items,
  });
