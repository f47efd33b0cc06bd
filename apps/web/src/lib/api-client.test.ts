import { Folder } from '@cloud-backup/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, apiGet, apiPath, apiSend, setUnauthenticatedHandler } from './api-client';

const folder = { id: 'default', name: 'default', activated: false, activatedAt: null };

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const fetchMock = vi.fn<typeof fetch>();

beforeEach(() => {
  fetchMock.mockReset();
  vi.stubGlobal('fetch', fetchMock);
  window.history.replaceState(null, '', '/folders/default/vms?sort=name');
});

afterEach(() => {
  vi.unstubAllGlobals();
  setUnauthenticatedHandler(null);
});

async function caught(promise: Promise<unknown>): Promise<ApiRequestError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiRequestError);
  return error as ApiRequestError;
}

describe('requests', () => {
  it('sends the CSRF header and same-origin credentials on reads', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, folder));
    await apiGet('/folders/default', Folder);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/folders/default');
    expect(init?.credentials).toBe('same-origin');
    expect(new Headers(init?.headers).get('X-Requested-With')).toBe('cloud-backup');
  });

  it('sends JSON bodies with the CSRF header on writes', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { ...folder, activated: true, activatedAt: '2025-01-01T00:00:00.000Z' }));
    const result = await apiSend('POST', '/folders/default/activation', { createDefaultPolicies: false }, Folder);
    const init = fetchMock.mock.calls[0]?.[1];
    const headers = new Headers(init?.headers);
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"createDefaultPolicies":false}');
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('X-Requested-With')).toBe('cloud-backup');
    expect(result.activated).toBe(true);
  });

  it('accepts an empty 204 answer when no schema is expected', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(apiSend('POST', '/auth/sign-out', undefined, null)).resolves.toBeUndefined();
  });

  it('encodes dynamic path segments', () => {
    expect(apiPath`/folders/${'a b'}/instances/${'x/y'}`).toBe('/folders/a%20b/instances/x%2Fy');
  });
});

describe('errors', () => {
  it('turns the error body into an ApiRequestError with status, code, message and fields', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(422, { error: { code: 'validation_failed', message: 'Check the highlighted fields', fields: { name: 'Enter a name' } } }),
    );
    const error = await caught(apiSend('POST', '/folders/default/policies', {}, Folder));
    expect(error.status).toBe(422);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('Check the highlighted fields');
    expect(error.fields).toEqual({ name: 'Enter a name' });
  });

  it('keeps the folder_not_active code so pages can show the activation guide', async () => {
    fetchMock.mockResolvedValue(jsonResponse(409, { error: { code: 'folder_not_active', message: 'Activate the service first' } }));
    const error = await caught(apiGet('/folders/default/instances', Folder));
    expect(error.code).toBe('folder_not_active');
  });

  it('falls back to the HTTP status when the body is not the API error shape', async () => {
    fetchMock.mockResolvedValue(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = await caught(apiGet('/folders/default', Folder));
    expect(error.status).toBe(502);
    expect(error.code).toBe('http_502');
    expect(error.message).toBe('Request failed (502 Bad Gateway)');
  });

  it('reports a network failure as status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const error = await caught(apiGet('/folders/default', Folder));
    expect(error.status).toBe(0);
    expect(error.code).toBe('network_error');
  });

  it('refuses a success body that does not match the contract', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { id: 'default' }));
    const error = await caught(apiGet('/folders/default', Folder));
    expect(error.code).toBe('invalid_response');
  });
});

describe('401 handling', () => {
  it('sends the user to sign-in with the current page as next', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'unauthenticated', message: 'Sign in first' } }));
    const error = await caught(apiGet('/folders/default', Folder));
    expect(error.status).toBe(401);
    expect(onUnauthenticated).toHaveBeenCalledWith('/folders/default/vms?sort=name');
  });

  it('does not redirect a failed sign-in: the form shows the message instead', async () => {
    const onUnauthenticated = vi.fn();
    setUnauthenticatedHandler(onUnauthenticated);
    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'invalid_credentials', message: 'Wrong user name or password' } }));
    const error = await caught(apiSend('POST', '/auth/sign-in', { username: 'a', password: 'b' }, Folder));
    expect(error.message).toBe('Wrong user name or password');
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });
});
