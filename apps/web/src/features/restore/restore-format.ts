import { INSTANCE_KIND_LABEL, type CatalogItem, type Instance, type InstanceKind, type RestoreProgress } from '@cloud-backup/domain';
import { formatBytes, formatCount } from '../../lib/format';

export const ENTRY_TYPE_LABEL: Record<CatalogItem['type'], string> = { file: 'File', dir: 'Folder', symlink: 'Symbolic link' };

/** Size column: a folder shows the bytes under it and how many files make them up. */
export function formatEntrySize(item: Pick<CatalogItem, 'type' | 'size' | 'fileCount'>): string {
  if (item.type === 'symlink') return '—';
  if (item.type === 'dir') return item.fileCount === null ? formatBytes(item.size) : `${formatBytes(item.size)} · ${formatCount(item.fileCount)} ${item.fileCount === 1 ? 'file' : 'files'}`;
  return formatBytes(item.size);
}

const KIND_PLURAL: Record<InstanceKind, string> = { vm: 'virtual machines', bms: 'bare-metal servers' };

/** Why an instance cannot receive a restore of a backup taken from a `sourceKind` machine, or null when it can. */
export function targetRefusal(instance: Pick<Instance, 'kind' | 'status' | 'online'>, sourceKind: InstanceKind): string | null {
  if (instance.status === 'deleted') return 'Removed from the service';
  if (instance.status === 'failed_registration') return 'Its registration failed';
  if (instance.status !== 'registered') return 'Not registered yet';
  if (instance.kind !== sourceKind) {
    return `${INSTANCE_KIND_LABEL[instance.kind]}: a ${INSTANCE_KIND_LABEL[sourceKind].toLowerCase()} backup restores only to ${KIND_PLURAL[sourceKind]}`;
  }
  if (!instance.online) return 'Offline: its agent is not connected';
  return null;
}

const PHASE_LABEL: Record<RestoreProgress['phase'], string> = {
  preparing: 'Preparing the restore',
  restoring: 'Restoring files',
  finishing: 'Setting permissions and times',
  done: 'Finishing',
};

export function formatRestorePhase(phase: RestoreProgress['phase']): string {
  return PHASE_LABEL[phase];
}

/** Share done by bytes (files when there are no bytes to move), 0–100, or null before the totals are known. */
export function restorePercent(progress: RestoreProgress): number | null {
  if (progress.phase === 'done') return 100;
  if (progress.bytesTotal > 0) return Math.min(100, (progress.bytesDone / progress.bytesTotal) * 100);
  if (progress.filesTotal > 0) return Math.min(100, (progress.filesDone / progress.filesTotal) * 100);
  return progress.phase === 'preparing' ? null : 0;
}

export function formatOf(done: number, total: number, format: (n: number) => string = formatCount): string {
  return `${format(done)} of ${format(total)}`;
}
