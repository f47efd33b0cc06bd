/** Everything the classifier looks at, gathered by the reader so this stays a pure function. */
export interface VirtualizationEvidence {
  /** Trimmed stdout of `systemd-detect-virt`, or null when the tool is missing or failed to answer. */
  detectVirtOutput: string | null;
  cpuHasHypervisorFlag: boolean;
  dmiSysVendor: string | null;
  dmiProductName: string | null;
  hasDockerEnvFile: boolean;
  hasContainerEnvFile: boolean;
  /** Content of /run/systemd/container, written by nspawn, podman and others. */
  systemdContainer: string | null;
  /** Content of /proc/1/cgroup. */
  initCgroup: string | null;
}

export type VirtualizationKind = 'none' | 'vm' | 'container';

export interface Virtualization {
  isVirtual: boolean;
  /** Vocabulary of systemd-detect-virt, so the fallback reports the same names as the tool. */
  type: string;
  kind: VirtualizationKind;
}

const NONE: Virtualization = { isVirtual: false, type: 'none', kind: 'none' };

// The container names systemd-detect-virt can print (systemd-detect-virt(1)); everything else it prints is a VM.
const CONTAINER_TYPES = new Set([
  'openvz', 'lxc', 'lxc-libvirt', 'systemd-nspawn', 'docker', 'podman', 'rkt', 'wsl', 'proot', 'pouch', 'container-other',
]);

// Ordered: more specific vendor strings first (a KVM guest often says "QEMU" as vendor and "KVM" as product).
const DMI_SIGNATURES: readonly [RegExp, string][] = [
  [/\bKVM\b/i, 'kvm'],
  [/OpenStack/i, 'kvm'],
  [/Amazon EC2/i, 'amazon'],
  [/\bQEMU\b/i, 'qemu'],
  [/VMware|VMW/i, 'vmware'],
  [/innotek GmbH|VirtualBox|Oracle Corporation/i, 'oracle'],
  [/\bXen\b/i, 'xen'],
  [/Bochs/i, 'bochs'],
  [/Parallels/i, 'parallels'],
  [/BHYVE/i, 'bhyve'],
  [/Hyper-V|Microsoft Corporation Virtual Machine/i, 'microsoft'],
  [/Apple Virtualization/i, 'apple'],
  [/Google Compute Engine|^Google$/i, 'google'],
];

function fromDetectVirt(output: string): Virtualization {
  const type = output.trim().split(/\s+/)[0] ?? '';
  if (type === '' || type === 'none') return NONE;
  return { isVirtual: true, type, kind: CONTAINER_TYPES.has(type) ? 'container' : 'vm' };
}

function containerType(e: VirtualizationEvidence): string | null {
  if (e.systemdContainer !== null && e.systemdContainer.trim() !== '') return e.systemdContainer.trim();
  if (e.hasDockerEnvFile) return 'docker';
  if (e.hasContainerEnvFile) return 'podman';
  const cgroup = e.initCgroup ?? '';
  if (/\/docker[/-]/.test(cgroup)) return 'docker';
  if (/\/libpod-|\/machine\.slice\/libpod/.test(cgroup)) return 'podman';
  if (/\/lxc[/.]/.test(cgroup)) return 'lxc';
  if (/kubepods|containerd/.test(cgroup)) return 'container-other';
  return null;
}

function vmType(e: VirtualizationEvidence): string | null {
  const product = e.dmiProductName ?? '';
  const vendor = e.dmiSysVendor ?? '';
  // EC2 bare-metal instances keep the Amazon vendor string; their product names end in ".metal".
  if (/Amazon EC2/i.test(vendor) && /\.metal$/i.test(product.trim())) return null;
  const haystack = `${vendor} ${product}`;
  for (const [pattern, type] of DMI_SIGNATURES) if (pattern.test(haystack)) return type;
  return e.cpuHasHypervisorFlag ? 'vm-other' : null;
}

/**
 * systemd-detect-virt knows far more technologies than we can; trust it when it answered. Otherwise
 * a container wins over a VM, as with the tool, because that is the innermost layer the agent runs in.
 */
export function classifyVirtualization(e: VirtualizationEvidence): Virtualization {
  if (e.detectVirtOutput !== null && e.detectVirtOutput.trim() !== '') return fromDetectVirt(e.detectVirtOutput);
  const container = containerType(e);
  if (container !== null) return { isVirtual: true, type: container, kind: 'container' };
  const vm = vmType(e);
  return vm === null ? NONE : { isVirtual: true, type: vm, kind: 'vm' };
}
