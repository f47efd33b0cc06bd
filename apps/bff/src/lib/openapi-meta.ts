import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { ErrorCode } from '@cloud-backup/domain';
import { AppError } from './errors';

/** Route metadata carried on middleware functions, so the OpenAPI document is read off the app itself. */
export const OPENAPI_META = Symbol.for('cloud-backup.openapi');

export type InputTarget = 'json' | 'query' | 'param';
export interface InputMeta {
  kind: 'input';
  target: InputTarget;
  schema: z.ZodType;
}
export interface DocMeta {
  kind: 'doc';
  summary: string;
  tag: string;
  response?: z.ZodType;
  status?: number;
}
export type RouteMeta = InputMeta | DocMeta;

export function readMeta(handler: unknown): RouteMeta | undefined {
  if (typeof handler !== 'function') return undefined;
  return (handler as { [OPENAPI_META]?: RouteMeta })[OPENAPI_META];
}

interface IssueList {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

function issuesToFields(error: IssueList): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    fields[key] ??= issue.message;
  }
  return fields;
}

export function validationError(error: IssueList, where: string): AppError {
  const fields = issuesToFields(error);
  const first = Object.entries(fields)[0];
  const message = first ? `Invalid ${where}: ${first[0]}: ${first[1]}` : `Invalid ${where}`;
  return new AppError(400, ErrorCode.validation, message, fields);
}

const targetWords: Record<InputTarget, string> = { json: 'request body', query: 'query', param: 'path' };

/** zValidator with our error shape, plus the schema recorded for the OpenAPI document. */
export function validate<T extends z.ZodType, Target extends InputTarget>(target: Target, schema: T) {
  const mw = zValidator(target, schema, (result) => {
    if (!result.success) throw validationError(result.error, targetWords[target]);
  });
  const meta: InputMeta = { kind: 'input', target, schema };
  return Object.assign(mw, { [OPENAPI_META]: meta });
}

/** Documents a route: summary, tag and the success response schema. */
export function doc(tag: string, summary: string, response?: z.ZodType, status = 200): MiddlewareHandler {
  const mw: MiddlewareHandler = async (_c, next) => {
    await next();
  };
  const meta: DocMeta = { kind: 'doc', tag, summary, status, ...(response ? { response } : {}) };
  return Object.assign(mw, { [OPENAPI_META]: meta });
}
