import { describe, expect, it } from '@jest/globals';
import { isBlurhashValid } from 'blurhash';
import sharp from 'sharp';
import { renderImage, type RenderSpec } from './render-image.js';

const spec = (overrides: Partial<RenderSpec> = {}): RenderSpec => ({
  format: 'jpeg',
  sizes: [64, 256, 1024],
  fit: 'inside',
  avifFromSize: 256,
  maxPixels: 50_000_000,
  ...overrides,
});

/** A landscape photo-like JPEG carrying EXIF (including a made-up camera position). */
function photo(width = 1600, height = 1200): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    pixels[i] = (x * 255) / width;
    pixels[i + 1] = (y * 255) / height;
    pixels[i + 2] = 128;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'someone', Copyright: 'private' } })
    .toBuffer();
}

describe('renderImage', () => {
  it('makes every size in WebP, keeping the shape, with no metadata left', async () => {
    const input = await photo();
    const progress: number[] = [];
    const image = await renderImage(input, spec(), (percent) => progress.push(percent));

    expect(image).toMatchObject({ width: 1600, height: 1200 });
    const webp = image.variants.filter((variant) => variant.format === 'webp');
    expect(webp.map(({ size, width, height }) => ({ size, width, height }))).toEqual([
      { size: 1024, width: 1024, height: 768 },
      { size: 256, width: 256, height: 192 },
      { size: 64, width: 64, height: 48 },
    ]);
    for (const variant of image.variants) {
      const metadata = await sharp(variant.data).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.icc).toBeUndefined();
      expect(metadata.format).toBe(variant.format === 'webp' ? 'webp' : 'heif');
    }
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBeLessThan(100);
  });

  it('crops avatars to squares', async () => {
    const image = await renderImage(await photo(), spec({ fit: 'cover' }));
    for (const variant of image.variants) expect(variant.width).toBe(variant.height);
  });

  it('keeps AVIF only where it is clearly smaller than the WebP of the same size', async () => {
    const image = await renderImage(await photo(), spec());
    for (const avif of image.variants.filter((variant) => variant.format === 'avif')) {
      const webp = image.variants.find((v) => v.format === 'webp' && v.size === avif.size);
      expect(avif.size).toBeGreaterThanOrEqual(256);
      expect(avif.data.byteLength).toBeLessThan((webp?.data.byteLength ?? 0) * 0.9);
    }
  });

  it('never enlarges a small image', async () => {
    const small = await sharp({
      create: { width: 40, height: 30, channels: 3, background: '#36c' },
    })
      .png()
      .toBuffer();
    const image = await renderImage(small, spec({ format: 'png' }));
    for (const variant of image.variants) expect(variant.width).toBeLessThanOrEqual(40);
  });

  it('computes a blurhash placeholder', async () => {
    const { placeholder } = await renderImage(await photo(), spec());
    expect(isBlurhashValid(placeholder)).toEqual({ result: true });
  });

  it('follows the EXIF orientation', async () => {
    const rotated = await sharp(await photo(400, 200))
      .withExif({})
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const image = await renderImage(rotated, spec());
    expect(image).toMatchObject({ width: 200, height: 400 });
    expect(image.variants[0]).toMatchObject({ width: 200, height: 400 });
  });

  it('rejects a truncated file and an image over the pixel limit', async () => {
    const input = await photo();
    await expect(renderImage(input.subarray(0, input.length / 2), spec())).rejects.toThrow();
    await expect(renderImage(input, spec({ maxPixels: 1_000_000 }))).rejects.toThrow(/pixel/i);
  });

  it('rejects an image that decodes as another format than the one accepted', async () => {
    await expect(renderImage(await photo(), spec({ format: 'avif' }))).rejects.toThrow(
      'decoded as jpeg, accepted as avif',
    );
  });
});
