import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';

export interface RawAnswer {
  status: number;
  statusText: string;
  text: string;
}

/** POSTs `body` as application/octet-stream, handing the buffer to the socket without copying it. */
export function postBytes(url: string, body: Uint8Array, headers: Record<string, string>, signal: AbortSignal, httpsAgent?: HttpsAgent): Promise<RawAnswer> {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  const send = https ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(body.byteLength) },
        signal,
        // The pinning agent (tls-pin.ts): the request goes out only over a socket whose certificate passed.
        ...(https && httpsAgent ? { agent: httpsAgent } : {}),
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export interface BytesAnswer {
  status: number;
  statusText: string;
  body: Buffer;
}

/**
 * POSTs a JSON body and collects the answer as bytes (a chunk batch, up to tens of MiB). With a
 * content-length the answer lands in one buffer of that size, copied once; an answer over `maxBytes` is
 * refused instead of filling memory.
 */
export function postJsonForBytes(
  url: string,
  json: unknown,
  headers: Record<string, string>,
  signal: AbortSignal,
  maxBytes: number,
  httpsAgent?: HttpsAgent,
): Promise<BytesAnswer> {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  const send = https ? httpsRequest : httpRequest;
  const payload = Buffer.from(JSON.stringify(json), 'utf8');
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.byteLength) },
        signal,
        ...(https && httpsAgent ? { agent: httpsAgent } : {}),
      },
      (res: IncomingMessage) => {
        const declared = Number(res.headers['content-length']);
        const sized = Number.isSafeInteger(declared) && declared >= 0;
        if (sized && declared > maxBytes) {
          res.destroy();
          reject(new Error(`the answer is ${declared} bytes, more than the ${maxBytes} a batch may hold`));
          return;
        }
        const whole = sized ? Buffer.allocUnsafe(declared) : null;
        const parts: Buffer[] = [];
        let length = 0;
        res.on('data', (c: Buffer) => {
          if (length + c.length > (whole?.length ?? maxBytes)) {
            res.destroy(new Error(sized ? 'the answer is longer than its content-length' : `the answer is over ${maxBytes} bytes`));
            return;
          }
          if (whole) c.copy(whole, length);
          else parts.push(c);
          length += c.length;
        });
        res.on('error', reject);
        res.on('end', () => {
          if (whole && length !== whole.length) return reject(new Error(`the answer ended after ${length} of ${whole.length} bytes`));
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body: whole ?? Buffer.concat(parts, length) });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
