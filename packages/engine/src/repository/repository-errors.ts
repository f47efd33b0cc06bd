/** A stored blob cannot be read back intact: pack missing or truncated, codec error, or wrong hash. */
export class DamagedBlobError extends Error {
  readonly blobId: string;
  readonly packId: string;
  constructor(blobId: string, packId: string, reason: string) {
    super(`blob ${blobId} in pack ${packId} is damaged: ${reason}`);
    this.name = 'DamagedBlobError';
    this.blobId = blobId;
    this.packId = packId;
  }
}

/** Content offered for storage does not hash to the id it claims (a buggy or hostile uploader). */
export class BlobMismatchError extends Error {
  readonly blobId: string;
  constructor(blobId: string, actualId: string) {
    super(`blob claimed id ${blobId} but its content hashes to ${actualId}`);
    this.name = 'BlobMismatchError';
    this.blobId = blobId;
  }
}

/** The repository's index has no blob with this id. */
export class BlobNotFoundError extends Error {
  readonly blobId: string;
  constructor(blobId: string) {
    super(`blob not in repository: ${blobId}`);
    this.name = 'BlobNotFoundError';
    this.blobId = blobId;
  }
}
