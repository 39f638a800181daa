import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import { ExpressLoader, type ServeStaticModuleOptions } from '@nestjs/serve-static';
import type { Response } from 'express';

/** The console's build (`npm run build` runs Vite into it); the same path from src/ and dist/. */
export const CONSOLE_DIR = resolve(__dirname, '..', '..', 'web', 'dist');

export function consoleStaticOptions(dir: string): ServeStaticModuleOptions {
  return {
    rootPath: dir,
    renderPath: '/',
    exclude: ['/api/{*path}', '/docs/{*path}', '/health/{*path}', '/metrics', '/socket.io/{*path}'],
    serveStaticOptions: {
      index: false,
      setHeaders: (res: Response, path: string) => {
        // Vite names assets after their content: under one name they never change.
        const asset = path.includes(`${sep}assets${sep}`);
        res.setHeader('Cache-Control', asset ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    },
  };
}

/**
 * The operator console at `/`: its index and its hashed assets, nothing else. It routes in the URL
 * fragment (`/#/admin`), so the server needs no catch-all and an unknown path is still the API's
 * 404 envelope; `/api`, `/docs`, `/health`, `/metrics` and `/socket.io` never reach it.
 *
 * It registers @nestjs/serve-static's Express loader itself, at module init, rather than importing
 * ServeStaticModule: that module picks its loader when its providers are built, and a testing
 * module builds them before the HTTP adapter exists, which leaves it serving nothing.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly applicationConfig: ApplicationConfig,
  ) {}

  onModuleInit(): void {
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
      this.logger.warn(`No console build in ${CONSOLE_DIR}: run \`npm run build\``);
      return;
    }
    new ExpressLoader().register(this.adapterHost.httpAdapter, this.applicationConfig, [
      consoleStaticOptions(CONSOLE_DIR),
    ]);
  }
}
