import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { API_DOCS_PATH, OPENAPI_JSON_PATH } from './openapi-constants.js';
import { buildOpenApiDocument } from './openapi-document.js';

/**
 * Serves the OpenAPI document at /openapi.json and Swagger UI at /docs. Swagger UI's files come
 * from the swagger-ui-dist package through the app itself, so the page works with no internet.
 * The document is built on the first request, not at boot.
 */
export function registerApiDocs(app: NestFastifyApplication): void {
  SwaggerModule.setup(API_DOCS_PATH.slice(1), app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH.slice(1),
    yamlDocumentUrl: undefined,
    raw: ['json'],
    customSiteTitle: 'Conduit API',
    swaggerOptions: {
      // The default validator badge would send the document to validator.swagger.io.
      validatorUrl: null,
      persistAuthorization: false,
      displayOperationId: true,
    },
  });
}
