import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect, TLSSocket, type ConnectionOptions } from 'node:tls';
import { Agent as UndiciAgent, buildConnector } from 'undici';

/**
 * Certificate pinning for every connection the agent makes (ADR 011). With a pinned fingerprint the
 * certificate is accepted only when its SHA-256 fingerprint equals the pin, whoever signed it, so a
 * self-signed certificate works and no other certificate does. Without a pin, normal CA verification
 * applies and the fingerprint seen is reported (trust on first use at registration).
 *
 * The check runs once the TLS handshake is done and before the socket is handed to the HTTP client, so
 * nothing (above all not the credential) is ever written to a server with another certificate.
 */

const FINGERPRINT_PATTERN = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** `ab:cd:…`, `ABCD…` or `AB:CD:…` → `AB:CD:…` (Node's `fingerprint256` form); null when not a SHA-256 fingerprint. */
export function normalizeFingerprint(value: string): string | null {
  const hex = value.trim().replace(/:/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  const pairs = hex.match(/../g)!.join(':');
  return FINGERPRINT_PATTERN.test(pairs) ? pairs : null;
}

/** The server presented a certificate other than the pinned one; the connection was closed unused. */
export class CertificateMismatchError extends Error {
  override readonly name = 'CertificateMismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
    context: 'registration' | 'pinned',
  ) {
    super(
      context === 'registration'
        ? `the server's certificate does not match --fingerprint: expected ${expected}, got ${actual}`
        : `the server's certificate changed: expected ${expected}, got ${actual}. ` +
            'If the server really has a new certificate, register the agent again with its new fingerprint.',
    );
  }
}

export interface TlsPinOptions {
  /** The fingerprint to accept (and no other); null for CA verification. */
  fingerprint: string | null;
  /** Which wording a mismatch gets: a --fingerprint given now, or one pinned at registration. */
  context?: 'registration' | 'pinned';
  /** Called with the fingerprint of every certificate accepted (for trust on first use). */
  onCertificate?: (fingerprint: string) => void;
}

/** Checks the socket's certificate against the pin; an Error to refuse the connection, or null. */
function checkPeer(socket: Socket, o: TlsPinOptions): Error | null {
  if (!(socket instanceof TLSSocket)) return null;
  const seen = socket.getPeerCertificate().fingerprint256;
  if (!seen) return new Error('the server sent no certificate');
  if (o.fingerprint !== null && seen !== o.fingerprint) return new CertificateMismatchError(o.fingerprint, seen, o.context ?? 'pinned');
  o.onCertificate?.(seen);
  return null;
}

/**
 * A connection pool for fetch (undici) whose TLS sockets pass `checkPeer` first. Session resumption is
 * off: every connection shows its certificate afresh.
 */
export function createPinnedDispatcher(o: TlsPinOptions): UndiciAgent {
  const base = buildConnector({ rejectUnauthorized: o.fingerprint === null, maxCachedSessions: 0 });
  return new UndiciAgent({
    connect: (options, callback) => {
      base(options, (...args) => {
        const [error, socket] = args;
        if (error) return callback(error, null);
        const refused = checkPeer(socket, o);
        if (refused) {
          socket.destroy();
          return callback(refused, null);
        }
        callback(null, socket);
      });
    },
  });
}

type CreateConnection = (options: ConnectionOptions, callback: (error: Error | null, socket?: Socket) => void) => Socket | undefined;

/**
 * The same check for node:https (pack uploads and chunk batches). Node's agent waits for the callback when
 * `createConnection` returns nothing, so the request is written only to a socket that passed.
 */
export function createPinnedHttpsAgent(o: TlsPinOptions): HttpsAgent {
  const agentOptions: HttpsAgentOptions = { keepAlive: true, maxCachedSessions: 0, rejectUnauthorized: o.fingerprint === null };
  const agent = new HttpsAgent(agentOptions);
  const createConnection: CreateConnection = (options, callback) => {
    const socket = tlsConnect({ ...options, rejectUnauthorized: o.fingerprint === null });
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      socket.removeListener('error', onError);
      if (error) {
        socket.destroy();
        callback(error);
      } else callback(null, socket);
    };
    const onError = (error: Error) => settle(error);
    socket.once('error', onError);
    socket.once('secureConnect', () => settle(checkPeer(socket, o)));
    return undefined;
  };
  (agent as unknown as { createConnection: CreateConnection }).createConnection = createConnection;
  return agent;
}

/** Both transports for one server, sharing one pin. */
export interface PinnedTransport {
  dispatcher: UndiciAgent;
  httpsAgent: HttpsAgent;
}

export function createPinnedTransport(o: TlsPinOptions): PinnedTransport {
  return { dispatcher: createPinnedDispatcher(o), httpsAgent: createPinnedHttpsAgent(o) };
}
