import { Controller, Get, type MessageEvent, Param, Sse, UseGuards } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { AuthGuard } from '../../../platform/auth/auth.guard.js';
import type { Principal } from '../../../platform/auth/authenticated-request.js';
import { CurrentPrincipal } from '../../../platform/auth/current-principal.decorator.js';
import { ImageError } from '../images.errors.js';
import { JobEventsService } from './job-events.service.js';
import { JobStatusService } from './job-status.service.js';
import type { JobResponse } from './job-view.js';

const JOB_ID = /^img_[0-9a-f]{32}$/;

/** Background jobs as their owner sees them. */
@Controller('api/jobs')
@UseGuards(AuthGuard)
export class JobsController {
  constructor(
    private readonly status: JobStatusService,
    private readonly events: JobEventsService,
  ) {}

  @Get(':id')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<JobResponse> {
    return { job: await this.status.get(checkedId(id), principal.userId) };
  }

  /**
   * Server-Sent Events: one event per change, named after the state (`queued`, `active`,
   * `completed`, `failed`), each carrying `{"job": …}`; the stream ends with the job.
   */
  @Sse(':id/events')
  async stream(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<Observable<MessageEvent>> {
    // Read once first, so an unknown job is a 404 problem rather than an empty stream.
    await this.status.get(checkedId(id), principal.userId);
    return this.events.stream(id, principal.userId);
  }
}

function checkedId(id: string): string {
  if (!JOB_ID.test(id)) throw ImageError.jobNotFound(id);
  return id;
}
