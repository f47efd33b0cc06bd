import { z } from 'zod';
import { Id } from '../common/common.schema';

/** Live events pushed to the console over Server-Sent Events, per folder. */
export const FolderEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('folder.activated'), folderId: Id }),
  z.object({ type: z.literal('instance.registered'), folderId: Id, instanceId: Id, tokenId: Id }),
  z.object({ type: z.literal('instance.changed'), folderId: Id, instanceId: Id }),
  z.object({ type: z.literal('instance.removed'), folderId: Id, instanceId: Id }),
  z.object({ type: z.literal('policy.changed'), folderId: Id, policyId: Id }),
  z.object({ type: z.literal('backup.changed'), folderId: Id, backupId: Id, instanceId: Id }),
  z.object({ type: z.literal('operation.changed'), folderId: Id, operationId: Id }),
]);
export type FolderEvent = z.infer<typeof FolderEvent>;
