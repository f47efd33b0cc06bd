import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';

export const InstanceKind = z.enum(['vm', 'bms']);
export type InstanceKind = z.infer<typeof InstanceKind>;
export const INSTANCE_KIND_LABEL: Record<InstanceKind, string> = { vm: 'Virtual machine', bms: 'Bare-metal server' };

const text = (max = 512) => z.string().max(max);

/** What the agent reads from the real machine (SPEC §2). */
export const InstanceMetadata = z.object({
  hostname: text(255),
  os: z.object({ name: text(), version: text(), prettyName: text() }),
  kernel: z.object({ release: text(), version: text() }),
  arch: text(64),
  ipAddresses: z.array(text(64)).max(256),
  interfaces: z
    .array(z.object({ name: text(64), mac: text(64), addresses: z.array(text(64)).max(64) }))
    .max(256),
  memoryBytes: z.number().int().nonnegative(),
  cpu: z.object({
    model: text(),
    frequencyMhz: z.number().nonnegative(),
    cores: z.number().int().nonnegative(),
    type: z.enum(['physical', 'virtual']),
  }),
  virtualization: z.object({
    /** True when the machine runs under a hypervisor (hardware VM) or in a container. */
    isVirtual: z.boolean(),
    /** Detected technology such as `kvm`, `vmware`, `docker`; `none` on bare metal. */
    type: text(64),
  }),
  mounts: z
    .array(
      z.object({
        mountPoint: text(4096),
        device: text(4096),
        fsType: text(64),
        totalBytes: z.number().int().nonnegative(),
        freeBytes: z.number().int().nonnegative(),
      }),
    )
    .max(1024),
  disks: z
    .array(z.object({ name: text(255), sizeBytes: z.number().int().nonnegative(), model: text(), rotational: z.boolean().nullable() }))
    .max(1024),
});
export type InstanceMetadata = z.infer<typeof InstanceMetadata>;

/** The metadata list shown to users before they connect a machine (SPEC §2). */
export const REPORTED_METADATA: readonly { label: string; detail: string }[] = [
  { label: 'Host name', detail: 'the machine’s network name' },
  { label: 'Operating system', detail: 'name and version' },
  { label: 'Kernel', detail: 'kernel release and build' },
  { label: 'Internal IP addresses', detail: 'every non-loopback address' },
  { label: 'Network interfaces', detail: 'MAC address of each interface' },
  { label: 'Memory', detail: 'total RAM' },
  { label: 'CPU', detail: 'model, frequency, core count, physical or virtual' },
  { label: 'Virtualization', detail: 'detected hardware virtualization or container, none on bare metal' },
  { label: 'Mount points', detail: 'file system, size and free space' },
  { label: 'Disks', detail: 'block devices with size and model' },
];

export const InstanceStatus = z.enum(['registering', 'registered', 'failed_registration', 'deleted']);
export type InstanceStatus = z.infer<typeof InstanceStatus>;
export const InstanceActivity = z.enum(['idle', 'backing_up', 'restoring', 'failed']);
export type InstanceActivity = z.infer<typeof InstanceActivity>;
export const ConnectionStatus = z.enum(['ok', 'no_policies', 'failed']);
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const PolicyRef = z.object({ id: Id, name: z.string() });

export const Instance = z.object({
  id: Id,
  folderId: Id,
  kind: InstanceKind,
  name: z.string(),
  status: InstanceStatus,
  online: z.boolean(),
  connection: ConnectionStatus,
  activity: InstanceActivity,
  activityDetail: z.string().nullable(),
  progressPercent: z.number().min(0).max(100).nullable(),
  agentVersion: z.string().nullable(),
  root: z.string().nullable(),
  metadata: InstanceMetadata.nullable(),
  registeredAt: IsoDateTime,
  lastSeenAt: IsoDateTime.nullable(),
  lastBackupAt: IsoDateTime.nullable(),
  nextBackupAt: IsoDateTime.nullable(),
  policies: z.array(PolicyRef),
  /** The agent's credential: when it was last rotated, and whether a rotation waits for the agent. */
  credentialRotatedAt: IsoDateTime.nullable(),
  credentialRotationPending: z.boolean(),
});
export type Instance = z.infer<typeof Instance>;

export const InstanceListQuery = z.object({ kind: InstanceKind.optional() });
export type InstanceListQuery = z.infer<typeof InstanceListQuery>;

/**
 * Console connection status (SPEC §2): failed when offline or registration failed,
 * no_policies when online without a linked policy, ok otherwise.
 */
export function connectionStatus(i: { status: InstanceStatus; online: boolean; policyCount: number }): ConnectionStatus {
  if (i.status !== 'registered' || !i.online) return 'failed';
  return i.policyCount > 0 ? 'ok' : 'no_policies';
}

/** An instance is online while its last heartbeat is within the missed-heartbeat window. */
export function isOnline(lastSeenAt: Date | null, now: Date, offlineAfterMs: number): boolean {
  return lastSeenAt !== null && now.getTime() - lastSeenAt.getTime() <= offlineAfterMs;
}
