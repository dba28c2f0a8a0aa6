import type { ImageFormat } from '../image-jobs.js';

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length &&
  signature.every((byte, index) => bytes[offset + index] === byte);

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

// ISO-BMFF brands that mean AVIF (a still image or an image sequence).
const AVIF_BRANDS = new Set(['avif', 'avis']);

/**
 * The image format according to the file's own bytes. The file name and the declared content
 * type are the client's claims and are not trusted. `bytes` may be the first bytes of a file of
 * `size` bytes: the first 264 are all it reads.
 */
export function sniffImageFormat(
  bytes: Uint8Array,
  size: number = bytes.length,
): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (isAvif(bytes, size)) return 'avif';
  return undefined;
}

// An ftyp box is 8 bytes of header, a major brand, a minor version and compatible brands; real
// files list a handful. A bound far above that keeps the scan short.
const FTYP_MIN_SIZE = 16;
const FTYP_MAX_SIZE = 256;
const BOX_HEADER = 8;

/**
 * An AVIF is an ISO-BMFF file: a sequence of boxes, each a 32-bit big-endian size then a type.
 * The first box must be `ftyp`, at offset 0, with a size that fits its brands and the file, and
 * one of its brands (major or compatible) must be an AVIF one. The box after it must look like a
 * box too. Being strict about the structure matters: a file that merely contains "ftypavif" near
 * its start (an SVG opening with `<!--ftypavif-->`) once passed, and libvips then chose the
 * loader it recognised instead.
 */
function isAvif(bytes: Uint8Array, size: number): boolean {
  if (bytes.length < FTYP_MIN_SIZE + BOX_HEADER || !startsWith(bytes, ascii('ftyp'), 4)) {
    return false;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ftypSize = view.getUint32(0);
  if (ftypSize < FTYP_MIN_SIZE || ftypSize > FTYP_MAX_SIZE || ftypSize % 4 !== 0) return false;
  if (!isBoxHeader(bytes, size, view, ftypSize)) return false;
  const brands = [8];
  for (let offset = 16; offset < ftypSize; offset += 4) brands.push(offset); // 12: minor version
  return brands.some((offset) => AVIF_BRANDS.has(fourCC(bytes, offset)));
}

/** A box header at `offset`: a size that fits the file (0: to the end; 1: a 64-bit size follows), a printable type. */
function isBoxHeader(bytes: Uint8Array, fileSize: number, view: DataView, offset: number): boolean {
  if (offset + BOX_HEADER > bytes.length) return false;
  const size = view.getUint32(offset);
  const sizeFits = size === 0 || size === 1 || (size >= BOX_HEADER && offset + size <= fileSize);
  return sizeFits && /^[\x20-\x7e]{4}$/.test(fourCC(bytes, offset + 4));
}

const fourCC = (bytes: Uint8Array, offset: number) =>
  String.fromCharCode(...bytes.subarray(offset, offset + 4));
