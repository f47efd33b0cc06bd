import os from 'node:os';
import { byteCount, clip } from './text-limits';

export interface SystemBasics {
  hostname: string;
  kernel: { release: string; version: string };
  arch: string;
  memoryBytes: number;
}

export function readSystemBasics(): SystemBasics {
  return {
    hostname: clip(os.hostname(), 255),
    kernel: { release: clip(os.release()), version: clip(os.version()) },
    arch: clip(os.arch(), 64),
    memoryBytes: byteCount(os.totalmem()),
  };
}
