import { z } from 'zod';
import { Id, IsoDateTime } from '../common/common.schema';
import { BackupStatus, BackupType } from '../backup/backup.schema';

/**
 * Restore and browse contract (SPEC §4, issue 5). Paths in the API are '/'-separated display paths that start
 * with '/', relative to the backup's root (catalog) or to the agent's root (target files).
 */

export const BackupPath = z
  .string()
  .max(4096)
  .regex(/^\//, 'must start with /')
  .refine((p) => !p.split('/').some((s) => s === '..' || s === '.'), 'must not contain . or .. segments')
  .refine((p) => !p.includes('\0'), 'must not contain NUL');
export type BackupPath = z.infer<typeof BackupPath>;

/** Characters refused in a folder name the user types (create folder, custom location). */
export const FORBIDDEN_NAME_CHARS = ['\\', '/', ':', '*', '?', '"', "'", '<', '>', '|'] as const;
export const NewFolderName = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(255, 'At most 255 characters')
  .refine((n) => n !== '.' && n !== '..', 'Not a valid folder name')
  .refine((n) => !FORBIDDEN_NAME_CHARS.some((c) => n.includes(c)), `A name cannot contain ${FORBIDDEN_NAME_CHARS.join(' ')}`);

// ── Browsing a backup ────────────────────────────────────────────────────────────────────────────────────

export const CatalogSort = z.enum(['name', 'size', 'mtime', 'type']);
export const CatalogPageQuery = z.object({
  path: BackupPath.default('/'),
  sort: CatalogSort.default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export type CatalogPageQuery = z.infer<typeof CatalogPageQuery>;

/** One entry of a backup's catalog. Directories carry the totals of everything under them. */
export const CatalogItem = z.object({
  name: z.string(),
  path: z.string(),
  type: z.enum(['file', 'dir', 'symlink']),
  /** Files: size. Directories: total bytes of the files under them. Symlinks: target length. */
  size: z.number().int().nonnegative(),
  mtime: IsoDateTime,
  mode: z.number().int().nonnegative(),
  target: z.string().nullable(),
  /** Directories: files under them (recursively); null for files and symlinks. */
  fileCount: z.number().int().nonnegative().nullable(),
  /** Directories: direct children. */
  childCount: z.number().int().nonnegative().nullable(),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

export const CatalogPage = z.object({
  path: z.string(),
  /** The directory itself (totals); null for the root's own entry fields is never the case: root is a dir. */
  dir: CatalogItem,
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  entries: z.array(CatalogItem),
});
export type CatalogPage = z.infer<typeof CatalogPage>;

export const CatalogSearchQuery = z.object({
  /** Substring (case-insensitive) of the name, or a glob with `*` and `?` matched against the whole name. */
  q: z.string().trim().min(1, 'Enter a name to search for').max(255),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type CatalogSearchQuery = z.infer<typeof CatalogSearchQuery>;
export const CatalogSearchResult = z.object({
  q: z.string(),
  items: z.array(CatalogItem),
  /** Matches in the whole backup; `items` holds at most `limit` of them. */
  total: z.number().int().nonnegative(),
  tookMs: z.number().nonnegative(),
});
export type CatalogSearchResult = z.infer<typeof CatalogSearchResult>;

export const FileVersionsQuery = z.object({ path: BackupPath });
export const FileVersion = z.object({
  backupId: Id,
  startedAt: IsoDateTime,
  type: BackupType,
  status: BackupStatus,
  /** False when this backup does not hold the path. */
  present: z.boolean(),
  entryType: z.enum(['file', 'dir', 'symlink']).nullable(),
  size: z.number().int().nonnegative().nullable(),
  mtime: IsoDateTime.nullable(),
  /** The content differs from the next older backup that holds the path (true for the oldest). */
  changed: z.boolean(),
});
export type FileVersion = z.infer<typeof FileVersion>;
/** Every successful backup of the archive, newest first. */
export const FileVersions = z.object({ path: z.string(), archiveId: Id, versions: z.array(FileVersion) });
export type FileVersions = z.infer<typeof FileVersions>;

export const DownloadQuery = z.object({
  path: BackupPath,
  /** For directories: tar (default) or zip. Ignored for files. */
  format: z.enum(['tar', 'zip']).default('tar'),
});
export type DownloadQuery = z.infer<typeof DownloadQuery>;

// ── Restoring ────────────────────────────────────────────────────────────────────────────────────────────

export const OverwriteMode = z.enum(['all', 'older', 'none']);
export type OverwriteMode = z.infer<typeof OverwriteMode>;
export const OVERWRITE_MODE_LABEL: Record<OverwriteMode, string> = {
  all: 'Overwrite all',
  older: 'Overwrite older only',
  none: 'Do not overwrite',
};

export const RestoreLocation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('original') }),
  /** A folder on the target, relative to its agent root: each selected item lands in it under its own name. */
  z.object({ kind: z.literal('custom'), path: BackupPath }),
]);
export type RestoreLocation = z.infer<typeof RestoreLocation>;

export const MAX_RESTORE_ITEMS = 1000;
export const RestoreRequest = z.object({
  targetInstanceId: Id,
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('whole') }),
    z.object({ kind: z.literal('items'), paths: z.array(BackupPath).min(1, 'Select at least one file or folder').max(MAX_RESTORE_ITEMS) }),
  ]),
  location: RestoreLocation,
  overwrite: OverwriteMode,
});
export type RestoreRequest = z.infer<typeof RestoreRequest>;

export const RestoreProgress = z.object({
  phase: z.enum(['preparing', 'restoring', 'finishing', 'done']),
  filesDone: z.number().int().nonnegative(),
  filesTotal: z.number().int().nonnegative(),
  bytesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
  bytesPerSecond: z.number().nonnegative(),
  etaSeconds: z.number().nonnegative().nullable(),
  currentPath: z.string().max(4096).nullable(),
});
export type RestoreProgress = z.infer<typeof RestoreProgress>;

export const RestoreOutcomeItem = z.object({ path: z.string().max(4096), reason: z.string().max(2048) });
export type RestoreOutcomeItem = z.infer<typeof RestoreOutcomeItem>;
/** What a finished restore did; lists are capped, counts are exact. */
export const RestoreSummary = z.object({
  restoredFiles: z.number().int().nonnegative(),
  restoredDirs: z.number().int().nonnegative(),
  restoredBytes: z.number().int().nonnegative(),
  skippedCount: z.number().int().nonnegative(),
  failedCount: z.number().int().nonnegative(),
  skipped: z.array(RestoreOutcomeItem).max(1000),
  failed: z.array(RestoreOutcomeItem).max(1000),
});
export type RestoreSummary = z.infer<typeof RestoreSummary>;

/** A restore as the console shows it (stored with its operation). */
export const Restore = z.object({
  operationId: Id,
  backupId: Id,
  sourceInstanceId: Id,
  targetInstanceId: Id,
  targetInstanceName: z.string(),
  request: RestoreRequest,
  progress: RestoreProgress.nullable(),
  summary: RestoreSummary.nullable(),
});
export type Restore = z.infer<typeof Restore>;

// ── The target's own files, through its agent ────────────────────────────────────────────────────────────

export const TargetFilesQuery = z.object({ path: BackupPath.default('/') });
export const TargetFileEntry = z.object({
  name: z.string(),
  type: z.enum(['file', 'dir', 'symlink', 'other']),
  size: z.number().int().nonnegative(),
  mtime: IsoDateTime,
});
export type TargetFileEntry = z.infer<typeof TargetFileEntry>;
export const TargetListing = z.object({ path: z.string(), entries: z.array(TargetFileEntry), truncated: z.boolean() });
export type TargetListing = z.infer<typeof TargetListing>;
export const CreateTargetFolderRequest = z.object({ parent: BackupPath, name: NewFolderName });
export type CreateTargetFolderRequest = z.infer<typeof CreateTargetFolderRequest>;
export const CreatedTargetFolder = z.object({ path: z.string() });
export type CreatedTargetFolder = z.infer<typeof CreatedTargetFolder>;
