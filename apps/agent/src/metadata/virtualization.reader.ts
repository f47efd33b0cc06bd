import { execFile } from 'node:child_process';
import { classifyVirtualization, type Virtualization } from './virtualization.classifier';
import { fileExists, readFirstLine, readTextFile } from './read-text-file.util';

const DETECT_VIRT_TIMEOUT_MS = 3000;

/** Resolves to the tool's answer, or null when it is not installed, hangs or prints nothing. */
function runDetectVirt(): Promise<string | null> {
  return new Promise((resolve) => {
    try {
      execFile('systemd-detect-virt', [], { timeout: DETECT_VIRT_TIMEOUT_MS, encoding: 'utf8' }, (_error, stdout) => {
        // It exits 1 while printing "none" on bare metal, so a non-zero exit still carries an answer.
        const out = typeof stdout === 'string' ? stdout.trim() : '';
        if (out !== '') return resolve(out);
        resolve(null);
      });
    } catch {
      resolve(null);
    }
  });
}

export async function readVirtualization(cpuHasHypervisorFlag: boolean): Promise<Virtualization> {
  return classifyVirtualization({
    detectVirtOutput: await runDetectVirt(),
    cpuHasHypervisorFlag,
    dmiSysVendor: readFirstLine('/sys/class/dmi/id/sys_vendor'),
    dmiProductName: readFirstLine('/sys/class/dmi/id/product_name'),
    hasDockerEnvFile: fileExists('/.dockerenv'),
    hasContainerEnvFile: fileExists('/run/.containerenv'),
    systemdContainer: readFirstLine('/run/systemd/container'),
    initCgroup: readTextFile('/proc/1/cgroup'),
  });
}
