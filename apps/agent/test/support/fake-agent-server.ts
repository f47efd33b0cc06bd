import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  body: unknown;
}

export interface FakeAgentServer {
  url: string;
  /** Every request except job and quick-request polls, which `run` sends all along beside its heartbeats. */
  requests: RecordedRequest[];
  jobPolls: number;
  requestPolls: number;
  close(): Promise<void>;
}

const JOB_POLL = '/agent/v1/jobs/next';
const REQUEST_POLL = '/agent/v1/requests/next';

/**
 * A stand-in for the BFF's agent API: records every request and answers with `answer(request, index)`.
 * Job and quick-request polls are answered like an idle server does: held for their `wait`, then
 * `{job: null}` / `{request: null}`.
 */
export async function startFakeAgentServer(answer: (request: RecordedRequest, index: number) => FakeAnswer): Promise<FakeAgentServer> {
  const requests: RecordedRequest[] = [];
  const held = new Set<NodeJS.Timeout>();
  let jobPolls = 0;
  let requestPolls = 0;
  const server = createServer((req, res) => {
    const jobPoll = req.url?.startsWith(JOB_POLL) ?? false;
    if (req.method === 'GET' && (jobPoll || req.url?.startsWith(REQUEST_POLL))) {
      if (jobPoll) jobPolls++;
      else requestPolls++;
      const wait = Number(new URL(req.url ?? '', 'http://fake').searchParams.get('wait') ?? '25');
      const timer = setTimeout(() => {
        held.delete(timer);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jobPoll ? { job: null } : { request: null }));
      }, wait * 1000);
      held.add(timer);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
      requests.push(recorded);
      const { status, body } = answer(recorded, requests.length - 1);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get jobPolls() {
      return jobPolls;
    },
    get requestPolls() {
      return requestPolls;
    },
    close: () =>
      new Promise((resolve) => {
        for (const timer of held) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: bind, note the port, release it. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export const apiError = (status: number, code: string, message: string): FakeAnswer => ({ status, body: { error: { code, message } } });
