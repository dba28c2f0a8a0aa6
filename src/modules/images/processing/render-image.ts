import { encode } from 'blurhash';
import type { OutputInfo, ResizeOptions, Sharp } from 'sharp';
import { decodedFormatOf, sharp } from '../image-decoders.js';
import type { ImageFormat } from '../image-jobs.js';

/** What to make of one uploaded image. */
export interface RenderSpec {
  /** The format the API accepted the upload as: anything that decodes as another is refused. */
  format: ImageFormat;
  /** Longest side (or side of the square, for `cover`) of each variant, in pixels. */
  sizes: number[];
  /** `cover`: square crops (avatars); `inside`: the whole picture scaled down (article covers). */
  fit: 'cover' | 'inside';
  /** AVIF is tried for sizes from this one up, and kept only where it is clearly smaller. */
  avifFromSize: number;
  maxPixels: number;
}

export interface RenderedVariant {
  size: number;
  format: 'webp' | 'avif';
  width: number;
  height: number;
  data: Uint8Array;
}

export interface RenderedImage {
  /** Dimensions after EXIF orientation, before resizing. */
  width: number;
  height: number;
  placeholder: string;
  variants: RenderedVariant[];
}

const WEBP = { quality: 80 } as const;
// Effort 2 encodes in a fraction of the default's time (4) for a few percent more bytes.
const AVIF = { quality: 50, effort: 2 } as const;
// AVIF costs more to encode and is not decoded everywhere: keep it only when it saves this much.
const AVIF_MIN_SAVING = 0.1;
const PLACEHOLDER_SIDE = 32;

const resizeTo = (size: number, fit: RenderSpec['fit']): ResizeOptions => ({
  width: size,
  height: size,
  fit,
  withoutEnlargement: true,
});

/**
 * Decodes once, then encodes every variant from a copy already shrunk to the largest size, which
 * is most of the saving on a 12-megapixel photo. Output carries no metadata (sharp drops EXIF,
 * including GPS position, unless asked to keep it) and is converted to sRGB.
 *
 * Pure CPU work: it runs in a low-priority child process (render-child.ts), never in the API.
 * Only the loaders of the accepted formats are open (image-decoders.ts).
 */
export async function renderImage(
  input: Uint8Array,
  spec: RenderSpec,
  onProgress: (percent: number) => void = () => undefined,
): Promise<RenderedImage> {
  const source = sharp(input, { limitInputPixels: spec.maxPixels }).rotate();
  const metadata = await source.metadata();
  // The API checked this too; the original went through storage since, and this process is the
  // one that decodes every pixel.
  const decoded = decodedFormatOf(metadata);
  if (decoded !== spec.format) {
    throw new Error(`decoded as ${metadata.format ?? 'nothing'}, accepted as ${spec.format}`);
  }
  const { width = 0, height = 0, autoOrient } = metadata;
  const largest = Math.max(...spec.sizes);
  const base = await source
    .resize(resizeTo(largest, spec.fit))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const fromBase = () =>
    sharp(base.data, {
      raw: { width: base.info.width, height: base.info.height, channels: base.info.channels },
    });
  onProgress(40);

  const variants: RenderedVariant[] = [];
  const sizes = [...spec.sizes].sort((a, b) => b - a);
  for (const [index, size] of sizes.entries()) {
    const resized = fromBase().resize(resizeTo(size, spec.fit));
    const webp = await resized.clone().webp(WEBP).toBuffer({ resolveWithObject: true });
    variants.push(variant(size, 'webp', webp));
    if (size >= spec.avifFromSize) {
      const avif = await resized.clone().avif(AVIF).toBuffer({ resolveWithObject: true });
      if (avif.data.length <= webp.data.length * (1 - AVIF_MIN_SAVING)) {
        variants.push(variant(size, 'avif', avif));
      }
    }
    onProgress(40 + Math.round((50 * (index + 1)) / sizes.length));
  }

  const placeholder = await blurhashOf(fromBase());
  onProgress(95);
  return {
    width: autoOrient?.width ?? width,
    height: autoOrient?.height ?? height,
    placeholder,
    variants,
  };
}

function variant(
  size: number,
  format: RenderedVariant['format'],
  output: { data: Buffer; info: OutputInfo },
): RenderedVariant {
  return { size, format, width: output.info.width, height: output.info.height, data: output.data };
}

async function blurhashOf(image: Sharp): Promise<string> {
  const { data, info } = await image
    .resize(PLACEHOLDER_SIDE, PLACEHOLDER_SIDE, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  // More components along the longer side keep the placeholder's shape believable.
  const [x, y] = info.width >= info.height ? [4, 3] : [3, 4];
  return encode(new Uint8ClampedArray(data), info.width, info.height, x, y);
}
