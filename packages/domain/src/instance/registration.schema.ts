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
  /**
   * With HTTPS: `sha256//` + base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo (DER), the
   * form `curl --pinnedpubkey` takes, so the download command trusts exactly this server's key.
   */
  tlsPublicKeyPin: z.string().nullable(),
});
export type CreatedRegistrationToken = z.infer<typeof CreatedRegistrationToken>;

export interface AgentCommandInput {
  serverUrl: string;
  token: string;
  dataDir: string;
  root: string;
  /** The server certificate's SHA-256 fingerprint when it serves HTTPS; the agent pins it at registration. */
  tlsFingerprint?: string | null;
  /** `sha256//…` public key pin for curl, so the download works with a self-signed certificate. */
  tlsPublicKeyPin?: string | null;
}

/** POSIX shell single-quoting, so paths with spaces or quotes survive copy and paste. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_./:@%+=-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function agentArgs(i: AgentCommandInput): { register: string; run: string } {
  const q = shellQuote;
  const rootArg = i.root && i.root !== '/' ? ` --root ${q(i.root)}` : '';
  const fingerprintArg = i.tlsFingerprint ? ` --fingerprint ${q(i.tlsFingerprint)}` : '';
  return {
    register: `register --server ${q(i.serverUrl)} --token ${q(i.token)} --data-dir ${q(i.dataDir)}${rootArg}${fingerprintArg}`,
    run: `run --data-dir ${q(i.dataDir)}`,
  };
}

/**
 * The command lines the connect wizard shows. `download`: a host with only Node 20 fetches the
 * bundled agent from this server. `repository`: a clone of this repository runs the same agent.
 * With a public key pin, curl trusts exactly the server's key instead of the CA store (`-k` only turns
 * off the CA check; the pin is still enforced), so a self-signed certificate works without a global switch.
 */
export function agentCommands(i: AgentCommandInput): { download: string[]; repository: string[] } {
  const a = agentArgs(i);
  const file = 'cloud-backup-agent.mjs';
  const url = `${i.serverUrl.replace(/\/+$/, '')}/downloads/${file}`;
  return {
    download: [
      i.tlsPublicKeyPin
        ? `curl -fsSL -k --pinnedpubkey ${shellQuote(i.tlsPublicKeyPin)} ${shellQuote(url)} -o ${file}`
        : `curl -fsSL ${shellQuote(url)} -o ${file}`,
      `node ${file} ${a.register}`,
      `node ${file} ${a.run}`,
    ],
    repository: [`npm run agent -- ${a.register}`, `npm run agent -- ${a.run}`],
  };
}
