import { describe, expect, it } from 'vitest';
import { RestoreForm, restoreFormDefaults, toRestoreRequest } from './restore-form.schema';

describe('restore form', () => {
  it('defaults to the original location, overwriting older files only', () => {
    expect(restoreFormDefaults('ins_1')).toEqual({ targetInstanceId: 'ins_1', locationKind: 'original', customPath: '', overwrite: 'older' });
  });

  it('needs a target and, for a custom location, a chosen folder', () => {
    const errors = (values: Parameters<typeof RestoreForm.safeParse>[0]) => RestoreForm.safeParse(values).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(errors({ ...restoreFormDefaults(''), overwrite: 'older' })).toEqual([['targetInstanceId', 'Choose the instance to restore to']]);
    expect(errors({ ...restoreFormDefaults('ins_1'), locationKind: 'custom' })).toEqual([['customPath', 'Choose a folder on the target, then select “Use this folder”']]);
    expect(errors({ ...restoreFormDefaults('ins_1'), locationKind: 'custom', customPath: '/srv/../etc' })?.[0]?.[0]).toBe('customPath');
    expect(errors({ ...restoreFormDefaults('ins_1'), locationKind: 'custom', customPath: '/srv' })).toBeUndefined();
  });

  it('shapes the API request; a whole-instance restore always goes to the original location', () => {
    const custom = { ...restoreFormDefaults('ins_2'), locationKind: 'custom' as const, customPath: '/srv', overwrite: 'none' as const };
    expect(toRestoreRequest(custom, { kind: 'items', paths: ['/a'] }).data).toEqual({
      targetInstanceId: 'ins_2',
      scope: { kind: 'items', paths: ['/a'] },
      location: { kind: 'custom', path: '/srv' },
      overwrite: 'none',
    });
    expect(toRestoreRequest(custom, { kind: 'whole' }).data?.location).toEqual({ kind: 'original' });
    expect(toRestoreRequest(custom, { kind: 'items', paths: [] }).success).toBe(false);
  });
});
