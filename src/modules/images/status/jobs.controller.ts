import { Controller, Get, type MessageEvent, Param, Req, Sse, UseGuards } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { AuthGuard } from '../../../platform/auth/auth.guard.js';
import type { Principal } from '../../../platform/auth/authenticated-request.js';
import { CurrentPrincipal } from '../../../platform/auth/current-principal.decorator.js';
import { JobEventsService } from './job-events.service.js';
import { JobOwnerGuard, type JobRequest } from './job-owner.guard.js';
import { StreamSessions } from './stream-sessions.js';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiEndpoint } from '../../../platform/openapi/api-endpoint.decorator.js';
import { JobResponse, type JobView } from './job-view.js';

/** Background jobs as their owner sees them; 404 for anyone else. */
@Controller('api/jobs')
@UseGuards(AuthGuard, JobOwnerGuard)
@ApiTags('Images')
export class JobsController {
  constructor(
    private readonly events: JobEventsService,
    private readonly streams: StreamSessions,
  ) {}

  @Get(':id')
  // The guard reads the id; the document still names it.
  @ApiParam({ name: 'id', description: 'A job id from an upload answer (`img_…`).' })
  @ApiEndpoint({
    operationId: 'GetJob',
    summary: 'A background job of the caller',
    auth: 'required',
    success: { status: 200, type: JobResponse, description: 'The job.' },
    problems: [404],
  })
  get(@Req() request: JobRequest): JobResponse {
    return { job: request.job as JobView };
  }

  /**
   * Server-Sent Events: one event per change, named after the state (`queued`, `active`,
   * `completed`, `failed`), each carrying `{"job": …}`; the stream ends with the job.
   */
  @Sse(':id/events')
  @ApiEndpoint({
    operationId: 'StreamJobEvents',
    summary: 'Follow a job live (Server-Sent Events)',
    description:
      'One event per change, named after the state (`queued`, `active`, `completed`, `failed`), its data `{"job": …}` (see JobResponse); the stream ends with the job, with the login session (logout, revocation, account deletion) or the access token, and after 10 minutes. A user holds at most SSE_MAX_STREAMS_PER_USER streams (default 5) per API instance: one more is 429 JOB_STREAMS_LIMIT with Retry-After.',
    auth: 'required',
    success: {
      status: 200,
      description: 'An event stream.',
      content: { 'text/event-stream': { schema: { type: 'string' } } },
    },
    problems: [404, 429],
  })
  stream(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Observable<MessageEvent> {
    // Thrown here, before the stream sends its headers, a 429 is still a problem response.
    const handle = this.streams.reserve(principal);
    return this.events.stream(id, principal.userId, handle);
  }
}
