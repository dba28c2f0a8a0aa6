import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from '../../../platform/auth/authenticated-request.js';
import { AuthenticationRequiredError } from '../../../platform/auth/auth.errors.js';
import { IMAGE_JOB_ID } from '../image-jobs.js';
import { ImageError } from '../images.errors.js';
import { JobStatusService } from './job-status.service.js';
import type { JobView } from './job-view.js';

/** The request's job, as {@link JobOwnerGuard} read it. */
export type JobRequest = AuthenticatedRequest & { job?: JobView };

/**
 * Lets the job's owner through and answers 404 to anyone else, as for a job that does not
 * exist. A guard rather than a check in the handler: an event stream has sent its headers by
 * the time its handler fails, and a guard's error still becomes a proper problem response.
 */
@Injectable()
export class JobOwnerGuard implements CanActivate {
  constructor(private readonly status: JobStatusService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<JobRequest & { params: { id?: string } }>();
    if (!request.principal) throw new AuthenticationRequiredError();
    const id = request.params.id ?? '';
    if (!IMAGE_JOB_ID.test(id)) throw ImageError.jobNotFound(id);
    request.job = await this.status.get(id, request.principal.userId);
    return true;
  }
}
