import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../../platform/errors/app-error.js';

@Injectable()
export class AdminService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async setRole(
    username: string,
    role: 'user' | 'admin',
  ): Promise<{ user: { username: string; role: string } }> {
    const rows: { username: string; role: string }[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE users SET role = $2, updated_at = now() WHERE lower(username) = lower($1)
         RETURNING username, role)
       SELECT * FROM changed`,
      [username, role],
    );
    if (rows.length === 0) {
      throw new AppError('not_found', 'PROFILE_NOT_FOUND', `profile "${username}" not found`);
    }
    return { user: rows[0] };
  }
}
