import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs, JSON at /docs-json; Authorize offers both a pasted bearer token and the password flow. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Rover Mission Control')
    .setDescription(
      'Drive the rover, watch the fleet. Every route is closed unless marked public; errors share one envelope ' +
        '(statusCode, error, message, path, timestamp, requestId). Press Authorize and log in with the password flow.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addOAuth2(
      { type: 'oauth2', flows: { password: { tokenUrl: '/api/auth/token', scopes: {} } } },
      'oauth2',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
