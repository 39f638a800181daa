import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { CONSOLE_DIR } from '../../src/console/console.module';
import { IS_PUBLIC_KEY, REQUIRED_SCOPES_KEY } from '../../src/common/decorators/auth.decorators';

export interface DiscoveredRoute {
  /** Upper-case HTTP method, e.g. `POST`. */
  method: string;
  /** The path Fastify actually serves, e.g. `/api/navigation/:id`. */
  path: string;
  controller: string;
  handler: string;
  isPublic: boolean;
  /** undefined when the handler (and its class) declare no scopes at all. */
  requiredScopes: readonly string[] | undefined;
}

const routeKey = (method: string, path: string): string => `${method} ${path}`;

function normalizePath(path: string): string {
  const collapsed = `/${path}`.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

function asArray(value: unknown): string[] {
  if (value === undefined) return [''];
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (typeof item !== 'string') throw new Error(`unexpected route path metadata: ${typeof item}`);
    return item;
  });
}

/**
 * The method+path pairs the app dispatches to a handler of its own, from the routes Fastify
 * registered: without the HEAD twin Fastify adds to each GET, and without the console's files
 * (@fastify/static lists them one route each; src/console serves them, no data).
 */
export function servedEndpoints(routes: ReadonlySet<string>): Set<string> {
  const endpoints = new Set<string>();
  for (const key of routes) {
    const [method, path] = key.split(' ');
    if (method === 'HEAD' || isConsoleFile(path)) continue;
    endpoints.add(routeKey(method, normalizePath(path)));
  }
  return endpoints;
}

function isConsoleFile(path: string): boolean {
  return path !== '/' && path.length > 1 && existsSync(join(CONSOLE_DIR, path));
}

/**
 * Every HTTP handler of every controller in the running app, with its access metadata read the way
 * the global guards read it (handler first, then class). Each handler's path is matched against the
 * endpoints Fastify registered (`servedEndpoints`), so a global prefix, an exclusion or a rename
 * cannot make the walk look at a path the server does not serve.
 */
export function discoverRoutes(
  app: INestApplication,
  served: ReadonlySet<string>,
): DiscoveredRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = app.get(Reflector);
  const routes: DiscoveredRoute[] = [];

  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    const metatype = wrapper.metatype as Type | undefined;
    if (!instance || !metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      if (typeof handler !== 'function') continue;
      const methodPaths = reflector.get<unknown>(PATH_METADATA, handler);
      if (methodPaths === undefined) continue; // a helper method, not a route
      const requestMethod = reflector.get<RequestMethod>(METHOD_METADATA, handler);
      const method = RequestMethod[requestMethod] ?? String(requestMethod);
      for (const controllerPath of asArray(reflector.get<unknown>(PATH_METADATA, metatype))) {
        for (const methodPath of asArray(methodPaths)) {
          const bare = normalizePath(`${controllerPath}/${methodPath}`);
          const candidates = [bare, normalizePath(`/api${bare}`)];
          const path =
            candidates.find((p) => served.has(routeKey(method, p))) ??
            `UNSERVED:${candidates.join('|')}`;
          const targets = [handler, metatype];
          routes.push({
            method,
            path,
            controller: metatype.name,
            handler: name,
            isPublic:
              reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, targets) === true,
            requiredScopes: reflector.getAllAndOverride<readonly string[] | undefined>(
              REQUIRED_SCOPES_KEY,
              targets,
            ),
          });
        }
      }
    }
  }
  return routes;
}

export const describeRoute = (r: Pick<DiscoveredRoute, 'method' | 'path'>): string =>
  routeKey(r.method, r.path);

/** A callable path: each `:param` becomes the given value (a fresh UUID by default). */
export function concretePath(path: string, param: () => string): string {
  return path.replace(/:[A-Za-z0-9_]+/g, () => param());
}
