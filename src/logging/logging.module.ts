import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { LOG_FORMAT, type LogFormat, logFormatFor } from './log-format';
import { demoteQuietNestContexts } from './nest-context-levels';
import { prettyDestination } from './pretty-destination';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

function destinationFor(format: LogFormat): DestinationStream {
  if (format === 'pretty') return prettyDestination();
  // Asynchronous: lines logged while a write is in flight go out together in the next one, so a
  // busy server makes far fewer write calls, and an idle one still logs at once. pino flushes on
  // a normal exit; a kill -9 can lose the lines of the last moment, never a database write.
  return pino.destination({ dest: 1, sync: false });
}

function createRootLogger(config: AppConfig, format: LogFormat): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: ['password', 'passwordHash', '*.password', '*.passwordHash'], remove: true },
      hooks: { logMethod: demoteQuietNestContexts },
    },
    destinationFor(format),
  );
}

/** The one pino instance: configureApp mounts the request logger on it, Nest's logs go to it. */
@Global()
@Module({
  providers: [
    {
      provide: LOG_FORMAT,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        logFormatFor(config.nodeEnv, process.stdout.isTTY === true),
    },
    { provide: ROOT_LOGGER, inject: [AppConfig, LOG_FORMAT], useFactory: createRootLogger },
  ],
  exports: [ROOT_LOGGER, LOG_FORMAT],
})
class RootLoggerModule {}

@Module({
  imports: [
    RootLoggerModule,
    LoggerModule.forRootAsync({
      imports: [RootLoggerModule],
      inject: [ROOT_LOGGER],
      // No request middleware from nestjs-pino: requestLogger (mounted first by configureApp) logs
      // each request; nestjs-pino only adapts Nest's LoggerService to the same pino instance.
      useFactory: (logger: Logger) => ({ pinoHttp: { logger }, useExisting: true, forRoutes: [] }),
    }),
  ],
})
export class LoggingModule {}
