import { z } from 'zod';

/** Every error the API returns has this shape; the console shows `message`. */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** Field-level details for validation errors: path → message. */
    fields: z.record(z.string(), z.string()).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

export const ErrorCode = {
  validation: 'validation_failed',
  notFound: 'not_found',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  csrf: 'csrf_failed',
  badRequest: 'bad_request',
  invalidCredentials: 'invalid_credentials',
  tooManyAttempts: 'too_many_attempts',
  folderNotActive: 'folder_not_active',
  folderAlreadyActive: 'folder_already_active',
  conflict: 'conflict',
  limitExceeded: 'limit_exceeded',
  /** Registering or storing would pass one of the folder's quotas (SPEC §6). */
  quotaExceeded: 'quota_exceeded',
  instanceRemoved: 'instance_removed',
  invalidAgentCredential: 'invalid_agent_credential',
  registrationTokenUnknown: 'registration_token_unknown',
  registrationTokenUsed: 'registration_token_used',
  registrationTokenExpired: 'registration_token_expired',
  payloadTooLarge: 'payload_too_large',
  internal: 'internal_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Ids are opaque strings with a type prefix (`ins_…`, `pol_…`); `default` is the first folder's id. */
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must contain only letters, digits, _ and -');
export const IsoDateTime = z.iso.datetime();

export const MAX_PAGE_SIZE = 1000;

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item) });
}
