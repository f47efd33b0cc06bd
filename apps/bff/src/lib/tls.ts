import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The certificate and key the server serves HTTPS with, plus what agents and curl pin. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate's DER, upper-case hex pairs joined by colons (what the agent pins). */
  fingerprint: string;
  /** `sha256//<base64 SHA-256 of the SubjectPublicKeyInfo DER>`, the form `curl --pinnedpubkey` takes. */
  publicKeyPin: string;
}

export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

export function publicKeyPin(certPem: string): string {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return `sha256//${createHash('sha256').update(spki).digest('base64')}`;
}

function readPem(name: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${name}: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Both paths or neither: one alone is a mistake that must stop the start, not silently serve HTTP. */
export function loadTls(certPath: string | undefined, keyPath: string | undefined): TlsMaterial | null {
  const cert = certPath || undefined;
  const key = keyPath || undefined;
  if (!cert && !key) return null;
  if (!cert || !key) {
    throw new Error(`HTTPS needs both TLS_CERT and TLS_KEY (PEM files); only ${cert ? 'TLS_CERT' : 'TLS_KEY'} is set`);
  }
  const certPem = readPem('TLS_CERT', cert);
  const keyPem = readPem('TLS_KEY', key);
  let fingerprint: string;
  try {
    fingerprint = certificateFingerprint(certPem);
  } catch (error) {
    throw new Error(`TLS_CERT: ${cert} is not a PEM certificate: ${(error as Error).message}`);
  }
  return { cert: certPem, key: keyPem, fingerprint, publicKeyPin: publicKeyPin(certPem) };
}
