import { createContext, useContext } from 'react';

/** The request's CSP nonce, given to Remix's inline scripts. Empty in the browser after hydration. */
export const NonceContext = createContext<string | undefined>(undefined);
export const useNonce = () => useContext(NonceContext);
