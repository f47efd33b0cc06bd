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
