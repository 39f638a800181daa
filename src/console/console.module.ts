import { existsSync, readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fastifyStatic, { type FastifyStaticOptions } from '@fastify/static';
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The console's build (`npm run build` runs Vite into it); the same path from src/ and dist/. */
export const CONSOLE_DIR = resolve(__dirname, '..', '..', 'web', 'dist');

/** Top-level names the service answers itself: a console file there would shadow a route. */
const RESERVED_TOP_LEVEL = new Set(['api', 'docs', 'health', 'metrics', 'socket.io']);

export function consoleStaticOptions(dir: string): FastifyStaticOptions {
  return {
    root: dir,
    // One route per file of the build, listed at start: the build does not change under a running
    // service, and an unknown path then stays the API's 404 envelope rather than a file lookup.
    wildcard: false,
    index: 'index.html',
    redirect: false,
    cacheControl: false,
    decorateReply: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      // Vite names assets after their content: under one name they never change.
      const asset = path.includes(`${sep}assets${sep}`);
      reply.header('Cache-Control', asset ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  };
}

/**
 * The operator console at `/`: its index and its hashed assets, nothing else. It routes in the URL
 * fragment (`/#/admin`), so the server needs no catch-all and an unknown path is still the API's
 * 404 envelope; `/api`, `/docs`, `/health`, `/metrics` and `/socket.io` never reach it.
 *
 * It registers @fastify/static itself, at module init, rather than importing @nestjs/serve-static:
 * that module picks its loader when its providers are built, and a testing module builds them
 * before the HTTP adapter exists, which leaves it serving nothing.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) {
      this.logger.warn(`No console build in ${CONSOLE_DIR}: run \`npm run build\``);
      return;
    }
    if (readdirSync(CONSOLE_DIR).some((name) => RESERVED_TOP_LEVEL.has(name)))
      throw new Error(`the console build in ${CONSOLE_DIR} has a file under a reserved path`);
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(fastifyStatic, consoleStaticOptions(CONSOLE_DIR));
  }
}
