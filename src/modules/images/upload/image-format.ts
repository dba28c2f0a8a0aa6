import type { ImageFormat } from '../image-jobs.js';

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length &&
  signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

// ISO-BMFF brands that mean AVIF (a still image or an image sequence).
const AVIF_BRANDS = new Set(['avif', 'avis']);

/**
 * The image format according to the file's own bytes. The file name and the declared content
 * type are the client's claims and are not trusted.
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('ftyp'), 4) && isAvif(bytes)) return 'avif';
  return undefined;
}

/** The `ftyp` box lists a major brand and compatible brands; any AVIF one will do. */
function isAvif(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxSize = Math.min(view.getUint32(0), bytes.length, 256);
  for (let offset = 8; offset + 4 <= boxSize; offset += 4) {
    if (offset === 12) continue; // minor version, not a brand
    const brand = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    if (AVIF_BRANDS.has(brand)) return true;
  }
  return false;
}
