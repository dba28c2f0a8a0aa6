import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ImageError } from '../images.errors.js';
import { JOB_VIEW_COLUMNS, type JobRow, type JobView, toJobView } from './job-view.js';

/** Reads jobs from Postgres, which knows them for good and answers while Redis is down. */
@Injectable()
export class JobStatusService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Only the owner may see a job; to anyone else it does not exist (404, not 403). */
  async get(id: string, viewerId: string): Promise<JobView> {
    const [row]: JobRow[] = await this.dataSource.query(
      `SELECT ${JOB_VIEW_COLUMNS} FROM image_jobs WHERE id = $1 AND owner_id = $2`,
      [id, viewerId],
    );
    if (!row) throw ImageError.jobNotFound(id);
    return toJobView(row);
  }
}
