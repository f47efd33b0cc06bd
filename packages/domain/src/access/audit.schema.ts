import { z } from 'zod';
import { IsoDateTime } from '../common/common.schema';

export const AuditActorType = z.enum(['user', 'agent', 'system']);
export type AuditActorType = z.infer<typeof AuditActorType>;

export const AuditActor = z.object({
  type: AuditActorType,
  /** User id or instance id; null for the system (scheduler, retention). */
  id: z.string().nullable(),
  /** User name or instance name, when still known. */
  name: z.string().nullable(),
});
export type AuditActor = z.infer<typeof AuditActor>;

/** Who did what to which resource and when (SPEC §5). Append-only: the API never changes one. */
export const AuditEvent = z.object({
  id: z.number().int(),
  at: IsoDateTime,
  actor: AuditActor,
  /** `<resource>.<verb>`, e.g. `policy.update`, `auth.sign_in`, `access.grant`. */
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const MAX_AUDIT_PAGE = 500;

export const AuditQuery = z
  .object({
    /** An exact action (`policy.update`) or a resource prefix (`policy` matches every `policy.*`). */
    action: z.string().trim().min(1).max(64).regex(/^[a-z_.]+$/, 'Lower-case letters, _ and . only').optional(),
    /** A user name, an instance name, or an actor id. */
    actor: z.string().trim().min(1).max(64).optional(),
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), { path: ['to'], message: 'Must not be before from' });
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({ items: z.array(AuditEvent), total: z.number().int() });
export type AuditPage = z.infer<typeof AuditPage>;
