import { ErrorCode } from '@cloud-backup/domain';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A failure the caller can act on; the one error handler turns it into `{error:{code,message}}`. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError(404, ErrorCode.notFound, `${what} not found`);
export const conflict = (message: string, code: string = ErrorCode.conflict) => new AppError(409, code, message);
export const forbidden = (message = 'You do not have permission to do this in this folder') =>
  new AppError(403, ErrorCode.forbidden, message);
export const unauthenticated = (message = 'Sign in to continue') => new AppError(401, ErrorCode.unauthenticated, message);
