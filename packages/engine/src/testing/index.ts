// Test helpers for the engine's users: the ObjectStore contract suite (run it against every store
// implementation, including a future S3 one) and deterministic test data.
export { runObjectStoreContract } from './object-store.contract.js';
export { compressibleBytes, pseudoRandomBytes } from './test-data.js';
