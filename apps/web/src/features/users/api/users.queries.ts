import { User } from '@cloud-backup/domain';
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet } from '../../../lib/api-client';

export const UserList = z.object({ items: z.array(User) });

export const userKeys = {
  all: ['admin', 'users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

/** Every account, for installation admins (decision 010). */
export const usersQuery = () =>
  queryOptions({
    queryKey: userKeys.list(),
    queryFn: ({ signal }) => apiGet('/admin/users', UserList, signal),
    select: (list) => list.items,
  });
