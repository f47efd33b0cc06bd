import type { FolderEvent } from '@cloud-backup/domain';

type Listener = (event: FolderEvent) => void;

/** In-process fan-out of folder events to the console's live streams. */
export class EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(folderId: string, listener: Listener): () => void {
    let set = this.listeners.get(folderId);
    if (!set) this.listeners.set(folderId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(folderId);
    };
  }

  publish(event: FolderEvent): void {
    for (const listener of this.listeners.get(event.folderId) ?? []) listener(event);
  }
}
