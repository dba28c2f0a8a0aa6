import sharp, { type Metadata } from 'sharp';
import type { ImageFormat } from './image-jobs.js';

/*
 * The only door to sharp in src/ (eslint forbids importing it anywhere else), so that every
 * process that decodes an upload, the API and each render child, has blocked first every libvips
 * loader but the four accepted formats.
 *
 * libvips picks its loader from the bytes, not from what the API sniffed: without this, a file
 * whose first bytes pass the AVIF check but which librsvg recognises as SVG is rendered as SVG
 * (libxml2, cairo and pango parsing attacker input, filters that take seconds per image). The
 * policy is an allow-list on the loaders' common parent class, so a loader added by a later
 * libvips (sharp's prebuilt binaries ship SVG, GIF and TIFF today; a global libvips may add PDF,
 * ImageMagick, JPEG 2000, FITS, OpenSlide...) is blocked too, without being named here.
 * The blocked state is process-wide and lives in libvips itself, so it holds for every sharp
 * instance in the process.
 */

/** Parent class of every libvips loader (files, buffers and sources alike). */
const EVERY_LOADER = 'VipsForeignLoad';

/**
 * The loaders left open: memory buffers only (sharp hands libvips the upload as a buffer), one
 * per accepted format. HEIF's loader reads AVIF; decodedFormatOf() refuses its other codecs.
 */
export const ALLOWED_LOADERS = [
  'VipsForeignLoadJpegBuffer',
  'VipsForeignLoadPngBuffer',
  'VipsForeignLoadWebpBuffer',
  'VipsForeignLoadHeifBuffer',
] as const;

sharp.block({ operation: [EVERY_LOADER] });
sharp.unblock({ operation: [...ALLOWED_LOADERS] });

export { sharp };
export type { Metadata } from 'sharp';

/**
 * The accepted format libvips actually decoded, or undefined for anything else. AVIF is HEIF with
 * the AV1 codec: a HEIF of another codec (HEVC, JPEG) is not what the API accepted.
 */
export function decodedFormatOf(
  metadata: Pick<Metadata, 'format' | 'compression'>,
): ImageFormat | undefined {
  switch (metadata.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
      return metadata.format;
    case 'heif':
      return metadata.compression === 'av1' ? 'avif' : undefined;
    default:
      return undefined;
  }
}
