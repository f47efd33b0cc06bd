import { z } from 'zod';
import { AgentRoot, Id, InstanceKind } from '@cloud-backup/domain';

export const AGENT_CONFIG_FILE = 'agent.json';

/** What `register` leaves in the data folder for `run`: the instance's identity and credential. */
export const AgentConfig = z.object({
  serverUrl: z.url(),
  instanceId: Id,
  folderId: Id,
  kind: InstanceKind,
  name: z.string(),
  credential: z.string().min(1),
  root: AgentRoot,
  heartbeatIntervalSeconds: z.number().positive(),
  registeredAt: z.iso.datetime(),
});
export type AgentConfig = z.infer<typeof AgentConfig>;
