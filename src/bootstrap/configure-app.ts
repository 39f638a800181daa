import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger as PinoLogger } from 'pino';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from '../common/filters/all-exceptions.filter';
import { installBodyParsers } from '../common/http/body-parsers';
import { installConditionalGet } from '../common/http/conditional-get';
import { installRequestEnvelope } from '../common/http/request-envelope';
import { captureConstantHeaders } from '../common/http/security-headers';
import { ROOT_LOGGER } from '../logging/logging.module';
import { requestLogLine } from '../logging/request-log-line';
import { createValidationPipe } from '../common/validation/validation.pipe';
import { AppConfig, type HttpConfig } from '../config/app-config';
import { AppIoAdapter } from '../realtime/app-io.adapter';
import { HttpMetrics } from '../system/metrics/http-metrics';
import { setupSwagger, setupWebSocketDocs } from './swagger';

/** Routes outside /api (API.md §0). */
/**
 * Helmet's policy without its remote allowances: fonts and styles come from this origin only (its
 * `https:` would admit any host), and no `upgrade-insecure-requests`, which breaks a console
 * served over plain HTTP on a rover's LAN by sending its scripts to https. Styles keep
 * 'unsafe-inline' for style attributes Swagger UI writes; scripts stay 'self' only: no inline
 * script, no eval.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  connectSrc: ["'self'"],
  upgradeInsecureRequests: null,
};

export const UNPREFIXED_ROUTES = ['health', 'health/live', 'health/ready', 'metrics'];

/**
 * Everything main.ts does to the app besides creating it on the HTTP adapter (http-adapter.ts) and
 * listening, shared with the e2e tests so that they run the same pipeline as production. Fastify
 * hooks, in order: the envelope (request id, security headers, process time, then the log line
 * and metrics), CORS, bodies; 304s for a GET whose ETag the client already has.
 */
export async function configureApp(app: NestFastifyApplication): Promise<AppConfig> {
  const config = app.get(AppConfig);
  limitSlowClients(app.getHttpServer(), config.http);
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  installRequestEnvelope(fastify, {
    // helmet's headers are the same for every request: computed once, set by the envelope.
    constantHeaders: captureConstantHeaders(
      helmet({ contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY } }),
    ),
    onDone: [requestLogLine(app.get<PinoLogger>(ROOT_LOGGER)), app.get(HttpMetrics).observe],
  });
  if (config.http.corsOrigins.length > 0) {
    // Without an allowlist there is no cross-origin access at all, so no CORS hook either.
    app.enableCors({
      origin: [...config.http.corsOrigins],
      // Every method the API has; @fastify/cors alone would allow only GET, HEAD and POST, and a
      // browser would then refuse to send a cross-origin PATCH or DELETE at all.
      methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
      exposedHeaders: ['X-Request-ID', 'X-Process-Time', 'ETag', 'Retry-After'],
    });
  }
  const exceptionsFilter = new AllExceptionsFilter();
  // Before any route exists: Fastify gives a route the error handler current when it is added.
  fastify.setErrorHandler((error, request, reply) =>
    exceptionsFilter.answerHttp(error, request, reply),
  );
  installBodyParsers(fastify, config.http);
  installConditionalGet(fastify);
  app.setGlobalPrefix('api', { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(exceptionsFilter);
  const ioAdapter = new AppIoAdapter(app, { corsOrigins: config.http.corsOrigins });
  await ioAdapter.connectToRedis(); // with REDIS_URL only; see AppIoAdapter
  app.useWebSocketAdapter(ioAdapter);
  setupWebSocketDocs(app, setupSwagger(app));
  await app.init();
  return config;
}

/** How often Node checks the request and headers deadlines; its default is 30 s. */
const DEADLINE_CHECK_INTERVAL_MS = 1000;

/**
 * Node's defaults let a client that sends its body a byte at a time hold a connection and its
 * request for 300 s, and only check that every 30 s. A console's requests are small JSON bodies
 * sent at once, so the whole request must arrive within HTTP_REQUEST_TIMEOUT_MS and its headers
 * within HTTP_HEADERS_TIMEOUT_MS (a stalled client gets a 408 and a closed connection), and an
 * idle keep-alive connection is closed after HTTP_KEEP_ALIVE_TIMEOUT_MS. The deadlines cover
 * receiving a request only: a Socket.IO long-poll, a GET the server holds open for up to its
 * 25 s ping interval, has been received in full when it starts waiting, and an upgraded WebSocket
 * leaves the HTTP parser altogether. Requests per connection stay unlimited (maxRequestsPerSocket):
 * a connection that keeps asking is the rate limiter's business, not a slow client.
 */
function limitSlowClients(server: Server, http: HttpConfig): void {
  server.requestTimeout = http.requestTimeoutMs;
  server.headersTimeout = http.headersTimeoutMs;
  server.keepAliveTimeout = http.keepAliveTimeoutMs;
  // A createServer option that Nest offers no way to pass; Node reads the property when the
  // server starts listening, after configureApp (test/http-timeouts.e2e-spec.ts times it).
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    DEADLINE_CHECK_INTERVAL_MS;
}
