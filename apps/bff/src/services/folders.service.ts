import { defaultPolicies, ErrorCode, type Folder, type FolderOverview } from '@cloud-backup/domain';
import { AppError, conflict, notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../events/event-bus';
import type { FolderRow, FoldersRepository } from '../repositories/folders.repository';
import type { PoliciesRepository } from '../repositories/policies.repository';
import type { Actor, AuditService } from './audit.service';
import type { InstancesService } from './instances.service';
import { DEFAULT_FOLDER_ID } from './auth.service';

export function toFolderDto(row: FolderRow): Folder {
  return { id: row.id, name: row.name, activated: row.activatedAt !== null, activatedAt: row.activatedAt?.toISOString() ?? null };
}

export class FoldersService {
  constructor(
    private readonly folders: FoldersRepository,
    private readonly policies: PoliciesRepository,
    private readonly instances: InstancesService,
    private readonly audit: AuditService,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  ensureDefaultFolder(): void {
    this.folders.insertIfMissing({ id: DEFAULT_FOLDER_ID, name: 'default', createdAt: this.clock.now() });
  }

  row(folderId: string): FolderRow {
    const row = this.folders.findById(folderId);
    if (!row) throw notFound('Folder');
    return row;
  }

  get(folderId: string): Folder {
    return toFolderDto(this.row(folderId));
  }

  /** Refuses any work in a folder that was never activated, with a message the console shows. */
  assertActive(folderId: string): void {
    if (this.row(folderId).activatedAt === null) {
      throw new AppError(409, ErrorCode.folderNotActive, 'Cloud Backup is not activated in this folder yet. Activate it on the Overview page first.');
    }
  }

  activate(folderId: string, createDefaultPolicies: boolean, actor: Actor): Folder {
    const folder = this.folders.transaction(() => {
      const row = this.row(folderId);
      if (row.activatedAt !== null) throw conflict('Cloud Backup is already active in this folder', ErrorCode.folderAlreadyActive);
      const now = this.clock.now();
      this.folders.setActivated(folderId, now);
      if (createDefaultPolicies) {
        for (const p of defaultPolicies()) {
          this.policies.insert({ id: newId('pol'), folderId, name: p.name, enabled: true, settings: p.settings, createdAt: now, updatedAt: now });
        }
      }
      return this.get(folderId);
    });
    this.audit.record(actor, { folderId, action: 'folder.activate', resourceType: 'folder', resourceId: folderId, detail: { createDefaultPolicies } });
    this.events.publish({ type: 'folder.activated', folderId });
    return folder;
  }

  overview(folderId: string): FolderOverview {
    const folder = this.get(folderId);
    const list = folder.activated ? this.instances.list(folderId) : [];
    const count = (pred: (i: (typeof list)[number]) => boolean) => list.filter(pred).length;
    return {
      folder,
      instances: {
        vm: count((i) => i.kind === 'vm'),
        bms: count((i) => i.kind === 'bms'),
        online: count((i) => i.online),
        offline: count((i) => !i.online),
        protected: count((i) => i.policies.length > 0),
        unprotected: count((i) => i.policies.length === 0),
      },
      policies: this.policies.countInFolder(folderId),
    };
  }
}
