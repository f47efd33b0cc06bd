import os from 'node:os';
import { clip, clipList } from './text-limits';

export interface NetworkReport {
  ipAddresses: string[];
  interfaces: { name: string; mac: string; addresses: string[] }[];
}

const ZERO_MAC = /^(00:){5}00$/;

/**
 * Loopback and other internal-only interfaces are left out: they are the same on every machine and
 * say nothing about where the instance lives. A zero MAC (tunnels, loopback) is reported as empty.
 */
export function summarizeInterfaces(table: NodeJS.Dict<os.NetworkInterfaceInfo[]>): NetworkReport {
  const ipAddresses: string[] = [];
  const interfaces: NetworkReport['interfaces'] = [];
  for (const [name, entries] of Object.entries(table)) {
    const external = (entries ?? []).filter((e) => !e.internal);
    if (external.length === 0) continue;
    const mac = external.find((e) => !ZERO_MAC.test(e.mac))?.mac ?? '';
    const addresses = external.map((e) => clip(e.address, 64));
    ipAddresses.push(...addresses);
    interfaces.push({ name: clip(name, 64), mac: clip(mac, 64), addresses: clipList(addresses, 64) });
  }
  return { ipAddresses: clipList(ipAddresses, 256), interfaces: clipList(interfaces, 256) };
}

export function readNetwork(): NetworkReport {
  try {
    return summarizeInterfaces(os.networkInterfaces());
  } catch {
    // Some sandboxes deny the interface query (uv_interface_addresses fails); report no network.
    return { ipAddresses: [], interfaces: [] };
  }
}
