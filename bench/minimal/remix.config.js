/**
 * The minimal Remix app the bench measures the app's bare route against (docs/decisions/013):
 * the same Remix version and future flags as the app (remix.config.js at the root), one root and
 * one route, no database. Built by `npm run bench` into bench/minimal/build and served by the
 * app's own server.js (LINSSI_BENCH_APP), so that the ratio is the app's own per-request cost.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
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
