import type { RenderedImage, RenderSpec } from './render-image.js';

/** Messages between the worker and its render child processes (over IPC, structured clone). */
export type RenderRequest = { type: 'render'; id: number; input: Uint8Array; spec: RenderSpec };

export type RenderReply =
  | { type: 'progress'; id: number; percent: number }
  | { type: 'done'; id: number; image: RenderedImage }
  | { type: 'failed'; id: number; message: string };

/** The image itself cannot be processed (corrupt, truncated): retrying will not help. */
export class UnprocessableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnprocessableImageError';
  }
}
