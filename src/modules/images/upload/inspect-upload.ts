import type { ImageFormat } from '../image-jobs.js';
import { decodedFormatOf, type Metadata, sharp } from '../image-decoders.js';
import { ImageError } from '../images.errors.js';
import { sniffImageFormat } from './image-format.js';
import type { ReceivedFile } from './staged-upload.js';

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
 *
 * It works from the file's first bytes (`file.head`); `readWhole` is asked for the rest only when
 * the header cannot be read from them.
 */
export async function inspectUpload(
  file: ReceivedFile,
  maxPixels: number,
  readWhole: () => Promise<Buffer>,
): Promise<InspectedImage> {
  const format = sniffImageFormat(file.head, file.bytes);
  if (!format) throw ImageError.unsupportedType();
  const metadata = await readHeader(file, readWhole);
  if (decodedFormatOf(metadata) !== format) throw ImageError.unsupportedType();
  const { width, height } = metadata;
  if (!width || !height) throw ImageError.unreadable();
  if (width * height > maxPixels) throw ImageError.tooManyPixels(width, height, maxPixels);
  return { format, width, height, bytes: file.bytes, contentHash: file.contentHash };
}

/**
 * The header, from the first bytes when they hold it. A JPEG's, PNG's or AVIF's header usually
 * sits there; WebP's never does for a larger file (libwebp wants the whole RIFF container), nor
 * a JPEG's behind unusually large metadata: those are read whole, as every upload once was.
 */
async function readHeader(file: ReceivedFile, readWhole: () => Promise<Buffer>): Promise<Metadata> {
  const complete = file.head.length === file.bytes;
  if (!complete) {
    try {
      return await headerOf(file.head);
    } catch {
      // Beyond the first bytes, or needs the whole file: read below.
    }
  }
  const bytes = complete ? file.head : await readWhole();
  try {
    return await headerOf(bytes);
  } catch {
    throw ImageError.unreadable();
  }
}

// Header only. The pixel limit is lifted here so that the check above can name the size.
const headerOf = (bytes: Buffer) => sharp(bytes, { limitInputPixels: false }).metadata();
