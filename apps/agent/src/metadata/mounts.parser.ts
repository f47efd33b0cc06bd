export interface MountEntry {
  device: string;
  mountPoint: string;
  fsType: string;
}

/**
 * Kernel-internal file systems: nothing a user would back up lives there. tmpfs is left out because
 * its content vanishes at reboot; overlay stays because it is the root of every container.
 */
export const PSEUDO_FS_TYPES: ReadonlySet<string> = new Set([
  'proc', 'sysfs', 'cgroup', 'cgroup2', 'devpts', 'devtmpfs', 'tmpfs', 'ramfs', 'mqueue', 'debugfs', 'tracefs',
  'securityfs', 'pstore', 'bpf', 'configfs', 'fusectl', 'hugetlbfs', 'autofs', 'binfmt_misc', 'nsfs', 'efivarfs',
  'selinuxfs', 'rpc_pipefs', 'nfsd', 'fuse.gvfsd-fuse', 'fuse.portal', 'fuse.lxcfs',
]);

/** /proc/mounts escapes space, tab, newline and backslash as three-digit octal (`\040`). */
export function decodeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/**
 * Parses /proc/mounts (fstab(5) layout), drops pseudo file systems and keeps only the last mount of
 * each mount point, because a later mount hides the earlier one.
 */
export function parseMounts(text: string): MountEntry[] {
  const byMountPoint = new Map<string, MountEntry>();
  for (const line of text.split('\n')) {
    const [device, mountPoint, fsType] = line.trim().split(/\s+/);
    if (device === undefined || mountPoint === undefined || fsType === undefined) continue;
    if (PSEUDO_FS_TYPES.has(fsType)) continue;
    const entry = { device: decodeMountField(device), mountPoint: decodeMountField(mountPoint), fsType };
    byMountPoint.delete(entry.mountPoint);
    byMountPoint.set(entry.mountPoint, entry);
  }
  return [...byMountPoint.values()];
}
