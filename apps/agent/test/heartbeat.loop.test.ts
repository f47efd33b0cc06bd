import { HeartbeatRequest, type InstanceMetadata } from '@cloud-backup/domain';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentApiClient } from '../src/api/agent-api.client';
import { retryDelayMs, runHeartbeatLoop, type HeartbeatLoopOutcome } from '../src/heartbeat/heartbeat.loop';
import { metadataHash } from '../src/heartbeat/metadata-hash';
import { apiError, closedPortUrl, startFakeAgentServer, type FakeAgentServer, type FakeAnswer } from './support/fake-agent-server';
import { sampleMetadata } from './support/sample-metadata';

let server: FakeAgentServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ok = (metadataRequired: boolean, heartbeatIntervalSeconds = 7): FakeAnswer => ({
  status: 200,
  body: { heartbeatIntervalSeconds, metadataRequired },
});
const removed = apiError(410, 'instance_removed', 'This instance was removed from the service; the agent stops.');

interface LoopRun {
  outcome: HeartbeatLoopOutcome;
  beats: HeartbeatRequest[];
  sleeps: number[];
  logs: string[];
}

/** Runs the loop against a fake server whose answers are given beat by beat; sleeping is instant. */
async function runLoop(answers: FakeAnswer[], metadataPerBeat: InstanceMetadata[] = [], serverUrl?: string): Promise<LoopRun> {
  let url = serverUrl;
  if (url === undefined) {
    server = await startFakeAgentServer((_req, i) => answers[i] ?? removed);
    url = server.url;
  }
  const sleeps: number[] = [];
  const logs: string[] = [];
  let collected = 0;
  const controller = new AbortController();
  const outcome = await runHeartbeatLoop({
    client: createAgentApiClient(url),
    credential: 'cred-123',
    initialIntervalSeconds: 30,
    collectMetadata: async () => metadataPerBeat[collected++] ?? sampleMetadata(),
    logger: { info: (m) => logs.push(m) },
    signal: controller.signal,
    sleep: async (ms) => {
      sleeps.push(ms);
      if (sleeps.length >= 6 && serverUrl !== undefined) controller.abort();
    },
  });
  const beats = (server?.requests ?? []).map((r) => HeartbeatRequest.parse(r.body));
  return { outcome, beats, sleeps, logs };
}

describe('runHeartbeatLoop', () => {
  it('sends metadata on the first beat only while the server holds it', async () => {
    const run = await runLoop([ok(false), ok(false), ok(false)]);
    expect(run.beats).toHaveLength(4);
    expect(run.beats[0]?.metadata).toEqual(sampleMetadata());
    expect(run.beats[1]?.metadata).toBeUndefined();
    expect(run.beats[2]?.metadata).toBeUndefined();
    expect(run.beats[1]?.metadataHash).toBe(metadataHash(sampleMetadata()));
    expect(server?.requests[0]?.headers.authorization).toBe('Bearer cred-123');
    expect(server?.requests[0]?.path).toBe('/agent/v1/heartbeat');
  });

  it('sends metadata again when the server asks for it', async () => {
    const run = await runLoop([ok(true), ok(false), ok(false)]);
    expect(run.beats.map((b) => b.metadata !== undefined)).toEqual([true, true, false, false]);
  });

  it('sends metadata again when it changed', async () => {
    const changed = sampleMetadata({ hostname: 'web-02' });
    const run = await runLoop([ok(false), ok(false), ok(false)], [sampleMetadata(), changed, changed, changed]);
    expect(run.beats.map((b) => b.metadata?.hostname)).toEqual(['web-01', 'web-02', undefined, undefined]);
    expect(run.beats[2]?.metadataHash).toBe(metadataHash(changed));
  });

  it('sleeps for the interval of the latest answer', async () => {
    const run = await runLoop([ok(false, 7), ok(false, 3)]);
    expect(run.sleeps).toEqual([7000, 3000]);
    expect(run.logs.some((l) => l.includes('interval to 3 s'))).toBe(true);
  });

  it('stops with the server message when the instance was removed', async () => {
    const run = await runLoop([ok(false)]);
    expect(run.outcome).toEqual({ reason: 'removed', message: 'This instance was removed from the service; the agent stops.' });
  });

  it('stops when the server no longer accepts the credential', async () => {
    const run = await runLoop([apiError(401, 'invalid_agent_credential', 'Unknown agent credential')]);
    expect(run.outcome).toEqual({ reason: 'removed', message: 'Unknown agent credential' });
  });

  it('keeps going through server errors and resends metadata after recovering', async () => {
    const run = await runLoop([apiError(500, 'internal_error', 'boom'), { status: 502, body: 'Bad Gateway' }, ok(false), ok(false)]);
    expect(run.sleeps.slice(0, 3)).toEqual([1000, 2000, 7000]);
    expect(run.beats.map((b) => b.metadata !== undefined)).toEqual([true, true, true, false, false]);
    expect(run.logs.some((l) => l.includes('Heartbeat failed (attempt 2)') && l.includes('HTTP 502'))).toBe(true);
    expect(run.logs.some((l) => l.startsWith('Connected to'))).toBe(true);
  });

  it('never gives up while the server is unreachable', async () => {
    const run = await runLoop([], [], await closedPortUrl());
    expect(run.outcome).toEqual({ reason: 'stopped' });
    expect(run.sleeps).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect(run.logs[0]).toMatch(/^Heartbeat failed \(attempt 1\): .*ECONNREFUSED/);
  });
});

describe('retryDelayMs', () => {
  it('doubles from one second and is capped by the interval', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((f) => retryDelayMs(f, 10))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
    expect(retryDelayMs(1, 0.5)).toBe(500);
  });
});

describe('runHeartbeatLoop credential rotation', () => {
  it('rotates when the server asks, and tries again on the next beat after a failure', async () => {
    const rotateAnswer = (rotateCredential: boolean): FakeAnswer => ({ status: 200, body: { heartbeatIntervalSeconds: 7, metadataRequired: false, rotateCredential } });
    server = await startFakeAgentServer((_req, i) => [rotateAnswer(false), rotateAnswer(true), rotateAnswer(true), rotateAnswer(false)][i] ?? removed);
    const logs: string[] = [];
    let attempts = 0;
    const outcome = await runHeartbeatLoop({
      client: createAgentApiClient(server.url),
      credential: 'cred-123',
      initialIntervalSeconds: 30,
      collectMetadata: async () => sampleMetadata(),
      logger: { info: (m) => logs.push(m) },
      signal: new AbortController().signal,
      sleep: async () => undefined,
      rotateCredential: async () => {
        attempts++;
        if (attempts === 1) throw new Error('disk full');
      },
    });
    expect(outcome.reason).toBe('removed');
    expect(attempts).toBe(2);
    expect(logs).toContain('Credential rotation failed: disk full; trying again on the next heartbeat');
  });
});
