// Ways a real network, proxy or server misbehaves, to inject into the fake one answer at a time.
import type { Exchange, Fault } from './fake-infisical.js';

/** An answer with any status and body; a string body is sent as is, anything else as JSON. */
export const answer =
  (status: number, body: unknown = '', headers: Record<string, string> = {}): Fault =>
  ({ res, json }) => {
    if (typeof body !== 'string') return json(status, body, headers);
    res.writeHead(status, { 'content-type': 'text/html', ...headers });
    res.end(body);
  };

/** JSON that breaks the contract on purpose (a gateway's, or a wrong shape): not checked against it. */
export const offContract =
  (status: number, body: unknown, headers: Record<string, string> = {}): Fault =>
  ({ json }) =>
    json(status, body, headers, true);

/** The connection is dropped before any answer; the token stays as it was. */
export const resetBeforeAnswer: Fault = ({ req }) => {
  req.socket.resetAndDestroy();
};

/** The revoke takes effect, then the connection is dropped: the answer is lost. */
export const resetAfterRevoke: Fault = ({ req, revoke }) => {
  revoke();
  req.socket.resetAndDestroy();
};

/** The connection is accepted and never answered. */
export const neverAnswer: Fault = () => undefined;

/** Headers come at once, then the body one byte every `everyMs`. */
export const slowBody =
  (everyMs: number): Fault =>
  ({ res }) => {
    const body = JSON.stringify({ message: 'Successfully revoked access token' });
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(body.length),
    });
    let i = 0;
    const timer = setInterval(() => {
      if (res.destroyed || i >= body.length) return clearInterval(timer);
      res.write(body[i++]);
    }, everyMs);
  };

/** A 200 whose JSON stops half way, then the connection closes. */
export const truncatedJson: Fault = ({ res, revoke }) => {
  revoke();
  const body = JSON.stringify({ message: 'Successfully revoked access token' });
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
  res.write(body.slice(0, 10));
  setTimeout(() => res.socket?.destroy(), 20);
};

export const redirectTo =
  (location: string, status = 301): Fault =>
  ({ res }) => {
    res.writeHead(status, { location, 'content-type': 'text/html' });
    res.end(`<html><body>Moved to <a href="${location}">${location}</a></body></html>`);
  };

/** A body of `bytes` bytes, streamed. */
export const hugeBody =
  (status: number, bytes: number): Fault =>
  ({ res }) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    const chunk = Buffer.alloc(64 * 1024, '<p>error</p>\n');
    let sent = 0;
    const pump = (): void => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  };

// Answers that do not mean what they say: something in front of Infisical (a proxy, a WAF, a
// mock, a broken gateway) answers for it, and the token stays exactly as it was.

const SUCCESS_MESSAGE = { message: 'Successfully revoked access token' };

/** `200 {"message":"Successfully revoked access token"}`, and nothing is revoked. */
export const successWithoutRevoking: Fault = ({ json }) => json(200, SUCCESS_MESSAGE);

/** `200 {"message":"Token not found"}` (a 404 turned into a 200), and nothing is revoked. */
export const okTokenNotFoundWithoutRevoking: Fault = ({ json }) =>
  json(200, { message: 'Token not found' });

/** The success JSON sent as `text/plain`, and nothing is revoked. */
export const successAsTextPlainWithoutRevoking: Fault = ({ res }) => {
  const body = JSON.stringify(SUCCESS_MESSAGE);
  res.writeHead(200, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
};

// Lost answers: the request was read in full, then the answer never reaches the client as the
// server meant it. Whether the revoke happened is the whole question, so each fault says. (A reset
// socket: resetAfterRevoke revokes first, resetBeforeAnswer does not.)

const GATEWAY_TITLES: Record<number, string> = {
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

function gatewayPage(res: Exchange['res'], status: number): void {
  const title = GATEWAY_TITLES[status] ?? `${status} Error`;
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': String(body.length) });
  res.end(body);
}

/**
 * The revoke takes effect (as the route itself would have done it), then a proxy answers
 * `status` (502 by default; 504 for a timeout) with its HTML page: the success is lost.
 */
export const gatewayErrorAfterRevoke =
  (status = 502): Fault =>
  ({ res, revoke }) => {
    revoke();
    gatewayPage(res, status);
  };

/**
 * A proxy answers `status` (502 by default) with its HTML page and the request never reached
 * Infisical: nothing is revoked. A retry then gets the route's normal answer (a 404 for a login
 * token's or an unknown id on revoke-by-id).
 */
export const gatewayErrorWithoutRevoke =
  (status = 502): Fault =>
  ({ res }) =>
    gatewayPage(res, status);

// Things in front of Infisical that repeat what they were sent, as a WAF's block page or a
// debugging proxy does: every secret of the request comes back in the answer, at any place.

/**
 * A WAF's block page (403 unless told) that lists the request's headers, `pad` characters of its
 * own words first: a secret header (CF-Access-Client-Secret, Authorization) can so be put at any
 * offset of what the action quotes. `encode` writes the values as a URL or JSON would.
 */
export const echoRequestHeaders =
  (pad = 0, status = 403, encode: 'raw' | 'url' | 'json' = 'raw'): Fault =>
  ({ req, res }) => {
    const write = (value: string): string =>
      encode === 'url'
        ? encodeURIComponent(value)
        : encode === 'json'
          ? JSON.stringify(value).slice(1, -1)
          : value;
    const lines = Object.entries(req.headers).map(
      ([name, value]) => `${name}: ${write(String(value))}`,
    );
    const body = `<html><body><h1>Request blocked</h1><p>${'x'.repeat(pad)}</p><pre>${lines.join('\n')}</pre></body></html>`;
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(body);
  };

/** `status` with the request's JSON body echoed back inside JSON of another shape. */
export const echoRequestBody =
  (status = 200, key = 'received'): Fault =>
  ({ res, body }) => {
    const text = JSON.stringify({ [key]: body, note: 'echo' });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  };
