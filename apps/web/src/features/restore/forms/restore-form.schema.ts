import { BackupPath, OverwriteMode, RestoreRequest } from '@cloud-backup/domain';
import { z } from 'zod';

export type RestoreScope = RestoreRequest['scope'];

/** The restore wizard's fields, flat so each step validates its own; `toRestoreRequest` shapes them for the API. */
export const RestoreForm = z
  .object({
    targetInstanceId: z.string().min(1, 'Choose the instance to restore to'),
    locationKind: z.enum(['original', 'custom']),
    customPath: z.string(),
    overwrite: OverwriteMode,
  })
  .superRefine((values, ctx) => {
    if (values.locationKind !== 'custom') return;
    if (!values.customPath) {
      ctx.addIssue({ code: 'custom', path: ['customPath'], message: 'Choose a folder on the target, then select “Use this folder”' });
      return;
    }
    const path = BackupPath.safeParse(values.customPath);
    if (!path.success) ctx.addIssue({ code: 'custom', path: ['customPath'], message: path.error.issues[0]?.message ?? 'Not a valid folder' });
  });
export type RestoreFormValues = z.infer<typeof RestoreForm>;

export const RESTORE_STEPS = ['Target instance', 'Location', 'Overwrite', 'Summary'] as const;

/** The fields each step checks before Next. */
export const STEP_FIELDS: readonly (readonly (keyof RestoreFormValues)[])[] = [['targetInstanceId'], ['locationKind', 'customPath'], ['overwrite'], []];

export function restoreFormDefaults(targetInstanceId: string): RestoreFormValues {
  return { targetInstanceId, locationKind: 'original', customPath: '', overwrite: 'older' };
}

/** The request body, checked against the API's own schema so a bad one never leaves the browser. */
export function toRestoreRequest(values: RestoreFormValues, scope: RestoreScope) {
  return RestoreRequest.safeParse({
    targetInstanceId: values.targetInstanceId,
    scope,
    location: values.locationKind === 'custom' && scope.kind === 'items' ? { kind: 'custom', path: values.customPath } : { kind: 'original' },
    overwrite: values.overwrite,
  });
}
