import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';
import { InstanceKind } from './instance.schema';

export const REGISTRATION_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export const CreateRegistrationTokenRequest = z.object({ kind: InstanceKind });
export type CreateRegistrationTokenRequest = z.infer<typeof CreateRegistrationTokenRequest>;

export const RegistrationTokenState = z.enum(['pending', 'used', 'expired']);
export type RegistrationTokenState = z.infer<typeof RegistrationTokenState>;

export const RegistrationToken = z.object({
  id: Id,
  kind: InstanceKind,
  state: RegistrationTokenState,
  createdAt: IsoDateTime,
  expiresAt: IsoDateTime,
  /** Set once an agent registered with the token. */
  instanceId: Id.nullable(),
});
export type RegistrationToken = z.infer<typeof RegistrationToken>;

/** Returned once at creation: the secret token is never shown again (only its hash is stored). */
export const CreatedRegistrationToken = RegistrationToken.extend({
  token: z.string(),
  /** The URL agents should use to reach this server. */
  serverUrl: z.string(),
  /**
   * With HTTPS (TLS_CERT/TLS_KEY): SHA-256 fingerprint of the server's certificate (DER), upper-case hex
   * pairs joined by colons. The agent pins it at registration and refuses any other certificate later.
   */
  tlsFingerprint: z.string().nullable(),
});
export type CreatedRegistrationToken = z.infer<typeof CreatedRegistrationToken>;

export interface AgentCommandInput {
  serverUrl: string;
  token: string;
  dataDir: string;
  root: string;
}

/** POSIX shell single-quoting, so paths with spaces or quotes survive copy and paste. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function agentArgs(i: AgentCommandInput): { register: string; run: string } {
  const q = shellQuote;
  const rootArg = i.root && i.root !== '/' ? ` --root ${q(i.root)}` : '';
  return {
    register: `register --server ${q(i.serverUrl)} --token ${q(i.token)} --data-dir ${q(i.dataDir)}${rootArg}`,
    run: `run --data-dir ${q(i.dataDir)}`,
  };
}

/**
 * The command lines the connect wizard shows. `download`: a host with only Node 20 fetches the
 * bundled agent from this server. `repository`: a clone of this repository runs the same agent.
 */
export function agentCommands(i: AgentCommandInput): { download: string[]; repository: string[] } {
  const a = agentArgs(i);
  const file = 'cloud-backup-agent.mjs';
  const url = `${i.serverUrl.replace(/\/+$/, '')}/downloads/${file}`;
  return {
    download: [
      `curl -fsSL ${shellQuote(url)} -o ${file}`,
      `node ${file} ${a.register}`,
      `node ${file} ${a.run}`,
    ],
    repository: [`npm run agent -- ${a.register}`, `npm run agent -- ${a.run}`],
  };
}
