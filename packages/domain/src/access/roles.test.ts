import { describe, expect, it } from 'vitest';
import { Action, can, PERMISSIONS, Role } from './roles';

describe('permission table (SPEC §5)', () => {
  it('every role reads the folder audit log (the auditor by name, the others because they build on it)', () => {
    for (const role of Role.options) expect(can(role, 'audit.read'), role).toBe(true);
  });

  it('auditor sees activation, policies, instances and quotas but not backups', () => {
    expect([...PERMISSIONS['backup.auditor']].sort()).toEqual(['audit.read', 'folder.read', 'instance.read', 'policy.read', 'quota.read']);
    expect(can('backup.auditor', 'backup.read')).toBe(false);
  });

  it('viewer adds backups; user adds connecting and linking but not backups', () => {
    expect(can('backup.viewer', 'backup.read')).toBe(true);
    expect(can('backup.viewer', 'policy.link')).toBe(false);
    expect(can('backup.user', 'instance.connect')).toBe(true);
    expect(can('backup.user', 'policy.link')).toBe(true);
    expect(can('backup.user', 'backup.read')).toBe(false);
    expect(can('backup.user', 'policy.write')).toBe(false);
  });

  it('editor may everything but access and notification management; admin may everything', () => {
    for (const action of Action.options) {
      expect(can('backup.editor', action)).toBe(action !== 'access.manage' && action !== 'notifications.manage');
      expect(can('backup.admin', action)).toBe(true);
    }
  });

  it('every stronger role holds every permission of the weaker ones it builds on', () => {
    const builds: [Role, Role][] = [
      ['backup.viewer', 'backup.auditor'],
      ['backup.user', 'backup.auditor'],
      ['backup.editor', 'backup.viewer'],
      ['backup.editor', 'backup.user'],
      ['backup.admin', 'backup.editor'],
    ];
    for (const [strong, weak] of builds) for (const a of PERMISSIONS[weak]) expect(can(strong, a), `${strong} ${a}`).toBe(true);
  });

  it('no role means no permission', () => {
    expect(can(undefined, 'folder.read')).toBe(false);
    expect(can(null, 'folder.read')).toBe(false);
  });
});
