import '@remix-run/node';

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce?: string;
    /** The request's short id (server.js): shown on an error page, the key to the server log. */
    requestId?: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
