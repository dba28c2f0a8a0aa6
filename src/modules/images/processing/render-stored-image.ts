import type { ObjectStorage } from '../../../infra/storage/object-storage.js';
import { variantKey } from './image-renditions.js';
import { type RenderedImage, renderImage } from './render-image.js';
import { type RenderJob, type RenderSummary, UnprocessableImageError } from './render-protocol.js';

/**
 * One render from storage to storage: reads the original, renders it, stores every variant
 * under its final key, and answers their sizes. In the worker this runs inside a render child,
 * on the child's own storage; inline (the benchmark's control), in the API.
 *
 * A failure to decode or encode is the image's (UnprocessableImageError, not retried); a storage
 * failure is not, and the job's next attempt may succeed.
 */
export async function renderStoredImage(
  storage: ObjectStorage,
  job: RenderJob,
  onProgress: (percent: number) => void,
): Promise<RenderSummary> {
  const input = await storage.read(job.originalKey);
  let image: RenderedImage;
  try {
    image = await renderImage(input, job.spec, onProgress);
  } catch (error) {
    throw new UnprocessableImageError((error as Error).message);
  }
  for (const variant of image.variants) {
    await storage.put(
      variantKey(job.imageJobId, variant.size, variant.format),
      variant.data,
      `image/${variant.format}`,
    );
  }
  const { width, height, placeholder } = image;
  const variants = image.variants.map(({ data, ...variant }) => ({
    ...variant,
    bytes: data.byteLength,
  }));
  return { width, height, placeholder, variants };
}
