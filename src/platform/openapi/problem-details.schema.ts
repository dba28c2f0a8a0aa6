import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class ErrorMessages {
  @ApiProperty({
    type: [String],
    description: 'One message per problem (RealWorld clients show these).',
  })
  body: string[];
}

/** The OpenAPI shape of every error answer: RFC 9457 problem details (see errors/problem-details.ts). */
export class ProblemDetails {
  @ApiProperty({
    example: 'urn:conduit:problem:article-not-found',
    description: 'See docs/errors.md.',
  })
  type: string;

  @ApiProperty({ example: 'Not Found' })
  title: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 404 })
  status: number;

  @ApiProperty({ example: 'No article with this slug.' })
  detail: string;

  @ApiProperty({ example: '/api/articles/no-such-article' })
  instance: string;

  @ApiPropertyOptional({
    example: 'ARTICLE_NOT_FOUND',
    description: 'Stable machine-readable code.',
  })
  code?: string;

  @ApiProperty({ description: 'The X-Request-Id of the request, also in the logs.' })
  requestId: string;

  @ApiProperty({ type: ErrorMessages, description: 'RealWorld extension member.' })
  errors: ErrorMessages;
}
