import { Controller, Get, Header, Inject, Param, Res, StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiEndpoint } from '../../platform/openapi/api-endpoint.decorator.js';
import { OBJECT_STORAGE, type ObjectStorage } from '../../infra/storage/object-storage.js';
import { IMAGE_JOB_ID } from './image-jobs.js';
import { ImageError } from './images.errors.js';
import { variantKey } from './processing/image-renditions.js';

const FILE = /^(\d{1,4})\.(webp|avif)$/;

/**
 * Serves processed images from storage. Their URLs never change content (a new upload gets a
 * new job id), so browsers and CDNs may keep them for a year without asking again. Originals
 * are not reachable: they may still carry EXIF data such as the GPS position.
 */
@Controller('media/images')
@ApiTags('Images')
export class MediaController {
  constructor(@Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage) {}

  @Get(':jobId/:file')
  @ApiEndpoint({
    operationId: 'GetImage',
    summary: 'A processed image (the URLs in image results)',
    description: '`{size}.{webp|avif}`; immutable, cacheable for a year.',
    auth: 'none',
    success: {
      status: 200,
      description: 'The image.',
      content: {
        'image/webp': { schema: { type: 'string', format: 'binary' } },
        'image/avif': { schema: { type: 'string', format: 'binary' } },
      },
      headers: {
        'Cache-Control': {
          required: true,
          schema: { type: 'string' },
          description: '`public, max-age=31536000, immutable`.',
        },
        ETag: { required: true, schema: { type: 'string' } },
      },
    },
    problems: [404],
  })
  @Header('cache-control', 'public, max-age=31536000, immutable')
  @Header('x-content-type-options', 'nosniff')
  async get(
    @Param('jobId') jobId: string,
    @Param('file') file: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const match = FILE.exec(file);
    const object =
      IMAGE_JOB_ID.test(jobId) && match
        ? await this.storage.open(variantKey(jobId, Number(match[1]), match[2]))
        : undefined;
    if (!object) {
      reply.header('cache-control', 'no-store');
      throw ImageError.imageNotFound();
    }
    reply.header('etag', `"${jobId}-${file}"`);
    return new StreamableFile(object.body, { type: object.contentType, length: object.size });
  }
}
