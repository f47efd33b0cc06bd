import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectRoute } from '../../../routes/connect.route';
import { instance, json, policySummaries, routeFetch } from '../../../test/fixtures';
import { renderRouter } from '../../../test/render-router';

class FakeEventSource {
  static readonly CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = 1;
  onmessage: ((e: MessageEvent<string>) => void) | null = null;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

const api = '/api/v1/folders/default';
const token = {
  id: 'tok_1',
  kind: 'bms',
  state: 'pending',
  createdAt: '2025-06-01T12:00:00.000Z',
  expiresAt: '2999-06-02T12:00:00.000Z',
  instanceId: null,
  token: 'secret-token',
  serverUrl: 'http://backup.example:8080',
  tlsFingerprint: null,
  tlsPublicKeyPin: null,
};
const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  FakeEventSource.last = null;
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('fetch', fetchMock);
  const policies = policySummaries();
  fetchMock.mockImplementation(
    routeFetch({
      [`GET ${api}`]: () => json(200, { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' }),
      [`POST ${api}/registration-tokens`]: () => json(201, token),
      [`GET ${api}/registration-tokens/tok_1`]: () => json(200, { ...token, token: undefined, serverUrl: undefined }),
      [`GET ${api}/instances/ins_1`]: () => json(200, instance({ kind: 'bms' })),
      [`GET ${api}/policies`]: () => json(200, { items: policies }),
      [`PUT ${api}/instances/ins_1/policies/pol_1`]: () => json(200, instance({ kind: 'bms', policies: [{ id: 'pol_1', name: 'Default daily' }] })),
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function renderWizard() {
  const router = createMemoryRouter(
    [
      { path: '/folders/:folderId/connect', element: <ConnectRoute /> },
      { path: '/folders/:folderId/instances/:instanceId', element: <p>Instance page</p> },
    ],
    { initialEntries: ['/folders/default/connect?kind=bms'] },
  );
  renderRouter(router);
  return router;
}

const commandTexts = () => screen.getAllByTestId('agent-command').map((el) => el.textContent ?? '');

describe('<ConnectWizard>', () => {
  it('walks from kind to a registered instance with linked policies', async () => {
    const router = renderWizard();

    // Step 1: the kind comes from ?kind.
    expect(((await screen.findByLabelText(/Bare-metal server/)) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    // Step 2: what the agent reports.
    expect(screen.getByText('Internal IP addresses')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));

    // Step 3: a token is created for this kind and shown inside the commands.
    await waitFor(() => expect(commandTexts()).toHaveLength(3));
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ kind: 'bms' });
    expect(commandTexts()[1]).toBe(
      'node cloud-backup-agent.mjs register --server http://backup.example:8080 --token secret-token --data-dir /var/lib/cloud-backup-agent',
    );

    fireEvent.change(screen.getByLabelText('Agent root'), { target: { value: '/srv/test root' } });
    expect(commandTexts()[1]).toContain("--root '/srv/test root'");

    fireEvent.click(screen.getByRole('tab', { name: 'From a clone of this repository' }));
    expect(commandTexts()[0]).toMatch(/^npm run agent -- register --server http:\/\/backup.example:8080 --token secret-token/);
    expect(screen.getByRole('status').textContent).toContain('Waiting for the instance to register…');

    // The live event moves the wizard on.
    act(() => {
      FakeEventSource.last?.onmessage?.(
        new MessageEvent('message', { data: JSON.stringify({ type: 'instance.registered', folderId: 'default', instanceId: 'ins_1', tokenId: 'tok_1' }) }),
      );
    });

    expect(await screen.findByText('Instance connected')).toBeTruthy();
    expect(await screen.findByText('web-1.internal')).toBeTruthy();
    expect(screen.getByText('Ubuntu 24.04 LTS')).toBeTruthy();
    const daily = (await screen.findByLabelText('Default daily')) as HTMLInputElement;
    expect(daily.checked).toBe(true);
    expect((screen.getByLabelText('Default weekly') as HTMLInputElement).checked).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Link and finish' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/instances/ins_1'));
    expect(fetchMock.mock.calls.some(([url, init]) => init?.method === 'PUT' && url === `${api}/instances/ins_1/policies/pol_1`)).toBe(true);
  });

  it('over HTTPS shows the certificate fingerprint with a copy button and pins it in the commands', async () => {
    const fingerprint = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');
    const tlsToken = { ...token, serverUrl: 'https://backup.example:8443', tlsFingerprint: fingerprint, tlsPublicKeyPin: 'sha256//pin+/=' };
    fetchMock.mockImplementation(
      routeFetch({
        [`GET ${api}`]: () => json(200, { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' }),
        [`POST ${api}/registration-tokens`]: () => json(201, tlsToken),
        [`GET ${api}/registration-tokens/tok_1`]: () => json(200, { ...tlsToken, token: undefined, serverUrl: undefined }),
      }),
    );
    renderWizard();
    fireEvent.click(await screen.findByRole('button', { name: 'Next' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(commandTexts()).toHaveLength(3));
    expect(screen.getByText('Server certificate SHA-256 fingerprint')).toBeTruthy();
    expect(screen.getByTestId('tls-fingerprint').textContent).toBe(fingerprint);
    expect(screen.getByRole('button', { name: 'Copy the certificate fingerprint' })).toBeTruthy();
    expect(commandTexts()[0]).toBe('curl -fsSL -k --pinnedpubkey sha256//pin+/= https://backup.example:8443/downloads/cloud-backup-agent.mjs -o cloud-backup-agent.mjs');
    expect(commandTexts()[1]).toMatch(new RegExp(`register --server https://backup.example:8443 .* --fingerprint ${fingerprint}$`));
  });

  it('shows no fingerprint over plain HTTP', async () => {
    renderWizard();
    fireEvent.click(await screen.findByRole('button', { name: 'Next' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(commandTexts()).toHaveLength(3));
    expect(screen.queryByText('Server certificate SHA-256 fingerprint')).toBeNull();
    expect(commandTexts().join('\n')).not.toContain('--fingerprint');
  });

  it('ignores registrations made with another token', async () => {
    renderWizard();
    fireEvent.click(await screen.findByRole('button', { name: 'Next' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(commandTexts().length).toBeGreaterThan(0));
    act(() => {
      FakeEventSource.last?.onmessage?.(
        new MessageEvent('message', { data: JSON.stringify({ type: 'instance.registered', folderId: 'default', instanceId: 'ins_9', tokenId: 'tok_other' }) }),
      );
    });
    expect(screen.queryByText('Instance connected')).toBeNull();
    expect(within(screen.getByRole('status')).getByText('Waiting for the instance to register…')).toBeTruthy();
  });

  it('falls back to polling the token when no event arrives', async () => {
    fetchMock.mockImplementation(
      routeFetch({
        [`GET ${api}`]: () => json(200, { id: 'default', name: 'default', activated: true, activatedAt: '2025-06-01T12:00:00.000Z' }),
        [`POST ${api}/registration-tokens`]: () => json(201, token),
        [`GET ${api}/registration-tokens/tok_1`]: () => json(200, { ...token, state: 'used', instanceId: 'ins_1', token: undefined, serverUrl: undefined }),
        [`GET ${api}/instances/ins_1`]: () => json(200, instance({ kind: 'bms' })),
        [`GET ${api}/policies`]: () => json(200, { items: [] }),
      }),
    );
    const router = renderWizard();
    fireEvent.click(await screen.findByRole('button', { name: 'Next' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(await screen.findByText('Instance connected')).toBeTruthy();
    expect(await screen.findByText('This folder has no policies yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Skip' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/folders/default/instances/ins_1'));
  });
});
