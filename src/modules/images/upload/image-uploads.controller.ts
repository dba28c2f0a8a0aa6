import { Controller, HttpCode, Inject, Param, Put, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { AuthGuard } from '../../../platform/auth/auth.guard.js';
import type { Principal } from '../../../platform/auth/authenticated-request.js';
import { CurrentPrincipal } from '../../../platform/auth/current-principal.decorator.js';
import type { JobResponse } from '../status/job-view.js';
import { readImagePart } from './read-image-part.js';
import { ImageUploadsService, type UploadTarget } from './image-uploads.service.js';

/** The only routes that accept multipart/form-data (see platform/http/multipart.ts). */
export const IMAGE_UPLOAD_ROUTES = ['/api/user/image', '/api/articles/:slug/image'] as const;

/**
 * Image uploads: answered with 202 and a job to follow, as soon as the image is checked and
 * recorded. Processing happens in the worker process.
 */
@Controller('api')
@UseGuards(AuthGuard)
export class ImageUploadsController {
  constructor(
    private readonly uploads: ImageUploadsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Put('user/image')
  @HttpCode(202)
  avatar(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobResponse> {
    return this.accept({ target: 'avatar', userId: principal.userId }, request, reply);
  }

  @Put('articles/:slug/image')
  @HttpCode(202)
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
    const bytes = await readImagePart(request, this.config.images.maxBytes);
    const response = await this.uploads.upload(target, bytes);
    reply.header('location', response.job.statusUrl);
    return response;
  }
}
