import { AccessErrorCode, type AdminFolder, type CreateFolderRequest, type Folder } from '@cloud-backup/domain';
import { conflict } from '../lib/errors';
import { newId } from '../lib/ids';
import type { Clock } from '../lib/clock';
import type { FoldersRepository } from '../repositories/folders.repository';
import type { RoleBindingsRepository } from '../repositories/role-bindings.repository';
import type { Actor, AuditService } from './audit.service';
import { toFolderDto } from './folders.service';

/** Folders as the installation admin sees them: every folder, and creating new ones. */
export class FolderAdminService {
  constructor(
    private readonly folders: FoldersRepository,
    private readonly bindings: RoleBindingsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  listAll(): AdminFolder[] {
    return this.folders.listAll().map((row) => {
      const grants = this.bindings.listForFolder(row.id);
      return {
        ...toFolderDto(row),
        createdAt: row.createdAt.toISOString(),
        admins: grants.filter((g) => g.role === 'backup.admin').map((g) => g.username),
        members: grants.length,
      };
    });
  }

  /** A new, inactive folder; its creator becomes its first `backup.admin` so someone can manage its access. */
  create(req: CreateFolderRequest, actor: Actor & { type: 'user' }): Folder {
    const folder = this.folders.transaction(() => {
      if (this.folders.findByName(req.name)) throw conflict(`A folder named "${req.name}" already exists`, AccessErrorCode.folderNameTaken);
      const id = newId('fld');
      this.folders.insert({ id, name: req.name, createdAt: this.clock.now() });
      this.bindings.upsert(id, actor.id, 'backup.admin', { at: this.clock.now(), by: actor.username });
      return this.folders.findById(id)!;
    });
    this.audit.record(actor, { folderId: folder.id, action: 'folder.create', resourceType: 'folder', resourceId: folder.id, detail: { name: folder.name } });
    return toFolderDto(folder);
  }
}
