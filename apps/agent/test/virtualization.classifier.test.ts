import { describe, expect, it } from 'vitest';
import { classifyVirtualization, type VirtualizationEvidence } from '../src/metadata/virtualization.classifier';

const bare: VirtualizationEvidence = {
  detectVirtOutput: null,
  cpuHasHypervisorFlag: false,
  dmiSysVendor: 'Dell Inc.',
  dmiProductName: 'PowerEdge R740',
  hasDockerEnvFile: false,
  hasContainerEnvFile: false,
  systemdContainer: null,
  initCgroup: '0::/init.scope\n',
};

const classify = (e: Partial<VirtualizationEvidence>) => classifyVirtualization({ ...bare, ...e });

describe('classifyVirtualization', () => {
  it('trusts systemd-detect-virt: "none" means bare metal even with other hints', () => {
    expect(classify({ detectVirtOutput: 'none\n', cpuHasHypervisorFlag: true })).toEqual({ isVirtual: false, type: 'none', kind: 'none' });
  });

  it('reports what systemd-detect-virt prints and tells containers from VMs', () => {
    expect(classify({ detectVirtOutput: 'kvm' })).toEqual({ isVirtual: true, type: 'kvm', kind: 'vm' });
    expect(classify({ detectVirtOutput: 'microsoft\n' })).toEqual({ isVirtual: true, type: 'microsoft', kind: 'vm' });
    expect(classify({ detectVirtOutput: 'docker' })).toEqual({ isVirtual: true, type: 'docker', kind: 'container' });
    expect(classify({ detectVirtOutput: 'lxc' }).kind).toBe('container');
  });

  it('falls back to the evidence when the tool gave no answer', () => {
    expect(classify({ detectVirtOutput: '' })).toEqual({ isVirtual: false, type: 'none', kind: 'none' });
    expect(classify({})).toEqual({ isVirtual: false, type: 'none', kind: 'none' });
  });

  it.each([
    ['QEMU', 'Standard PC (Q35 + ICH9, 2009)', 'qemu'],
    ['QEMU', 'KVM Virtual Machine', 'kvm'],
    ['Red Hat', 'KVM', 'kvm'],
    ['OpenStack Foundation', 'OpenStack Nova', 'kvm'],
    ['VMware, Inc.', 'VMware Virtual Platform', 'vmware'],
    ['innotek GmbH', 'VirtualBox', 'oracle'],
    ['Xen', 'HVM domU', 'xen'],
    ['Microsoft Corporation', 'Virtual Machine', 'microsoft'],
    ['Amazon EC2', 't3.micro', 'amazon'],
    ['Google', 'Google Compute Engine', 'google'],
    ['Parallels Software International Inc.', 'Parallels Virtual Platform', 'parallels'],
  ])('recognizes DMI vendor %s / product %s as %s', (vendor, product, type) => {
    expect(classify({ dmiSysVendor: vendor, dmiProductName: product })).toEqual({ isVirtual: true, type, kind: 'vm' });
  });

  it('treats EC2 bare-metal instances as physical', () => {
    expect(classify({ dmiSysVendor: 'Amazon EC2', dmiProductName: 'i3.metal' }).isVirtual).toBe(false);
  });

  it('reports an unnamed VM when only the CPU hypervisor flag is set', () => {
    expect(classify({ dmiSysVendor: null, dmiProductName: null, cpuHasHypervisorFlag: true })).toEqual({
      isVirtual: true,
      type: 'vm-other',
      kind: 'vm',
    });
  });

  it('detects containers, which win over the VM they may run in', () => {
    const onVm = { cpuHasHypervisorFlag: true, dmiSysVendor: 'QEMU' };
    expect(classify({ ...onVm, hasDockerEnvFile: true })).toEqual({ isVirtual: true, type: 'docker', kind: 'container' });
    expect(classify({ hasContainerEnvFile: true }).type).toBe('podman');
    expect(classify({ systemdContainer: 'systemd-nspawn' }).type).toBe('systemd-nspawn');
    expect(classify({ initCgroup: '12:pids:/docker/3f2a9c\n0::/docker/3f2a9c\n' }).type).toBe('docker');
    expect(classify({ initCgroup: '0::/system.slice/docker-3f2a9c.scope\n' }).type).toBe('docker');
    expect(classify({ initCgroup: '0::/lxc/web01\n' }).type).toBe('lxc');
    expect(classify({ initCgroup: '0::/kubepods/besteffort/pod1/abc\n' })).toEqual({
      isVirtual: true,
      type: 'container-other',
      kind: 'container',
    });
  });
});
