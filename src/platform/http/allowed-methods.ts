import type { FastifyInstance, RouteOptions } from 'fastify';

interface RoutePath {
  pattern: RegExp;
  methods: Set<string>;
}

/**
 * The methods each route path answers, collected as routes are registered. A request whose
 * path exists but not with its method gets 405 and `Allow` (RFC 9110, 15.5.6) instead of a 404
 * that says the resource is not there.
 */
export class AllowedMethods {
  private readonly paths = new Map<string, RoutePath>();

  /** Call before any route is registered: Fastify's onRoute sees only later routes. */
  constructor(instance: FastifyInstance) {
    instance.addHook('onRoute', (route: RouteOptions) => this.add(route));
  }

  /** The methods `url` answers, sorted; empty when no route has its path. */
  for(url: string): string[] {
    const path = url.split('?')[0];
    const methods = new Set<string>();
    for (const route of this.paths.values()) {
      if (route.pattern.test(path)) for (const method of route.methods) methods.add(method);
    }
    return [...methods].sort();
  }

  private add({ url, method }: RouteOptions): void {
    // CORS answers OPTIONS on every path ("*"): that says nothing about the resource.
    const methods = (Array.isArray(method) ? method : [method]).filter((m) => m !== 'OPTIONS');
    if (methods.length === 0) return;
    let route = this.paths.get(url);
    if (!route) {
      route = { pattern: patternOf(url), methods: new Set() };
      this.paths.set(url, route);
    }
    for (const name of methods) route.methods.add(name);
    if (route.methods.has('GET')) route.methods.add('HEAD');
  }
}

/** A Fastify route path as a regular expression: `:name` is one segment, `*` the rest. */
function patternOf(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  // The router ignores a trailing slash.
  return new RegExp(`^${source.replace(/\/$/, '')}/?$`);
}
