import type { ImageFormat, ImageJobResult, ImageTarget, ImageVariant } from '../image-jobs.js';
import type { RenderSpec } from './render-image.js';
import type { RenderSummary } from './render-protocol.js';

export const IMAGE_SIZES = [64, 256, 1024];

/** Avatars are square crops; article covers keep their shape. */
export function renderSpecFor(
  target: ImageTarget,
  format: ImageFormat,
  maxPixels: number,
): RenderSpec {
  return {
    format,
    sizes: IMAGE_SIZES,
    fit: target === 'avatar' ? 'cover' : 'inside',
    avifFromSize: 256,
    maxPixels,
  };
}

/** The variant that goes into `user.image` / `article.image`: WebP, which every browser shows. */
const PRIMARY_SIZE: Record<ImageTarget, number> = { avatar: 256, article: 1024 };

/** Storage key of a processed variant; never reused for other bytes, so it can be cached forever. */
export const variantKey = (imageJobId: string, size: number, format: string) =>
  `images/${imageJobId}/${size}.${format}`;

export function describeResult(
  imageJobId: string,
  target: ImageTarget,
  image: RenderSummary,
  publicBaseUrl: string,
): Omit<ImageJobResult, 'applied'> {
  const variants: ImageVariant[] = image.variants.map((variant) => ({
    size: variant.size,
    format: variant.format,
    width: variant.width,
    height: variant.height,
    bytes: variant.bytes,
    url: `${publicBaseUrl}/${variantKey(imageJobId, variant.size, variant.format)}`,
  }));
  const primary = variants.find(
    (variant) => variant.format === 'webp' && variant.size === PRIMARY_SIZE[target],
  );
  return {
    image: primary?.url ?? variants[0].url,
    placeholder: image.placeholder,
    width: image.width,
    height: image.height,
    variants,
  };
}
