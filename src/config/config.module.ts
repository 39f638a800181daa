import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { loadConfigFromProcessEnv } from './load-config';

/** Provides the validated AppConfig everywhere; tests override the provider with explicit values. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: loadConfigFromProcessEnv }],
  exports: [AppConfig],
})
export class AppConfigModule {}
