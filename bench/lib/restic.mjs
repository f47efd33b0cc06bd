// restic with its default settings (compression auto on repository format 2), a repo and a cache in the
// benchmark's temp dir.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { run } from './proc.mjs';

export class Restic {
  constructor(dir) {
    this.repo = path.join(dir, 'restic-repo');
    this.cache = path.join(dir, 'restic-cache');
    this.env = { ...process.env, RESTIC_PASSWORD: 'bench-password', RESTIC_REPOSITORY: this.repo, RESTIC_CACHE_DIR: this.cache };
  }

  /** restic's version line, or throws with how to install it. */
  static async version() {
    try {
      const { output } = await run('restic', ['version']);
      const m = /restic (\d+)\.(\d+)\.(\d+)/.exec(output);
      if (!m) throw new Error(`unexpected restic version output: ${output}`);
      if (Number(m[1]) === 0 && Number(m[2]) < 14) throw new Error(`restic ${m[0]} has no compression; need ≥ 0.14`);
      return output.trim();
    } catch (error) {
      if (error.code === 'ENOENT' || /ENOENT/.test(String(error.message))) throw new Error('restic is not installed (apt-get install -y restic)');
      throw error;
    }
  }

  restic(args, opts = {}) {
    return run('restic', args, { env: this.env, ...opts });
  }

  async init() {
    mkdirSync(this.cache, { recursive: true });
    await this.restic(['init']);
    const { output } = await this.restic(['cat', 'config']);
    return JSON.parse(output);
  }

  async backup(dir) {
    return this.restic(['backup', '--host', 'bench', dir]);
  }

  /** `restic restore latest --target T [--include P]…`. */
  async restore(target, includes = []) {
    mkdirSync(target, { recursive: true });
    return this.restic(['restore', 'latest', '--host', 'bench', '--target', target, ...includes.flatMap((p) => ['--include', p])]);
  }
}
