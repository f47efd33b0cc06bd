// Public API of the engine: chunking and hashing (agent), storage, repository, GC and verify (server),
// trees (both). Everything is a plain library: no globals, no background work.
export { Chunker, DEFAULT_CHUNKING, chunkId, type ChunkingOptions } from './chunking/chunker.js';
export { chunkFile, FILE_READ_SIZE } from './chunking/chunk-file.js';
export {
  BROTLI_QUALITY,
  compressBlob,
  compressBlobAsync,
  decompressBlob,
  type Codec,
  type CompressionLevel,
} from './compression/blob-compression.js';
export { InvalidKeyError, ObjectNotFoundError, type ObjectStore } from './store/object-store.js';
export { LocalDirectoryStore } from './store/local-directory.store.js';
export { MemoryStore } from './store/memory.store.js';
export { Repository, type VerifyResult } from './repository/repository.js';
export type { GcOptions, GcResult } from './repository/garbage-collector.js';
export { BlobMismatchError, BlobNotFoundError, DamagedBlobError } from './repository/repository-errors.js';
export { indexKey, packKey, type BlobLocation, type BlobType } from './repository/pack-format.js';
export { TreeNodeSchema, decodeTree, encodeTree, type NodeType, type TreeNode } from './tree/tree-codec.js';
export { walkTree } from './tree/walk-tree.js';
// Browsing a backup (server): the catalog index built from a backup's trees, cached as one binary file.
export { buildCatalog, contentFingerprint, type BuildCatalogOptions, type TreeLoader } from './catalog/catalog-builder.js';
export {
  Catalog,
  CatalogPathError,
  type CatalogEntry,
  type CatalogListing,
  type CatalogListOptions,
  type CatalogNodeRef,
  type CatalogSearchResult,
  type CatalogSort,
} from './catalog/catalog.js';
export { CATALOG_FORMAT_VERSION, CatalogFormatError } from './catalog/catalog-format.js';
// Downloading a folder without restoring it (server): streaming tar and zip writers.
export { ExportEntryError, ExportSizeMismatchError, type ExportEntry } from './export/export-entry.js';
export { tarStream } from './export/tar-stream.js';
export { zipStream } from './export/zip-stream.js';
export { crc32 } from './export/crc32.js';
export { nodeExportEntries, treeExportEntries, type ExportSource } from './export/tree-export-entries.js';
