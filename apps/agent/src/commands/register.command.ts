import { accessSync, constants, mkdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { AgentExitCode, ErrorCode, type InstanceMetadata } from '@cloud-backup/domain';
import { createAgentApiClient, normalizeServerUrl } from '../api/agent-api.client';
import { AgentApiError, ServerUnreachableError } from '../api/agent-api.errors';
import { normalizeFingerprint } from '../api/tls-pin';
import { configPath, loadConfig, saveConfig } from '../config/agent-config.store';
import { collectMetadata } from '../metadata/collect-metadata';
import { AGENT_VERSION } from '../version';
import { UsageError, type CommandIo } from './command-io';

export interface RegisterOptions {
  server: string;
  token: string;
  dataDir: string;
  root: string;
  force: boolean;
  /** The server certificate's SHA-256 fingerprint to pin (https:// only). */
  fingerprint?: string;
}

export interface RegisterDeps {
  collectMetadata: () => Promise<InstanceMetadata>;
  now: () => Date;
}

const REFUSAL_CODES: ReadonlySet<string> = new Set([
  ErrorCode.registrationTokenUnknown,
  ErrorCode.registrationTokenUsed,
  ErrorCode.registrationTokenExpired,
]);

function checkServerUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`--server must be a URL such as http://backup.example.com:8080, got "${server}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--server must be an http:// or https:// URL, got "${server}"`);
  }
  return normalizeServerUrl(url.href);
}

/** The root is stored resolved, so symlinks cannot later move what the agent is allowed to touch. */
function resolveRoot(root: string): string {
  if (!path.isAbsolute(root)) throw new UsageError(`--root must be an absolute path, got "${root}"`);
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    throw new UsageError(`--root ${root} does not exist`);
  }
  if (!statSync(real).isDirectory()) throw new UsageError(`--root ${root} is not a directory`);
  return real;
}

/** Fails before the token is spent: a used token with no saved credential would strand the instance. */
function prepareDataDir(dataDir: string): string | null {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export async function registerCommand(
  options: RegisterOptions,
  io: CommandIo,
  deps: RegisterDeps = { collectMetadata, now: () => new Date() },
): Promise<number> {
  const serverUrl = checkServerUrl(options.server);
  if (options.token.trim() === '') throw new UsageError('--token must not be empty');
  const root = resolveRoot(options.root);
  const dataDir = path.resolve(options.dataDir);
  const https = serverUrl.startsWith('https:');
  let fingerprint: string | null = null;
  if (options.fingerprint !== undefined) {
    fingerprint = normalizeFingerprint(options.fingerprint);
    if (fingerprint === null) throw new UsageError(`--fingerprint must be a SHA-256 fingerprint (32 hex pairs such as AB:CD:…), got "${options.fingerprint}"`);
    if (!https) throw new UsageError('--fingerprint pins a certificate, so it needs an https:// --server');
  }

  const existing = loadConfig(dataDir);
  if (existing.state !== 'missing' && !options.force) {
    const who = existing.state === 'ok' ? ` (instance ${existing.config.name}, ${existing.config.instanceId})` : '';
    io.stderr(`${configPath(dataDir)} already holds a registration${who}. Use --force to register again.\n`);
    return AgentExitCode.usage;
  }
  const dirProblem = prepareDataDir(dataDir);
  if (dirProblem !== null) {
    io.stderr(`Cannot write to the data folder ${dataDir}: ${dirProblem}\n`);
    return AgentExitCode.failure;
  }

  // With --fingerprint only that certificate is accepted; without it, the CA-verified one is pinned (TOFU).
  let seenFingerprint: string | null = null;
  const client = createAgentApiClient(serverUrl, {
    tls: { fingerprint, context: 'registration', onCertificate: (fp) => (seenFingerprint = fp) },
  });
  const metadata = await deps.collectMetadata();
  let answer;
  try {
    answer = await client.register({ token: options.token, agentVersion: AGENT_VERSION, root, metadata });
  } catch (error) {
    if (error instanceof AgentApiError && REFUSAL_CODES.has(error.code)) {
      io.stderr(`Registration refused: ${error.message}\n`);
      return AgentExitCode.registrationRefused;
    }
    if (error instanceof ServerUnreachableError) {
      io.stderr(`Cannot reach the server at ${serverUrl}: ${error.reason}\n`);
      return AgentExitCode.serverUnreachable;
    }
    if (error instanceof AgentApiError) {
      io.stderr(`Registration failed: ${error.describe()}\n`);
      return AgentExitCode.failure;
    }
    throw error;
  }

  let saved: string;
  try {
    saved = saveConfig(dataDir, {
      serverUrl,
      instanceId: answer.instanceId,
      folderId: answer.folderId,
      kind: answer.kind,
      name: answer.name,
      credential: answer.credential,
      root,
      heartbeatIntervalSeconds: answer.heartbeatIntervalSeconds,
      registeredAt: deps.now().toISOString(),
      tlsFingerprint: https ? (fingerprint ?? seenFingerprint) : null,
    });
  } catch (error) {
    io.stderr(`Registered instance ${answer.instanceId}, but could not save ${configPath(dataDir)}: ${(error as Error).message}\n`);
    return AgentExitCode.failure;
  }
  io.stdout(`Registered instance ${answer.name} (${answer.instanceId}) in folder ${answer.folderId}\n`);
  if (https) io.stdout(`Pinned the server's certificate (SHA-256 ${fingerprint ?? seenFingerprint})\n`);
  io.stdout(`Saved the registration to ${saved}\n`);
  return AgentExitCode.ok;
}
