import {
  checkLinkLimit,
  DEFAULT_LIMITS,
  ErrorCode,
  PAGE_SIZE_MAX,
  POLICY_NAME_MAX,
  type FolderLimits,
  type FolderQuotas,
  type InstanceKind,
  type QuotaLine,
} from '@cloud-backup/domain';
import { AppError, notFound } from '../lib/errors';
import type { FolderRow, FoldersRepository } from '../repositories/folders.repository';
import type { InstancesRepository } from '../repositories/instances.repository';
import type { RepositoryRegistry } from '../storage/repository-registry';
import type { Actor, AuditService } from './audit.service';

const KIND_WORDS: Record<InstanceKind, string> = { vm: 'virtual machines', bms: 'bare-metal servers' };

/** Decimal units, like the console shows sizes: 10 TB is 10·1000⁴ bytes (SPEC §6). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/**
 * A new instance of `kind` may register (or get a registration token) only while the folder has room to
 * link one more of that kind: otherwise it could never be protected.
 */
export function assertRoomToRegister(folders: FoldersRepository, instances: InstancesRepository, folderId: string, kind: InstanceKind): void {
  const limits = folders.findById(folderId)?.limits ?? DEFAULT_LIMITS;
  const linked = instances.countLinked(folderId, kind);
  if (checkLinkLimit(kind, false, linked, limits).ok) return;
  const limit = kind === 'vm' ? limits.vmLinked : limits.bmsLinked;
  throw new AppError(
    409,
    ErrorCode.quotaExceeded,
    `Quota reached: this folder already has ${linked} ${KIND_WORDS[kind]} linked to policies and its limit is ${limit}. Ask an administrator of the installation to raise the limit, or unlink one first.`,
  );
}

/** The folder's use of each limit of SPEC §6, and the checks that refuse what would pass one. */
export class QuotasService {
  constructor(
    private readonly folders: FoldersRepository,
    private readonly instances: InstancesRepository,
    private readonly registry: RepositoryRegistry,
    private readonly audit: AuditService,
  ) {}

  private row(folderId: string): FolderRow {
    const row = this.folders.findById(folderId);
    if (!row) throw notFound('Folder');
    return row;
  }

  limits(folderId: string): FolderLimits {
    return this.row(folderId).limits ?? DEFAULT_LIMITS;
  }

  /** The folder's stored bytes: the same figure as `folderBytes` of GET /folders/:folderId/storage. */
  async storageUsed(folderId: string): Promise<number> {
    return (await this.registry.open(folderId)).totalBytes();
  }

  async get(folderId: string): Promise<FolderQuotas> {
    const row = this.row(folderId);
    const limits = row.limits ?? DEFAULT_LIMITS;
    const lines: QuotaLine[] = [
      { key: 'vmLinked', label: 'Virtual machines linked to policies', used: this.instances.countLinked(folderId, 'vm'), limit: limits.vmLinked, unit: 'count', editable: true },
      { key: 'bmsLinked', label: 'Bare-metal servers linked to policies', used: this.instances.countLinked(folderId, 'bms'), limit: limits.bmsLinked, unit: 'count', editable: true },
      { key: 'storageBytes', label: 'Backup storage', used: await this.storageUsed(folderId), limit: limits.storageBytes, unit: 'bytes', editable: true },
      { key: 'policyNameChars', label: 'Policy name length', used: null, limit: POLICY_NAME_MAX, unit: 'chars', editable: false },
      { key: 'pageSize', label: 'Page size of any list', used: null, limit: PAGE_SIZE_MAX, unit: 'items', editable: false },
    ];
    return { limits, defaults: row.limits === null, lines };
  }

  async update(folderId: string, limits: FolderLimits, actor: Actor): Promise<FolderQuotas> {
    const before = this.limits(folderId);
    this.folders.setLimits(folderId, limits);
    this.audit.record(actor, { folderId, action: 'quota.changed', resourceType: 'folder', resourceId: folderId, detail: { before, after: limits } });
    return this.get(folderId);
  }

  assertRoomToRegister(folderId: string, kind: InstanceKind): void {
    assertRoomToRegister(this.folders, this.instances, folderId, kind);
  }

  /**
   * Refuses new data once the folder's stored bytes reached its storage limit. Checked per upload, so the
   * last upload admitted may pass the limit by up to one pack.
   */
  async assertRoomToStore(folderId: string): Promise<void> {
    const limit = this.limits(folderId).storageBytes;
    const used = await this.storageUsed(folderId);
    if (used < limit) return;
    const name = this.row(folderId).name;
    throw new AppError(
      507,
      ErrorCode.quotaExceeded,
      `Storage quota of folder ${name} reached (${formatBytes(used)} used of ${formatBytes(limit)}). Delete backups or ask an administrator of the installation to raise the limit, then run the backup again.`,
    );
  }
}
