import { createHash, randomUUID } from 'node:crypto';
import type { ObjectStorage } from '../../../infra/storage/object-storage.js';

/**
 * How much of a file stays in memory while it streams to storage: enough for the format check
 * and, for nearly every file, the header (a JPEG's Exif, ICC profile and frame header come first).
 */
export const HEAD_BYTES = 256 * 1024;

/** An upload as received: measured and hashed on the way, its first bytes at hand. */
export interface ReceivedFile {
  bytes: number;
  /** SHA-256 of the content, hex. */
  contentHash: string;
  /** The first HEAD_BYTES bytes: the whole file when it is no larger. */
  head: Buffer;
}

/**
 * An upload on its way into storage. It is written under a temporary key as it arrives, hashed
 * chunk by chunk, and only its first bytes are kept in memory: the API never holds a whole file.
 * Once accepted it is kept under its final key; otherwise discard() deletes it, so a refused,
 * oversized or interrupted upload leaves nothing behind.
 */
export class StagedUpload {
  readonly key = `uploads/${randomUUID()}`;
  private kept = false;

  constructor(private readonly storage: ObjectStorage) {}

  async receive(file: AsyncIterable<Buffer>): Promise<ReceivedFile> {
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let headBytes = 0;
    let bytes = 0;
    async function* hashed(): AsyncGenerator<Buffer> {
      for await (const chunk of file) {
        hash.update(chunk);
        bytes += chunk.length;
        if (headBytes < HEAD_BYTES) {
          const start = chunk.subarray(0, HEAD_BYTES - headBytes);
          head.push(start);
          headBytes += start.length;
        }
        yield chunk;
      }
    }
    await this.storage.putStream(this.key, hashed(), 'application/octet-stream');
    return { bytes, contentHash: hash.digest('hex'), head: Buffer.concat(head, headBytes) };
  }

  /** The whole upload, read back: only for a header that lies beyond the first bytes. */
  readAll(): Promise<Buffer> {
    return this.storage.read(this.key);
  }

  /** Keeps the upload under its final key. */
  async keepAs(key: string): Promise<void> {
    await this.storage.move(this.key, key);
    this.kept = true;
  }

  /** Deletes the upload unless it was kept; harmless when nothing was written. */
  async discard(): Promise<void> {
    if (!this.kept) await this.storage.delete(this.key);
  }
}
