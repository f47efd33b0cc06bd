import { z } from 'zod';
import { Id } from '../common/common.schema';
import { InstanceKind, InstanceMetadata } from '../instance/instance.schema';

export const AGENT_API_PREFIX = '/agent/v1';
export const AGENT_CREDENTIAL_HEADER = 'authorization';

export const AgentVersion = z.string().min(1).max(64);
export const AgentRoot = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/'), 'The root must be an absolute path');

export const RegisterRequest = z.object({
  token: z.string().min(1).max(256),
  agentVersion: AgentVersion,
  root: AgentRoot,
  metadata: InstanceMetadata,
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const RegisterResponse = z.object({
  instanceId: Id,
  folderId: Id,
  kind: InstanceKind,
  name: z.string(),
  /** The instance's own secret; sent as `Authorization: Bearer <credential>`. */
  credential: z.string(),
  heartbeatIntervalSeconds: z.number().positive(),
});
export type RegisterResponse = z.infer<typeof RegisterResponse>;

export const HeartbeatRequest = z.object({
  agentVersion: AgentVersion,
  /** A hash of the current metadata; the full metadata is sent only when it changed. */
  metadataHash: z.string().min(1).max(128),
  metadata: InstanceMetadata.optional(),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;

export const HeartbeatResponse = z.object({
  heartbeatIntervalSeconds: z.number().positive(),
  /** True when the server does not hold metadata with the sent hash: send it on the next beat. */
  metadataRequired: z.boolean(),
  /** True when a console user asked to rotate the agent's credential: call `POST /credential` for a new one. Absent from older servers. */
  rotateCredential: z.boolean().default(false),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

/**
 * `POST /agent/v1/credential`: a new credential for the calling instance. The old one stays valid until the
 * first request made with the new one, so an agent that could not save it loses nothing.
 */
export const CredentialRotationResponse = z.object({ credential: z.string() });
export type CredentialRotationResponse = z.infer<typeof CredentialRotationResponse>;

/** Process exit codes of the agent CLI, so scripts can tell failures apart. */
export const AgentExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  registrationRefused: 3,
  serverUnreachable: 4,
  instanceRemoved: 5,
} as const;
