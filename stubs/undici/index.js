'use strict';
// @actions/http-client imports undici only for HttpClient#getAgentDispatcher (a proxy dispatcher
// for fetch), which this action never calls. Anything that does reach it fails loudly.
class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with infisical-revoke-token-action');
  }
}
module.exports = { ProxyAgent };
