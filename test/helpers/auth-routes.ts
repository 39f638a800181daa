import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IS_PUBLIC_KEY, REQUIRED_SCOPES_KEY } from '../../src/common/decorators/auth.decorators';

export interface DiscoveredRoute {
  /** Upper-case HTTP method, e.g. `POST`. */
  method: string;
  /** The path Express actually serves, e.g. `/api/navigation/:id`. */
  path: string;
  controller: string;
  handler: string;
  isPublic: boolean;
  /** undefined when the handler (and its class) declare no scopes at all. */
  requiredScopes: readonly string[] | undefined;
}

/** Express route layers, as far as these tests need them. */
interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean | undefined> };
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
 * The method+path pairs Express will dispatch to a single handler, as registered in its router.
 * Nest's own middleware/prefix plumbing registers catch-all layers for every method at once; those
 * are not endpoints and are skipped.
 */
export function expressEndpoints(app: NestExpressApplication): Set<string> {
  const instance = app.getHttpAdapter().getInstance() as {
    router?: { stack: ExpressLayer[] };
    _router?: { stack: ExpressLayer[] };
  };
  const stack = (instance.router ?? instance._router)?.stack ?? [];
  const endpoints = new Set<string>();
  for (const layer of stack) {
    if (!layer.route) continue;
    const methods = Object.keys(layer.route.methods).filter((m) => layer.route?.methods[m]);
    if (methods.length !== 1) continue;
    const method = methods[0] === '_all' ? 'ALL' : methods[0].toUpperCase();
    endpoints.add(routeKey(method, normalizePath(layer.route.path)));
  }
  return endpoints;
}

/**
 * Every HTTP handler of every controller in the running app, with its access metadata read the way
 * the global guards read it (handler first, then class). Each handler's path is matched against the
 * Express router, so a global prefix, an exclusion or a rename cannot make the walk look at a path
 * the server does not serve.
 */
export function discoverRoutes(app: INestApplication): DiscoveredRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = app.get(Reflector);
  const served = expressEndpoints(app as NestExpressApplication);
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
