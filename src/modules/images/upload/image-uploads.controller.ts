import {
  applyDecorators,
  Controller,
  HttpCode,
  Inject,
  Param,
  Put,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { AuthGuard } from '../../../platform/auth/auth.guard.js';
import type { Principal } from '../../../platform/auth/authenticated-request.js';
import { CurrentPrincipal } from '../../../platform/auth/current-principal.decorator.js';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import {
  ApiEndpoint,
  type EndpointSpec,
} from '../../../platform/openapi/api-endpoint.decorator.js';
import { JobResponse } from '../status/job-view.js';
import { readImagePart } from './read-image-part.js';
import { ImageUploadsService, type UploadTarget } from './image-uploads.service.js';

/** The only routes that accept multipart/form-data (see platform/http/multipart.ts). */
export const IMAGE_UPLOAD_ROUTES = ['/api/user/image', '/api/articles/:slug/image'] as const;

const IMAGE_PART = {
  type: 'object' as const,
  required: ['image'],
  properties: {
    image: {
      type: 'string' as const,
      format: 'binary',
      description:
        'JPEG, PNG, WebP or AVIF, told by its bytes (name and declared type are ignored); at most IMAGE_MAX_BYTES (10 MiB) and IMAGE_MAX_PIXELS (50 megapixels).',
    },
  },
};

const ACCEPTED: EndpointSpec['success'] = {
  status: 202,
  type: JobResponse,
  description: 'Checked and queued; follow the job at `statusUrl` (or its events at `eventsUrl`).',
  headers: {
    Location: { description: 'The job status URL.', required: true, schema: { type: 'string' } },
  },
};

/** Multipart with one `image` file; processed in the background. */
const ImageUpload = (spec: Omit<EndpointSpec, 'auth' | 'success'>) =>
  applyDecorators(
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: IMAGE_PART }),
    ApiEndpoint({ ...spec, auth: 'required', success: ACCEPTED }),
  );

/**
 * Image uploads: answered with 202 and a job to follow, as soon as the image is checked and
 * recorded. Processing happens in the worker process.
 */
@Controller('api')
@UseGuards(AuthGuard)
@ApiTags('Images')
export class ImageUploadsController {
  constructor(
    private readonly uploads: ImageUploadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Put('user/image')
  @HttpCode(202)
  @ImageUpload({ operationId: 'UploadUserImage', summary: "Upload the caller's avatar" })
  avatar(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobResponse> {
    return this.accept({ target: 'avatar', userId: principal.userId }, request, reply);
  }

  @Put('articles/:slug/image')
  @HttpCode(202)
  @ImageUpload({
    operationId: 'UploadArticleImage',
    summary: "Upload an article's cover image (its author only)",
    problems: [403, 404],
  })
  articleImage(
    @CurrentPrincipal() principal: Principal,
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobResponse> {
    return this.accept({ target: 'article', userId: principal.userId, slug }, request, reply);
  }

  private async accept(
    target: UploadTarget,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<JobResponse> {
    const response = await this.uploads.upload(target, (receive) =>
      readImagePart(request, this.config.images.maxBytes, receive),
    );
    reply.header('location', response.job.statusUrl);
    return response;
  }
}
