import '@remix-run/node';

declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce?: string;
    /** The request's short id (server.js): shown on an error page, the key to the server log. */
    requestId?: string;
    /** The client's address as Express sees it (TRUST_PROXY decides whether X-Forwarded-For counts). */
    clientAddress?: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
