import path from 'node:path/posix';
import { ErrorCode, type AgentRequestResult, type CreatedTargetFolder, type CreateTargetFolderRequest, type TargetListing } from '@cloud-backup/domain';
import { AppError, conflict, notFound } from '../lib/errors';
import type { InstanceRow, InstancesRepository } from '../repositories/instances.repository';
import type { AgentRequestsService } from './agent-requests.service';
import type { Actor, AuditService } from './audit.service';
import type { InstancesService } from './instances.service';

const STATUS: Record<Extract<AgentRequestResult, { ok: false }>['code'], 400 | 404 | 409 | 502> = {
  not_found: 404,
  not_a_directory: 409,
  exists: 409,
  refused: 400,
  failed: 502,
};

/** The console browses a restore target's own files (and creates folders there) through its agent. */
export class TargetFilesService {
  constructor(
    private readonly instancesRepo: InstancesRepository,
    private readonly instances: InstancesService,
    private readonly requests: AgentRequestsService,
    private readonly audit: AuditService,
  ) {}

  private connected(folderId: string, instanceId: string): InstanceRow {
    const row = this.instancesRepo.find(folderId, instanceId);
    if (!row) throw notFound('Instance');
    if (row.status !== 'registered') throw conflict(`${row.name} was removed from the service`);
    if (!this.instances.isOnline(row)) throw conflict(`${row.name} is offline: its agent must be connected to browse its files`, 'instance_offline');
    return row;
  }

  private static unwrap(result: AgentRequestResult): Extract<AgentRequestResult, { ok: true }> {
    if (result.ok) return result;
    throw new AppError(STATUS[result.code], result.code, result.message);
  }

  async list(folderId: string, instanceId: string, dir: string): Promise<TargetListing> {
    const row = this.connected(folderId, instanceId);
    const answer = TargetFilesService.unwrap(await this.requests.ask(row.id, { kind: 'list_dir', path: dir }));
    if (!answer.listing) throw new AppError(502, ErrorCode.internal, 'The agent answered without a listing');
    return answer.listing;
  }

  async createFolder(folderId: string, instanceId: string, req: CreateTargetFolderRequest, actor: Actor): Promise<CreatedTargetFolder> {
    const row = this.connected(folderId, instanceId);
    const target = path.join(req.parent, req.name);
    const answer = TargetFilesService.unwrap(await this.requests.ask(row.id, { kind: 'make_dir', path: target }));
    this.audit.record(actor, { folderId, action: 'instance.folder_create', resourceType: 'instance', resourceId: row.id, detail: { path: target } });
    return answer.created ?? { path: target };
  }
}
