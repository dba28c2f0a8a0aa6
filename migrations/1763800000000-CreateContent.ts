import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Profiles' follows, articles with tags and favorites, and comments. */
export class CreateContent1763800000000 implements MigrationInterface {
  name = 'CreateContent1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "follows" (
        "follower_id" uuid NOT NULL,
        "followee_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "follows_pkey" PRIMARY KEY ("follower_id", "followee_id"),
        CONSTRAINT "follows_not_self" CHECK ("follower_id" <> "followee_id"),
        CONSTRAINT "follows_follower_fkey" FOREIGN KEY ("follower_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "follows_followee_fkey" FOREIGN KEY ("followee_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    // The primary key serves "whom do I follow" (the feed); this serves the cascade and "followers of".
    await queryRunner.query(`CREATE INDEX "follows_followee_idx" ON "follows" ("followee_id")`);

    await queryRunner.query(`
      CREATE TABLE "articles" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "slug" character varying(255) NOT NULL,
        "title" character varying(200) NOT NULL,
        "description" character varying(1000) NOT NULL,
        "body" text NOT NULL,
        "author_id" uuid NOT NULL,
        "favorites_count" integer NOT NULL DEFAULT 0,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "articles_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "articles_slug_key" UNIQUE ("slug"),
        CONSTRAINT "articles_favorites_count_check" CHECK ("favorites_count" >= 0),
        CONSTRAINT "articles_author_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    // The global list is newest first; the feed and ?author= are newest first per author.
    await queryRunner.query(
      `CREATE INDEX "articles_created_idx" ON "articles" ("created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "articles_author_created_idx" ON "articles" ("author_id", "created_at" DESC, "id" DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE "tags" (
        "id" SERIAL NOT NULL,
        "name" character varying(40) NOT NULL,
        CONSTRAINT "tags_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "tags_name_key" UNIQUE ("name")
      )`);
    await queryRunner.query(`
      CREATE TABLE "article_tags" (
        "article_id" uuid NOT NULL,
        "tag_id" integer NOT NULL,
        CONSTRAINT "article_tags_pkey" PRIMARY KEY ("article_id", "tag_id"),
        CONSTRAINT "article_tags_article_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE,
        CONSTRAINT "article_tags_tag_fkey" FOREIGN KEY ("tag_id") REFERENCES "tags"("id") ON DELETE CASCADE
      )`);
    // ?tag= looks articles up by tag.
    await queryRunner.query(
      `CREATE INDEX "article_tags_tag_idx" ON "article_tags" ("tag_id", "article_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "favorites" (
        "user_id" uuid NOT NULL,
        "article_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "favorites_pkey" PRIMARY KEY ("user_id", "article_id"),
        CONSTRAINT "favorites_user_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
        CONSTRAINT "favorites_article_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "favorites_article_idx" ON "favorites" ("article_id")`);

    await queryRunner.query(`
      CREATE TABLE "comments" (
        "id" SERIAL NOT NULL,
        "article_id" uuid NOT NULL,
        "author_id" uuid NOT NULL,
        "body" character varying(5000) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "comments_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "comments_article_fkey" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE,
        CONSTRAINT "comments_author_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "comments_article_created_idx" ON "comments" ("article_id", "created_at" DESC)`,
    );
    await queryRunner.query(`CREATE INDEX "comments_author_idx" ON "comments" ("author_id")`);

    // Idempotency-Key records: the stored answer is replayed to a retry of the same request.
    await queryRunner.query(`
      CREATE TABLE "idempotency_keys" (
        "user_id" uuid NOT NULL,
        "key" character varying(255) NOT NULL,
        "scope" character varying(100) NOT NULL,
        "request_hash" character(64) NOT NULL,
        "status" smallint,
        "response" jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("user_id", "key"),
        CONSTRAINT "idempotency_keys_user_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" ("created_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'comments',
      'favorites',
      'article_tags',
      'tags',
      'articles',
      'follows',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
