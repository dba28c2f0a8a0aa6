import type { ImageJobResult, ImageJobState, ImageTarget } from '../image-jobs.js';

/** A job as its owner sees it. `result` only once completed, `error` only once failed. */
export interface JobView {
  id: string;
  type: `${ImageTarget}-image`;
  state: ImageJobState;
  progress: number;
  attempts: number;
  statusUrl: string;
  eventsUrl: string;
  result?: ImageJobResult;
  error?: string;
}

export interface JobResponse {
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
