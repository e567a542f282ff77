import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What one request reads once for all of its loaders: server.js runs each request to Remix inside
 * `runInRequestScope` (exported by entry.server), and the root's and the page's loaders, which run
 * side by side, share a value read for the request instead of each reading it again. Nothing
 * outlives the request: the next one reads afresh (docs/decisions/013-benchmark-and-scale.md).
 */
const scope = new AsyncLocalStorage<Map<string, Promise<unknown>>>();

export function runInRequestScope<T>(fn: () => T): T {
  return scope.run(new Map(), fn);
}

/**
 * The value of `key` for this request: computed by the first loader that asks, shared with the
 * others. Only for a GET or HEAD, whose loaders write nothing the others read: after an action the
 * loaders read afresh what it changed. Outside a request's scope (a test, a script) it computes.
 */
export function oncePerRequest<T>(request: Request, key: string, compute: () => Promise<T>): Promise<T> {
  const store = scope.getStore();
  if (!store || (request.method !== 'GET' && request.method !== 'HEAD')) return compute();
  let value = store.get(key) as Promise<T> | undefined;
  if (!value) {
    value = compute();
    store.set(key, value);
  }
  return value;
}
