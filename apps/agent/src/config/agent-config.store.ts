import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AGENT_CONFIG_FILE, AgentConfig } from './agent-config.schema';

export function configPath(dataDir: string): string {
  return path.join(dataDir, AGENT_CONFIG_FILE);
}

export type LoadedConfig = { state: 'missing' } | { state: 'invalid'; reason: string } | { state: 'ok'; config: AgentConfig };

export function loadConfig(dataDir: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(configPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'invalid', reason: (error as Error).message };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { state: 'invalid', reason: `not JSON (${(error as Error).message})` };
  }
  const parsed = AgentConfig.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { state: 'invalid', reason: issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid' };
  }
  return { state: 'ok', config: parsed.data };
}

function fsyncDirectory(dir: string): void {
  // Makes the rename itself durable; some file systems refuse fsync on a directory, which is harmless.
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/**
 * Writes the config so a crash never leaves a half-written credential file: temp file in the same
 * directory (same file system, so rename is atomic), fsync, rename. The file holds a secret: 0600.
 */
export function saveConfig(dataDir: string, config: AgentConfig): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const target = configPath(dataDir);
  const temp = `${target}.${process.pid}.tmp`;
  // A leftover from a crashed run could carry other permissions; start from a fresh file.
  rmSync(temp, { force: true });
  const fd = openSync(temp, 'wx', 0o600);
  try {
    // writeFileSync on a descriptor loops until everything is written, unlike a single writeSync.
    writeFileSync(fd, `${JSON.stringify(AgentConfig.parse(config), null, 2)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  fsyncDirectory(dataDir);
  return target;
}
