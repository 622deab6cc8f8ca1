// Ways a real network or server misbehaves, to inject into the fake one answer at a time.
import type { Fault } from './fake-infisical.js';

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
