import type { FolderEvent } from '@cloud-backup/domain';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render } from '@testing-library/react';
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keysAffectedBy, useFolderEvents } from './live-events';

class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.OPEN;
  onmessage: ((e: MessageEvent<string>) => void) | null = null;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  emit(data: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: typeof data === 'string' ? data : JSON.stringify(data) }));
  }
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal('EventSource', FakeEventSource);
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function Listener({ folderId, onEvent }: { folderId: string; onEvent?: (e: FolderEvent) => void }) {
  useFolderEvents(folderId, onEvent);
  return null;
}

describe('keysAffectedBy', () => {
  it('refreshes the whole folder on activation', () => {
    expect(keysAffectedBy({ type: 'folder.activated', folderId: 'f' })).toEqual([['folders', 'scope', 'f']]);
  });

  it('refreshes instances, the overview and the wizard token when an agent registers', () => {
    const keys = keysAffectedBy({ type: 'instance.registered', folderId: 'f', instanceId: 'ins_1', tokenId: 'tok_1' });
    expect(keys).toContainEqual(['folders', 'scope', 'f', 'instances']);
    expect(keys).toContainEqual(['folders', 'scope', 'f', 'overview']);
    expect(keys).toContainEqual(['folders', 'scope', 'f', 'registration-tokens']);
  });

  it('refreshes policies too when an instance changes, since policy pages list linked instances', () => {
    expect(keysAffectedBy({ type: 'instance.changed', folderId: 'f', instanceId: 'i' })).toContainEqual(['folders', 'scope', 'f', 'policies']);
  });

  it('refreshes backups (with the storage used) and the backed-up instance when a backup changes', () => {
    const keys = keysAffectedBy({ type: 'backup.changed', folderId: 'f', backupId: 'b', instanceId: 'i' });
    expect(keys).toContainEqual(['folders', 'scope', 'f', 'backups']);
    expect(keys).toContainEqual(['folders', 'scope', 'f', 'instances', 'detail', 'i']);
  });

  it('refreshes operations and the storage used when an operation changes', () => {
    const keys = keysAffectedBy({ type: 'operation.changed', folderId: 'f', operationId: 'o' });
    expect(keys).toContainEqual(['folders', 'scope', 'f', 'operations']);
    expect(keys).toContainEqual(['folders', 'scope', 'f', 'backups', 'storage']);
  });
});

describe('useFolderEvents', () => {
  it('shares one stream per folder, parses events, invalidates and notifies listeners', () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, 'invalidateQueries');
    const first = vi.fn();
    const second = vi.fn();
    const { unmount } = render(
      <QueryClientProvider client={client}>
        <Listener folderId="default" onEvent={first} />
        <Listener folderId="default" onEvent={second} />
      </QueryClientProvider>,
    );

    expect(FakeEventSource.instances).toHaveLength(1);
    const source = FakeEventSource.instances[0]!;
    expect(source.url).toBe('/api/v1/folders/default/events');

    const event = { type: 'instance.registered', folderId: 'default', instanceId: 'ins_1', tokenId: 'tok_1' };
    act(() => source.emit(event));
    expect(first).toHaveBeenCalledWith(event);
    expect(second).toHaveBeenCalledWith(event);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['folders', 'scope', 'default', 'instances'] });

    unmount();
    expect(source.readyState).toBe(FakeEventSource.CLOSED);
  });

  it('ignores messages that are not valid folder events', () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, 'invalidateQueries');
    const onEvent = vi.fn();
    render(
      <QueryClientProvider client={client}>
        <Listener folderId="default" onEvent={onEvent} />
      </QueryClientProvider>,
    );
    const source = FakeEventSource.instances[0]!;
    act(() => {
      source.emit('not json');
      source.emit({ type: 'instance.exploded', folderId: 'default' });
    });
    expect(onEvent).not.toHaveBeenCalled();
    expect(invalidate).not.toHaveBeenCalled();
  });
});
