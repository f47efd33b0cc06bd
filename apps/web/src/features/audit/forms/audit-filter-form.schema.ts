import type { AuditQuery } from '@cloud-backup/domain';
import { z } from 'zod';

/** What the filter bar holds: blank means "any"; dates are whole days in the browser's time zone. */
export const AuditFilterForm = z
  .object({
    action: z
      .string()
      .trim()
      .max(64, 'At most 64 characters')
      .regex(/^[a-z_.]*$/, 'Lower-case letters, _ and . only'),
    actor: z.string().trim().max(64, 'At most 64 characters'),
    from: z.string(),
    to: z.string(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ['to'], message: 'Must not be before From' });
export type AuditFilterForm = z.infer<typeof AuditFilterForm>;

export const emptyAuditFilters: AuditFilterForm = { action: '', actor: '', from: '', to: '' };

export type AuditFilters = Pick<AuditQuery, 'action' | 'actor' | 'from' | 'to'>;

/** Turns the form's blanks and local days into the API's optional filters and ISO instants. */
export function toAuditFilters(form: AuditFilterForm): Partial<AuditFilters> {
  const filters: Partial<AuditFilters> = {};
  if (form.action) filters.action = form.action;
  if (form.actor) filters.actor = form.actor;
  if (form.from) filters.from = new Date(`${form.from}T00:00:00`).toISOString();
  if (form.to) filters.to = new Date(`${form.to}T23:59:59.999`).toISOString();
  return filters;
}
