import type { StorageSettings } from '../../../infra/storage/create-object-storage.js';
import type { RenderSpec } from './render-image.js';

/**
 * One render, as the worker asks it of a render child: where the original is, which job its
 * variants belong to (their keys derive from it), and what to make. Keys only: the child reads
 * and writes the storage itself, so no image crosses the IPC channel.
 */
export interface RenderJob {
  imageJobId: string;
  originalKey: string;
  spec: RenderSpec;
}

/** A variant as stored: its bytes stay in storage. */
export interface StoredVariant {
  size: number;
  format: 'webp' | 'avif';
  width: number;
  height: number;
  bytes: number;
}

/** What a render answers once every variant is stored: a few hundred bytes of metadata. */
export interface RenderSummary {
  /** Dimensions after EXIF orientation, before resizing. */
  width: number;
  height: number;
  placeholder: string;
  variants: StoredVariant[];
}

/**
 * Messages between the worker and its render child processes (over IPC, structured clone).
 * `configure` comes first: the child has no configuration of its own (its environment is an
 * allow-list without the service's settings), so it is told how to reach the storage.
 */
export type RenderRequest =
  { type: 'configure'; storage: StorageSettings } | { type: 'render'; id: number; job: RenderJob };

export type RenderReply =
  | { type: 'progress'; id: number; percent: number }
  | { type: 'done'; id: number; image: RenderSummary }
  /** `unprocessable`: the image itself is at fault; otherwise (storage) another attempt may work. */
  | { type: 'failed'; id: number; message: string; unprocessable: boolean };

/** The image itself cannot be processed (corrupt, truncated): retrying will not help. */
export class UnprocessableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnprocessableImageError';
  }
}
