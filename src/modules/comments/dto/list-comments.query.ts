import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DefaultWhenEmpty } from '../../../platform/validation/default-when-empty.js';

/** Paging of comments is our addition to RealWorld, whose list has none; the shape is unchanged. */
export const MAX_COMMENT_PAGE_SIZE = 100;
export const DEFAULT_COMMENT_PAGE_SIZE = 20;

/** `?limit=&offset=` on GET /api/articles/:slug/comments, and the same GraphQL arguments. */
@ArgsType()
export class ListCommentsQuery {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_COMMENT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @DefaultWhenEmpty(DEFAULT_COMMENT_PAGE_SIZE)
  @ApiPropertyOptional({
    description:
      'Comments per page, newest first (an addition to RealWorld); empty means the default.',
  })
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_COMMENT_PAGE_SIZE)
  limit: number = DEFAULT_COMMENT_PAGE_SIZE;

  @Field(() => Int, { nullable: true, defaultValue: 0 })
  @IsOptional()
  @Type(() => Number)
  @DefaultWhenEmpty(0)
  @ApiPropertyOptional({
    description: 'Comments to skip (an addition to RealWorld); empty means 0.',
  })
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;
}
