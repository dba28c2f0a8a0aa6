import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** A small photo-like JPEG (a gradient), optionally with EXIF to prove it gets stripped. */
export function jpeg(width = 320, height = 240, options: { exif?: boolean; seed?: number } = {}) {
  const seed = options.seed ?? 0;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      pixels[offset] = (x * 255) / width;
      pixels[offset + 1] = (y * 255) / height;
      pixels[offset + 2] = (seed * 37 + x + y) & 255;
    }
  }
  let image = sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 });
  if (options.exif)
    image = image.withExif({ IFD0: { Copyright: 'exif-marker', Artist: 'exif-marker' } });
  return image.toBuffer();
}

export const encodeAs = (input: Buffer, format: 'png' | 'webp' | 'avif') =>
  sharp(input).toFormat(format).toBuffer();

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a PNG of about 140 bytes whose header promises `width` x `height`
 * pixels (20000 x 20000 would need 1.2 GB to decode).
 */
export function pngBomb(width = 20_000, height = 20_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(60_001))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The red team's SVG disguised as AVIF (issue 12): under 300 bytes, "ftypavif" at offset 4 (in
 * a comment), and filters over 7000 x 7000 pixels that keep librsvg busy for seconds.
 */
export const SVG_AS_AVIF = Buffer.from(
  '<!--ftypavif--><svg xmlns="http://www.w3.org/2000/svg" width="7000" height="7000">' +
    '<filter id="f"><feTurbulence baseFrequency=".9" numOctaves="9"/>' +
    '<feMorphology radius="200"/><feMorphology radius="200" operator="dilate"/></filter>' +
    '<rect width="100%" height="100%" filter="url(#f)"/></svg>',
);

/** A well-formed ISO-BMFF `ftyp` box of an AVIF, then `rest`: passes the AVIF sniffing. */
export function behindAvifFtyp(rest: Buffer): Buffer {
  const ftyp = Buffer.from('\0\0\0\x18ftypavif\0\0\0\0mif1miaf', 'latin1');
  const box = Buffer.alloc(8);
  box.writeUInt32BE(8 + rest.length);
  box.write('free', 4, 'latin1');
  return Buffer.concat([ftyp, box, rest]);
}
