import os from 'node:os';
import { parseOsRelease, osIdentityFromRelease, type OsIdentity } from './os-release.parser';
import { readTextFile } from './read-text-file.util';
import { clip } from './text-limits';

// /usr/lib/os-release is the vendor copy that /etc/os-release normally links to (os-release(5)).
const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release'];

export function readOsInfo(): OsIdentity {
  for (const path of OS_RELEASE_PATHS) {
    const text = readTextFile(path);
    if (text === null) continue;
    const identity = osIdentityFromRelease(parseOsRelease(text));
    if (identity) return { name: clip(identity.name), version: clip(identity.version), prettyName: clip(identity.prettyName) };
  }
  const name = os.type();
  const version = os.release();
  return { name: clip(name), version: clip(version), prettyName: clip(`${name} ${version}`) };
}
