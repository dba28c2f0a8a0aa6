import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ImageJobResult, ImageJobState, ImageTarget, ImageVariant } from '../image-jobs.js';

class ImageVariantView implements ImageVariant {
  @ApiProperty({ type: 'integer', description: 'Longest side in pixels (64, 256 or 1024).' })
  size: number;

  @ApiProperty({ enum: ['webp', 'avif'] })
  format: 'webp' | 'avif';

  @ApiProperty({ type: 'integer' })
  width: number;

  @ApiProperty({ type: 'integer' })
  height: number;

  @ApiProperty({ type: 'integer' })
  bytes: number;

  @ApiProperty()
  url: string;
}

class ImageJobResultView implements ImageJobResult {
  @ApiProperty({ description: 'The URL now in user.image or the article image.' })
  image: string;

  @ApiProperty({ description: 'A blurhash to paint while the image loads.' })
  placeholder: string;

  @ApiProperty({ type: 'integer' })
  width: number;

  @ApiProperty({ type: 'integer' })
  height: number;

  @ApiProperty({ type: [ImageVariantView] })
  variants: ImageVariantView[];

  @ApiProperty({
    description: 'False when a newer upload for the same target was already applied.',
  })
  applied: boolean;
}

/** A job as its owner sees it. `result` only once completed, `error` only once failed. */
export class JobView {
  @ApiProperty({ example: 'img_0123456789abcdef0123456789abcdef' })
  id: string;

  @ApiProperty({ enum: ['avatar-image', 'article-image'] })
  type: `${ImageTarget}-image`;

  @ApiProperty({ enum: ['queued', 'active', 'completed', 'failed'] })
  state: ImageJobState;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  progress: number;

  @ApiProperty({ type: 'integer', minimum: 0 })
  attempts: number;

  @ApiProperty({ example: '/api/jobs/img_0123456789abcdef0123456789abcdef' })
  statusUrl: string;

  @ApiProperty({ example: '/api/jobs/img_0123456789abcdef0123456789abcdef/events' })
  eventsUrl: string;

  @ApiPropertyOptional({ type: ImageJobResultView, description: 'Once completed.' })
  result?: ImageJobResult;

  @ApiPropertyOptional({
    description:
      'Once failed: a fixed sentence ending with its code, IMAGE_UNPROCESSABLE (the file cannot be decoded, or is not the format it claims; not retried) or IMAGE_PROCESSING_FAILED (every attempt failed; the previous image was kept). The cause stays in the worker log.',
  })
  error?: string;
}

export class JobResponse {
  @ApiProperty()
  job: JobView;
}

/** The columns of image_jobs a view needs. */
export interface JobRow {
  id: string;
  target: ImageTarget;
  state: ImageJobState;
  progress: number;
  attempts: number;
  result: ImageJobResult | null;
  error: string | null;
}

export const JOB_VIEW_COLUMNS = 'id, target, state, progress, attempts, result, error';

export function toJobView(row: JobRow): JobView {
  return {
    id: row.id,
    type: `${row.target}-image`,
    state: row.state,
    progress: row.progress,
    attempts: row.attempts,
    statusUrl: `/api/jobs/${row.id}`,
    eventsUrl: `/api/jobs/${row.id}/events`,
    ...(row.state === 'completed' && row.result ? { result: row.result } : {}),
    ...(row.state === 'failed' ? { error: row.error ?? 'processing failed' } : {}),
  };
}

export const isFinished = (view: JobView) => view.state === 'completed' || view.state === 'failed';
