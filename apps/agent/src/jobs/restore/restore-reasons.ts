import { UnsafePathError } from '@cloud-backup/domain';
import { describeError, errnoCode } from '../job-errors';
import { ChunkUnavailableError } from './chunk-batch.verify';
import { PlacementError } from './place-entry';

export const NOTHING_UNDER = 'nothing under it was restored';

/** Why an entry failed, for the summary; fs errors keep their code (`EACCES: permission denied …`). */
export function reasonOf(error: unknown): string {
  if (error instanceof ChunkUnavailableError || error instanceof PlacementError) return error.message;
  if (error instanceof UnsafePathError) return `refused: ${error.message}`;
  const code = errnoCode(error);
  const message = describeError(error);
  return code !== null && !message.startsWith(code) ? `${code}: ${message}` : message;
}
