import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { buildAsyncApiDocument } from '../realtime/asyncapi/asyncapi-document';
import { renderAsyncApiPage } from '../realtime/asyncapi/asyncapi-page';
import { SOCKET_EXTRA_MODELS } from '../realtime/asyncapi/event-docs';

const API_VERSION = '0.1.0';

/** Swagger UI at /docs, JSON at /docs-json; Authorize offers both a pasted bearer token and the password flow. */
export function setupSwagger(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Rover Mission Control')
    .setDescription(
      'Drive the rover, watch the fleet. Every route is closed unless marked public; errors share one envelope ' +
        '(statusCode, error, message, path, timestamp, requestId). Press Authorize and log in with the password flow.',
    )
    .setVersion(API_VERSION)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addOAuth2(
      { type: 'oauth2', flows: { password: { tokenUrl: '/api/auth/token', scopes: {} } } },
      'oauth2',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: SOCKET_EXTRA_MODELS });
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}

/** The Socket.IO side: AsyncAPI JSON at /docs/websocket.json and a page at /docs/websocket. */
export function setupWebSocketDocs(app: NestFastifyApplication, openApi: OpenAPIObject): void {
  const asyncApi = buildAsyncApiDocument(openApi, API_VERSION);
  const page = renderAsyncApiPage(asyncApi);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/docs/websocket.json', (_request, reply) => reply.send(asyncApi));
  fastify.get('/docs/websocket', (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page),
  );
}
