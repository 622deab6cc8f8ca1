// The transport: one client a run (client.ts), why a request got no answer (errors.ts), what
// goes over the wire (wire.ts), a proxy's tunnel (tunnel.ts) and its password (proxy-env.ts). It knows HTTP, not Infisical.
export { createHttp, type Http, type HttpOptions } from './client.js';
export { NetworkError, deliveryOf, toNetworkError } from './errors.js';
export { secretsInProxyEnv } from './proxy-env.js';
export * from './wire.js';
