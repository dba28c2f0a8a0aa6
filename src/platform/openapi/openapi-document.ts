import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { applyDtoConstraints } from './dto-constraints.js';
import { API_CONTRACT_VERSION, BEARER_SCHEME, TOKEN_SCHEME } from './openapi-constants.js';
import { applyPlatformResponses } from './platform-responses.js';
import { ProblemDetails } from './problem-details.schema.js';
import { HEADER_COMPONENTS, problemResponseComponents } from './problem-responses.js';
import { sortedDocument } from './sorted-document.js';

const DESCRIPTION = [
  'The RealWorld ("Conduit") API, plus refresh tokens, image uploads processed in the background,',
  'job status and events, moderation, and health probes. Every error is an RFC 9457 problem',
  "(`application/problem+json`) that also carries RealWorld's `errors.body` array.",
  'GraphQL serves the same data at `/graphql` (see schema.graphql).',
].join(' ');

/**
 * The OpenAPI document of the REST API, generated from the controllers and DTOs of a built
 * application (providers need not be instantiated: the export runs in Nest's preview mode).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Conduit API')
    .setDescription(DESCRIPTION)
    .setVersion(API_CONTRACT_VERSION)
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This server')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'Authorization',
        description: 'RealWorld style: `Token <jwt>`.',
      },
      TOKEN_SCHEME,
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetails],
    // Every route names its operationId; a missing one fails the lint rather than being invented.
    operationIdFactory: (_controller, method) => method,
  });
  applyDtoConstraints(app, document);
  applyPlatformResponses(document);
  document.components = {
    ...document.components,
    responses: problemResponseComponents(getSchemaPath(ProblemDetails)),
    headers: HEADER_COMPONENTS,
  };
  return sortedDocument(document);
}
