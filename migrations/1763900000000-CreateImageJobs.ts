import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Article images, image-processing jobs and the transactional outbox that enqueues them. */
export class CreateImageJobs1763900000000 implements MigrationInterface {
  name = 'CreateImageJobs1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "articles" ADD "image" character varying(2048)`);

    await queryRunner.query(`
      CREATE TABLE "image_jobs" (
        "id" character varying(40) NOT NULL,
        "owner_id" uuid NOT NULL,
        "target" character varying(16) NOT NULL,
        "article_id" uuid,
        "content_hash" character(64) NOT NULL,
        "original_key" character varying(255) NOT NULL,
        "format" character varying(8) NOT NULL,
        "width" integer NOT NULL,
        "height" integer NOT NULL,
        "bytes" integer NOT NULL,
        "run" smallint NOT NULL DEFAULT 1,
        "state" character varying(16) NOT NULL DEFAULT 'queued',
        "progress" smallint NOT NULL DEFAULT 0,
        "attempts" smallint NOT NULL DEFAULT 0,
        "result" jsonb,
        "error" character varying(500),
        "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "image_jobs_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "image_jobs_target_check" CHECK ("target" IN ('avatar', 'article') AND ("target" = 'article') = ("article_id" IS NOT NULL)),
        CONSTRAINT "image_jobs_state_check" CHECK ("state" IN ('queued', 'active', 'completed', 'failed')),
        CONSTRAINT "image_jobs_progress_check" CHECK ("progress" BETWEEN 0 AND 100),
        CONSTRAINT "image_jobs_owner_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "image_jobs_article_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE
      )`);
    // "Is a newer upload for this avatar / this article already applied?" and the cascades.
    await queryRunner.query(
      `CREATE INDEX "image_jobs_owner_target_idx" ON "image_jobs" ("owner_id", "target", "requested_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "image_jobs_article_idx" ON "image_jobs" ("article_id", "requested_at")`,
    );

    await queryRunner.query(`
      CREATE TABLE "outbox_messages" (
        "id" BIGSERIAL NOT NULL,
        "queue" character varying(64) NOT NULL,
        "job_name" character varying(64) NOT NULL,
        "job_id" character varying(128) NOT NULL,
        "payload" jsonb NOT NULL,
        "job_options" jsonb NOT NULL,
        "trace_context" jsonb NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" character varying(500),
        "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id")
      )`);
    // The relay takes the oldest due messages first.
    await queryRunner.query(
      `CREATE INDEX "outbox_messages_available_idx" ON "outbox_messages" ("available_at", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
    await queryRunner.query(`DROP TABLE "image_jobs"`);
    await queryRunner.query(`ALTER TABLE "articles" DROP COLUMN "image"`);
  }
}
