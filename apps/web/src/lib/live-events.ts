import { FolderEvent } from '@cloud-backup/domain';
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { backupKeys } from '../features/backups/api/backups.queries';
import { registrationTokenKeys } from '../features/connect/api/registration-tokens.queries';
import { folderKeys } from '../features/folders/api/folders.queries';
import { instanceKeys } from '../features/instances/api/instances.queries';
import { operationKeys } from '../features/operations/api/operations.queries';
import { policyKeys } from '../features/policies/api/policies.queries';
import { API_BASE } from './api-client';

/** Which cached queries an event makes stale. */
export function keysAffectedBy(event: FolderEvent): QueryKey[] {
  const f = event.folderId;
  switch (event.type) {
    case 'folder.activated':
      return [folderKeys.scope(f)];
    case 'instance.registered':
      return [instanceKeys.all(f), folderKeys.overview(f), registrationTokenKeys.all(f)];
    case 'instance.changed':
    case 'instance.removed':
      // Policy pages list linked instances with their online state.
      return [instanceKeys.all(f), policyKeys.all(f), folderKeys.overview(f)];
    case 'policy.changed':
      return [policyKeys.all(f), instanceKeys.all(f), folderKeys.overview(f)];
    case 'backup.changed':
      // Sent for every progress report too; only queries on screen refetch, so this stays cheap.
      // The instance's activity and last backup time follow its backups.
      return [backupKeys.all(f), instanceKeys.detail(f, event.instanceId)];
    case 'operation.changed':
      // A finished deletion or garbage collection changes the storage used.
      return [operationKeys.all(f), backupKeys.storage(f)];
  }
}

type Listener = (event: FolderEvent) => void;

interface Connection {
  folderId: string;
  queryClient: QueryClient;
  source: EventSource | null;
  listeners: Set<Listener>;
  retryTimer: number | null;
}

// One stream per folder however many components listen, so the server holds one connection per tab.
const connections = new Map<string, Connection>();

// EventSource retries network drops by itself but gives up for good on an HTTP error (server restart
// answering 502 through a proxy, 409 while the folder was inactive); we retry those slowly ourselves.
const REOPEN_AFTER_MS = 5_000;

function deliver(connection: Connection, raw: string): void {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return;
  }
  const parsed = FolderEvent.safeParse(data);
  if (!parsed.success) return;
  for (const queryKey of keysAffectedBy(parsed.data)) void connection.queryClient.invalidateQueries({ queryKey });
  for (const listener of connection.listeners) listener(parsed.data);
}

function connect(connection: Connection): void {
  const source = new EventSource(`${API_BASE}/folders/${encodeURIComponent(connection.folderId)}/events`);
  connection.source = source;
  let lostConnection = false;

  source.onmessage = (message: MessageEvent<string>) => deliver(connection, message.data);
  source.onopen = () => {
    // Events sent while we were away are gone; refetch what is on screen instead.
    if (lostConnection) void connection.queryClient.invalidateQueries({ queryKey: folderKeys.scope(connection.folderId) });
    lostConnection = false;
  };
  source.onerror = () => {
    lostConnection = true;
    if (source.readyState !== EventSource.CLOSED || connection.listeners.size === 0) return;
    connection.source = null;
    connection.retryTimer = window.setTimeout(() => {
      connection.retryTimer = null;
      if (connection.listeners.size > 0) connect(connection);
    }, REOPEN_AFTER_MS);
  };
}

function disconnect(connection: Connection): void {
  connection.source?.close();
  connection.source = null;
  if (connection.retryTimer !== null) window.clearTimeout(connection.retryTimer);
  connection.retryTimer = null;
}

/**
 * Keeps the folder's live event stream open while mounted and refreshes affected queries.
 * `onEvent` (optional) sees every event; it may change between renders without reconnecting.
 */
export function useFolderEvents(folderId: string | undefined, onEvent?: Listener): void {
  const queryClient = useQueryClient();
  const listenerRef = useRef(onEvent);
  useEffect(() => {
    listenerRef.current = onEvent;
  });

  useEffect(() => {
    if (!folderId || typeof EventSource === 'undefined') return;
    let connection = connections.get(folderId);
    if (!connection) {
      connection = { folderId, queryClient, source: null, listeners: new Set(), retryTimer: null };
      connections.set(folderId, connection);
      connect(connection);
    }
    const listener: Listener = (event) => listenerRef.current?.(event);
    connection.listeners.add(listener);
    const current = connection;
    return () => {
      current.listeners.delete(listener);
      if (current.listeners.size === 0) {
        disconnect(current);
        connections.delete(folderId);
      }
    };
  }, [folderId, queryClient]);
}
