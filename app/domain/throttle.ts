/**
 * The throttle's window, shared by the server (app/models/login-throttle.server.ts) and the pages
 * that tell the user how long to wait: a constant in a .server module is undefined in the browser,
 * so a page that named it showed the right number only until it hydrated.
 */
export const WINDOW_MINUTES = 15;

/** The Retry-After header of a refused attempt: the whole window. */
export const RETRY_AFTER = { 'Retry-After': String(WINDOW_MINUTES * 60) } as const;
