import './config/load-env-file';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'nestjs-pino';
import { EnvValidationError } from './config/env.schema';
import { loadConfigFromProcessEnv } from './config/load-config';

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function bootstrap(): Promise<void> {
  // Fail fast, before Nest logs anything, with the names of bad variables.
  const { http } = loadConfigFromProcessEnv();
  // Loaded only once the config is known good: the whole app takes seconds to load on a small
  // machine, and a bad variable should be reported at once.
  const [
    { AppModule },
    { configureApp },
    { createHttpAdapter },
    { listenAndAnnounce },
    { Logger: PinoLogger },
  ] = await Promise.all([
    import('./app.module'),
    import('./bootstrap/configure-app'),
    import('./bootstrap/http-adapter'),
    import('./bootstrap/listen-and-announce'),
    import('nestjs-pino'),
  ]);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(http), {
    bodyParser: false, // HttpPipelineModule parses bodies with our limits
    bufferLogs: true,
    abortOnError: false, // reject instead of process.abort(), so the reason is printed
  });
  const config = await configureApp(app);
  const logger = app.get(PinoLogger);
  if (config.auth.jwtSecretGenerated) {
    logger.warn(
      'JWT_SECRET is not set: using a random secret for this process; tokens die with it',
      'Bootstrap',
    );
  }
  await listenAndAnnounce(app, config.http);
  stopGracefullyOn(['SIGTERM', 'SIGINT'], app, logger);
}

/**
 * On a stop signal: stop accepting connections, run every shutdown hook (the rover is stopped, the
 * database closed), then exit 0. A shutdown that hangs is cut short rather than left to a SIGKILL.
 */
function stopGracefullyOn(
  signals: NodeJS.Signals[],
  app: NestFastifyApplication,
  logger: Logger,
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: shutting down`, 'Bootstrap');
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error instanceof Error ? error.stack : String(error), 'Bootstrap');
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.once(signal, stop);
}

bootstrap().catch((error: unknown) => {
  // Before the logger exists (bad config), stderr is the only place to say why.
  const message =
    error instanceof EnvValidationError
      ? error.message
      : error instanceof Error
        ? error.stack
        : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
