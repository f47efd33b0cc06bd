import type { FolderMembership } from '@cloud-backup/domain';
import { useNavigate } from 'react-router';

/** Switching folder lands on its overview: deeper pages rarely exist under the same id elsewhere. */
export function FolderPicker({ folders, currentId }: { folders: readonly FolderMembership[]; currentId: string }) {
  const navigate = useNavigate();
  const known = folders.some((f) => f.id === currentId);
  return (
    <label className="flex items-center gap-2 text-gray-300">
      <span className="text-xs tracking-wide uppercase">Folder</span>
      <select
        value={currentId}
        onChange={(e) => navigate(`/folders/${encodeURIComponent(e.target.value)}/overview`)}
        className="h-8 rounded-md border-0 bg-white/10 py-0 pr-8 pl-2 font-medium text-white ring-1 ring-white/20 ring-inset focus:ring-2 focus:ring-blue-400 [&>option]:text-gray-900"
      >
        {!known && <option value={currentId}>{currentId}</option>}
        {folders.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
          </option>
        ))}
      </select>
    </label>
  );
}
