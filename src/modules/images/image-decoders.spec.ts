import { describe, expect, it } from '@jest/globals';
import { decodedFormatOf, sharp } from './image-decoders.js';

// Encoders stay open (only loaders are blocked), so every sample is made here.
const sample = (format: 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff' | 'heif') =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a6' } })
    .toFormat(format, format === 'heif' ? { compression: 'av1' } : {})
    .toBuffer();

const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>',
);

describe('image decoders', () => {
  it.each(['jpeg', 'png', 'webp', 'avif'] as const)('decodes %s', async (format) => {
    const metadata = await sharp(await sample(format)).metadata();
    expect(decodedFormatOf(metadata)).toBe(format);
    await expect(
      sharp(await sample(format))
        .raw()
        .toBuffer(),
    ).resolves.toHaveLength(8 * 8 * 3);
  });

  it.each([
    ['SVG (librsvg)', () => Promise.resolve(SVG)],
    ['GIF', () => sample('gif')],
    ['TIFF', () => sample('tiff')],
  ])('refuses to load %s: its loader is blocked', async (_name, bytes) => {
    await expect(sharp(await bytes()).metadata()).rejects.toThrow(/unsupported image format/);
  });

  it('names only the four accepted formats, and AVIF only for HEIF of the AV1 codec', () => {
    expect(decodedFormatOf({ format: 'heif', compression: 'av1' })).toBe('avif');
    expect(decodedFormatOf({ format: 'heif', compression: 'hevc' })).toBeUndefined();
    expect(decodedFormatOf({ format: 'svg' })).toBeUndefined();
    expect(decodedFormatOf({ format: 'gif' })).toBeUndefined();
  });
});
