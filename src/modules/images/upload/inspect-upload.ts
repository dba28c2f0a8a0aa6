import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { ImageFormat } from '../image-jobs.js';
import { ImageError } from '../images.errors.js';
import { sniffImageFormat } from './image-format.js';

export interface InspectedImage {
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
  /** SHA-256 of the bytes, hex. */
  contentHash: string;
}

/**
 * Everything the API checks before accepting an upload, cheaply and without decoding pixels:
 * the format from the magic bytes (415 otherwise), the dimensions from the header (422 when
 * unreadable), and the pixel count against the limit (422: a decompression bomb is a small
 * file whose header promises an enormous image).
 */
export async function inspectUpload(bytes: Buffer, maxPixels: number): Promise<InspectedImage> {
  const format = sniffImageFormat(bytes);
  if (!format) throw ImageError.unsupportedType();
  let width: number | undefined;
  let height: number | undefined;
  try {
    // Header only. The pixel limit is lifted here so the check below can name the size.
    ({ width, height } = await sharp(bytes, { limitInputPixels: false }).metadata());
  } catch {
    throw ImageError.unreadable();
  }
  if (!width || !height) throw ImageError.unreadable();
  if (width * height > maxPixels) throw ImageError.tooManyPixels(width, height, maxPixels);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  return { format, width, height, bytes: bytes.length, contentHash };
}
