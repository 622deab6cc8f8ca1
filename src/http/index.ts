// The transport: one client a run (client.ts), why a request got no answer (errors.ts), and what
// goes over the wire (wire.ts). It knows HTTP, not Infisical.
export { createHttp, type Http, type HttpOptions } from './client.js';
export { NetworkError, deliveryOf, toNetworkError } from './errors.js';
export * from './wire.js';
