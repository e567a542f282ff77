/**
 * Remix v2 with the classic (esbuild) compiler. See docs/decisions/002-remix-classic-compiler.md.
 * `v3_routeConfig` is left off: it needs the Vite compiler (routes.ts is loaded through Vite).
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  ignoredRouteFiles: ['**/.*', '**/*.test.*'],
  serverModuleFormat: 'esm',
  serverPlatform: 'node',
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
  },
};
