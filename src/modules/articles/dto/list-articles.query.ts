import { ArgsType, Field, Int } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DefaultWhenEmpty } from '../../../platform/validation/default-when-empty.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Paging shared by the global list and the feed (REST query string and GraphQL arguments). */
@ArgsType()
export class PagingQuery {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @DefaultWhenEmpty(DEFAULT_PAGE_SIZE)
  @ApiPropertyOptional({ description: 'Page size; empty means the default.' })
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;

  @Field(() => Int, { nullable: true, defaultValue: 0 })
  @IsOptional()
  @Type(() => Number)
  @DefaultWhenEmpty(0)
  @ApiPropertyOptional({ description: 'Articles to skip; empty means 0.' })
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;
}

@ArgsType()
export class ListArticlesQuery extends PagingQuery {
  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ description: 'Only articles with this tag.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  tag?: string;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ description: 'Only articles by this username.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  author?: string;

  @Field(() => String, { nullable: true })
  @ApiPropertyOptional({ description: 'Only articles favorited by this username.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  favorited?: string;
}
