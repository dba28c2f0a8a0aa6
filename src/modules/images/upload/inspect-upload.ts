import { createHash } from 'node:crypto';
import type { ImageFormat } from '../image-jobs.js';
import { decodedFormatOf, type Metadata, sharp } from '../image-decoders.js';
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
 * unreadable), that the decoder libvips chose reads the format sniffed (415 otherwise: the bytes
 * claim one format and decode as another), and the pixel count against the limit (422: a
 * decompression bomb is a small file whose header promises an enormous image). Loaders of other
 * formats are blocked in this process (image-decoders.ts): such a file is unreadable here.
 */
export async function inspectUpload(bytes: Buffer, maxPixels: number): Promise<InspectedImage> {
  const format = sniffImageFormat(bytes);
  if (!format) throw ImageError.unsupportedType();
  let metadata: Metadata;
  try {
    // Header only. The pixel limit is lifted here so the check below can name the size.
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw ImageError.unreadable();
  }
  if (decodedFormatOf(metadata) !== format) throw ImageError.unsupportedType();
  const { width, height } = metadata;
  if (!width || !height) throw ImageError.unreadable();
  if (width * height > maxPixels) throw ImageError.tooManyPixels(width, height, maxPixels);
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  return { format, width, height, bytes: bytes.length, contentHash };
}
