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
  /**
   * With an https:// server: the SHA-256 fingerprint of the certificate pinned at registration (given with
   * --fingerprint, or the CA-verified one seen then). Every connection refuses any other certificate.
   * Absent in registrations made before pinning existed; null over http://.
   */
  tlsFingerprint: z.string().nullable().optional(),
});
export type AgentConfig = z.infer<typeof AgentConfig>;
