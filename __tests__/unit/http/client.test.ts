// The HTTP layer against real servers on loopback: what goes on the wire, what comes back, and
// how an exchange ends (deadline, cap, cancellation, TLS failures, IPv6 literals, a proxy).
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import * as nodeHttp from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { MAX_ANSWER_BYTES } from '../../../src/defaults.js';
import { createHttp, NetworkError, type Http, type HttpOptions } from '../../../src/http/index.js';
import { USER_AGENT } from '../../../src/version.js';
import { hasOpenssl, selfSignedCertificate } from '../../support/certificates.js';

interface Seen {
  method: string;
  url: string;
  headers: nodeHttp.IncomingHttpHeaders;
  body: string;
}

interface Server {
  /** `http://127.0.0.1:port` (or the given scheme and host). */
  origin: string;
  port: number;
  seen: Seen[];
  /** TCP connections the server accepted. */
  connections: net.Socket[];
  /** Resolves once the server has read the n-th request (1-based). */
  received: (n: number) => Promise<void>;
}

type Handler = (req: nodeHttp.IncomingMessage, res: nodeHttp.ServerResponse) => void;

const servers: (nodeHttp.Server | net.Server)[] = [];
const clients: Http[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          if ('closeAllConnections' in server) server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

function client(options: Partial<HttpOptions> = {}): Http {
  const made = createHttp({ timeoutMs: 10_000, ...options });
  clients.push(made);
  return made;
}

async function serve(
  handler: Handler,
  { host = '127.0.0.1', tls }: { host?: string; tls?: { key: string; cert: string } } = {},
): Promise<Server> {
  const seen: Seen[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const connections: net.Socket[] = [];
  const listener = (req: nodeHttp.IncomingMessage, res: nodeHttp.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      for (const waiter of waiters.filter((w) => w.n <= seen.length)) waiter.resolve();
      handler(req, res);
    });
  };
  const server = tls ? https.createServer(tls, listener) : nodeHttp.createServer(listener);
  server.on(tls ? 'secureConnection' : 'connection', (socket: net.Socket) =>
    connections.push(socket),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    origin: `${tls ? 'https' : 'http'}://${shown}:${port}`,
    port,
    seen,
    connections,
    received: (n) =>
      new Promise((resolve) => {
        if (seen.length >= n) resolve();
        else waiters.push({ n, resolve });
      }),
  };
}

const json = (status: number, body: unknown): Handler => {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
};
const never: Handler = () => {};

async function failure(promise: Promise<unknown>): Promise<NetworkError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetworkError);
  return error as NetworkError;
}

function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

/** A port nothing listens on (it was free a moment ago). */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Can this machine listen on ::1? (A container without IPv6 cannot.) */
async function ipv6Missing(): Promise<string | undefined> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', (error: Error) =>
      resolve(`this machine cannot listen on ::1 (${error.message})`),
    );
    server.listen(0, '::1', () => server.close(() => resolve(undefined)));
  });
}

describe('what goes on the wire', () => {
  test('a POST with a bearer token and a JSON body', async () => {
    const server = await serve(json(200, { ok: true }));
    const answer = await client().send({
      method: 'POST',
      url: `${server.origin}/api/v1/thing?x=1`,
      bearerToken: 'tok',
      json: { tokenId: 'abc', n: 1 },
    });
    expect(answer).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'content-type': 'application/json' }),
      body: '{"ok":true}',
      truncated: false,
    });
    const [seen] = server.seen;
    expect(seen?.method).toBe('POST');
    expect(seen?.url).toBe('/api/v1/thing?x=1');
    expect(JSON.parse(seen?.body ?? '')).toEqual({ tokenId: 'abc', n: 1 });
    expect(seen?.headers).toMatchObject({
      authorization: 'Bearer tok',
      accept: 'application/json',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(seen?.body ?? '')),
      host: `127.0.0.1:${server.port}`,
    });
    expect(seen?.headers['user-agent']).toMatch(new RegExp(`^${USER_AGENT}`));
  });

  test('a POST without a body or a token sends an empty body and no Authorization', async () => {
    const server = await serve(json(200, {}));
    await client().send({ method: 'POST', url: `${server.origin}/revoke` });
    const [seen] = server.seen;
    expect(seen?.body).toBe('');
    expect(seen?.headers['content-length']).toBe('0');
    expect(seen?.headers).not.toHaveProperty('authorization');
    expect(seen?.headers).not.toHaveProperty('content-type');
  });

  test('a GET has no body, and its answer reads like a POST answer', async () => {
    const server = await serve(json(200, { tokens: [] }));
    const answer = await client().send({
      method: 'GET',
      url: `${server.origin}/list?offset=0`,
      bearerToken: 'tok',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('{"tokens":[]}');
    const [seen] = server.seen;
    expect(seen?.method).toBe('GET');
    expect(seen?.body).toBe('');
    expect(seen?.headers).not.toHaveProperty('content-length');
    expect(seen?.headers).not.toHaveProperty('content-type');
    expect(seen?.headers.authorization).toBe('Bearer tok');
  });

  test('extra headers go with every request and never replace the ones this layer owns', async () => {
    const server = await serve(json(200, {}));
    const http = client({
      extraHeaders: {
        'CF-Access-Client-Id': 'id.access',
        'cf-access-client-secret': 'secret',
        Authorization: 'Basic evil',
        'Content-Type': 'text/plain',
        Accept: 'text/html',
        'User-Agent': 'evil',
        Host: 'evil.example',
      },
    });
    await http.send({ method: 'POST', url: `${server.origin}/a`, bearerToken: 't', json: {} });
    await http.send({ method: 'GET', url: `${server.origin}/b` });
    for (const seen of server.seen) {
      expect(seen.headers).toMatchObject({
        'cf-access-client-id': 'id.access',
        'cf-access-client-secret': 'secret',
        accept: 'application/json',
        host: `127.0.0.1:${server.port}`,
      });
      expect(seen.headers['user-agent']).toMatch(new RegExp(`^${USER_AGENT}`));
    }
    expect(server.seen[0]?.headers.authorization).toBe('Bearer t');
    expect(server.seen[0]?.headers['content-type']).toBe('application/json');
    expect(server.seen[1]?.headers).not.toHaveProperty('authorization');
    expect(server.seen[1]?.headers).not.toHaveProperty('content-type');
  });

  test('an extra header Node would refuse is refused when the client is made', () => {
    expect(() => createHttp({ timeoutMs: 1000, extraHeaders: { 'x-bad': 'a\nb' } })).toThrow();
  });

  test('a redirect is an answer, not followed', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' });
      res.end();
    });
    const answer = await client().send({ method: 'POST', url: `${server.origin}/r` });
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe('http://127.0.0.1:9/elsewhere');
    expect(server.seen).toHaveLength(1);
  });

  test('a 503 is an answer, not retried by the client', async () => {
    const server = await serve(json(503, { message: 'down' }));
    const answer = await client().send({ method: 'GET', url: `${server.origin}/s` });
    expect(answer.status).toBe(503);
    expect(server.seen).toHaveLength(1);
  });

  test('one keep-alive connection carries the requests of a run', async () => {
    const server = await serve(json(200, {}));
    const http = client();
    for (let i = 0; i < 3; i++) await http.send({ method: 'POST', url: `${server.origin}/k` });
    expect(server.seen).toHaveLength(3);
    expect(server.connections).toHaveLength(1);
  });
});

describe('what is kept of an answer', () => {
  test('a body past maxBytes is cut there and its connection dropped', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.end('x'.repeat(10_000));
    });
    const answer = await client().send({
      method: 'GET',
      url: `${server.origin}/big`,
      maxBytes: 100,
    });
    expect(answer.truncated).toBe(true);
    expect(answer.body).toBe('x'.repeat(100));
    await closed(server.connections[0] as net.Socket);
  });

  test('the default cap is MAX_ANSWER_BYTES', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      res.end('y'.repeat(MAX_ANSWER_BYTES + 1));
    });
    const answer = await client().send({ method: 'GET', url: `${server.origin}/big` });
    expect(answer.truncated).toBe(true);
    expect(answer.body).toHaveLength(MAX_ANSWER_BYTES);
  });

  test('a body of exactly maxBytes is whole', async () => {
    const server = await serve((_req, res) => res.end('z'.repeat(100)));
    const answer = await client().send({ method: 'GET', url: `${server.origin}/b`, maxBytes: 100 });
    expect(answer).toMatchObject({ body: 'z'.repeat(100), truncated: false });
  });
});

describe('how an exchange fails', () => {
  test('no answer at all: the deadline ends it, and it may have landed', async () => {
    const server = await serve(never);
    const error = await failure(
      client({ timeoutMs: 300 }).send({ method: 'POST', url: `${server.origin}/slow` }),
    );
    expect(error).toMatchObject({
      code: 'ETIMEDOUT',
      maybeDelivered: true,
      retryable: true,
      message: 'no complete answer within 0.3 s (timed out)',
    });
    await closed(server.connections[0] as net.Socket);
  });

  test('headers in time but a body that never ends: the deadline covers the body too', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    const error = await failure(
      client({ timeoutMs: 300 }).send({ method: 'GET', url: `${server.origin}/drip` }),
    );
    expect(error.code).toBe('ETIMEDOUT');
    await closed(server.connections[0] as net.Socket);
  });

  test('a connection cut mid-body is a reset that may have landed', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial', () => req.socket.destroy());
    });
    const error = await failure(client().send({ method: 'POST', url: `${server.origin}/cut` }));
    expect(error).toMatchObject({ code: 'ECONNRESET', maybeDelivered: true, retryable: true });
  });

  test('a refused connection was not delivered', async () => {
    const port = await deadPort();
    const error = await failure(
      client().send({ method: 'POST', url: `http://127.0.0.1:${port}/x` }),
    );
    expect(error).toMatchObject({
      code: 'ECONNREFUSED',
      maybeDelivered: false,
      message: 'connection refused (ECONNREFUSED)',
    });
  });
});

describe('abort and close', () => {
  test('abort rejects every send in flight at once, and later sends never connect', async () => {
    const server = await serve(never);
    // A deadline longer than the test's own: only abort() can end these sends in time.
    const http = client({ timeoutMs: 120_000 });
    const first = http.send({ method: 'POST', url: `${server.origin}/1` });
    const second = http.send({ method: 'POST', url: `${server.origin}/2`, json: { a: 1 } });
    await server.received(2);
    http.close();
    for (const pending of [first, second]) {
      expect(await failure(pending)).toMatchObject({
        code: 'ECANCELED',
        maybeDelivered: true,
        retryable: false,
      });
    }
    await Promise.all(server.connections.map(closed));
    const connections = server.connections.length;
    const later = await failure(http.send({ method: 'POST', url: `${server.origin}/3` }));
    expect(later).toMatchObject({ code: 'ECANCELED', maybeDelivered: true, retryable: false });
    expect(server.connections).toHaveLength(connections);
    expect(server.seen).toHaveLength(2);
  });

  test('abort during the body ends the send too', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
    });
    const http = client({ timeoutMs: 120_000 });
    const pending = http.send({ method: 'GET', url: `${server.origin}/drip` });
    await server.received(1);
    // Let the headers reach the client before the abort.
    await new Promise((resolve) => setTimeout(resolve, 50));
    http.close();
    expect((await failure(pending)).code).toBe('ECANCELED');
    await closed(server.connections[0] as net.Socket);
  });

  test('close destroys idle keep-alive sockets', async () => {
    const server = await serve(json(200, {}));
    const http = client();
    await http.send({ method: 'POST', url: `${server.origin}/x` });
    const socket = server.connections[0] as net.Socket;
    expect(socket.destroyed).toBe(false);
    http.close();
    await closed(socket);
  });

  test('close also ends a send in flight', async () => {
    const server = await serve(never);
    const http = client({ timeoutMs: 120_000 });
    const pending = http.send({ method: 'POST', url: `${server.origin}/x` });
    await server.received(1);
    http.close();
    expect((await failure(pending)).code).toBe('ECANCELED');
    await closed(server.connections[0] as net.Socket);
  });
});

describe('TLS failures: one line, not retried, not delivered', () => {
  test('https:// to a server that speaks plain http', async () => {
    const server = await serve(json(200, {}));
    const error = await failure(
      client().send({ method: 'POST', url: `https://127.0.0.1:${server.port}/x` }),
    );
    expect(error).toMatchObject({ code: 'EPROTO', maybeDelivered: false, retryable: false });
    expect(error.message).toBe(
      'the server did not answer in TLS (EPROTO): it may not speak https on that port; try http:// if it is a local server, or the port that serves https',
    );
    expect(server.seen).toHaveLength(0);
  });

  (hasOpenssl ? describe : describe.skip)('a self-signed certificate', () => {
    let tls: { key: string; cert: string };
    beforeAll(() => {
      tls = selfSignedCertificate();
    });

    test('is not trusted, and the sentence names NODE_EXTRA_CA_CERTS', async () => {
      const server = await serve(json(200, {}), { tls });
      const error = await failure(client().send({ method: 'POST', url: `${server.origin}/x` }));
      expect(error).toMatchObject({
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        maybeDelivered: false,
        retryable: false,
      });
      expect(error.message).toMatch(/^the runner does not trust the server's TLS certificate/);
      expect(error.message).toMatch(/NODE_EXTRA_CA_CERTS/);
      expect(error.message).not.toMatch(/\n/);
      expect(server.seen).toHaveLength(0);
    });
  });
  if (!hasOpenssl) console.warn('Skipping the self-signed TLS tests: openssl is not installed.');
});

const noIpv6 = await ipv6Missing();
if (noIpv6) console.warn(`Skipping the IPv6 tests: ${noIpv6}.`);

(noIpv6 ? describe.skip : describe)('IPv6 literal servers', () => {
  test('http://[::1]:port works, with a bracketed Host header', async () => {
    const server = await serve(json(200, { ok: true }), { host: '::1' });
    expect(server.origin).toBe(`http://[::1]:${server.port}`);
    const answer = await client().send({
      method: 'POST',
      url: `${server.origin}/api/v1/x`,
      bearerToken: 't',
      json: { a: 1 },
    });
    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(server.seen[0]?.headers.host).toBe(`[::1]:${server.port}`);
    expect(server.seen[0]?.url).toBe('/api/v1/x');
  });

  test('keep-alive works for an IPv6 literal too', async () => {
    const server = await serve(json(200, {}), { host: '::1' });
    const http = client();
    await http.send({ method: 'GET', url: `${server.origin}/a` });
    await http.send({ method: 'GET', url: `${server.origin}/b` });
    expect(server.connections).toHaveLength(1);
  });

  (hasOpenssl ? test : test.skip)(
    'https://[::1]:port reaches the TLS handshake (the certificate, not the name, fails)',
    async () => {
      const server = await serve(json(200, {}), { host: '::1', tls: selfSignedCertificate() });
      const error = await failure(client().send({ method: 'POST', url: `${server.origin}/x` }));
      expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    },
  );
});

describe('through a proxy', () => {
  const names = ['http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY'];
  let saved: Record<string, string | undefined> = {};
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test('an IPv6 literal keeps its brackets in the CONNECT the proxy gets', async () => {
    // The target: a local server standing in for [2001:db8::1] (a documentation address that
    // http-client does not treat as loopback, so it goes to the proxy). The proxy sends every
    // tunnel to the local server, whatever it is asked for: no traffic leaves the machine.
    const target = await serve(json(200, { via: 'proxy' }));
    const connects: string[] = [];
    const proxy = nodeHttp.createServer((_req, res) => {
      res.writeHead(405);
      res.end();
    });
    proxy.on('connect', (req: nodeHttp.IncomingMessage, socket: net.Socket, head: Buffer) => {
      connects.push(req.url ?? '');
      const upstream = net.connect(target.port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    servers.push(proxy);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyPort = (proxy.address() as net.AddressInfo).port;

    saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    for (const name of names) delete process.env[name];
    process.env.http_proxy = `http://127.0.0.1:${proxyPort}`;

    const url = `http://[2001:db8::1]:${target.port}/api/v1/x`;
    const answer = await client().send({ method: 'POST', url, bearerToken: 't' });
    expect(answer).toMatchObject({ status: 200, body: '{"via":"proxy"}' });
    expect(connects).toEqual([`[2001:db8::1]:${target.port}`]);
    expect(target.seen[0]?.headers.host).toBe(`[2001:db8::1]:${target.port}`);
    expect(target.seen[0]?.headers.authorization).toBe('Bearer t');
  });

  /**
   * A proxy that takes every connection and never answers CONNECT (or answers with `answer`);
   * it keeps the sockets it accepted, and what it was sent.
   */
  async function silentProxy(answer?: string) {
    const sockets: net.Socket[] = [];
    const received: string[] = [];
    const proxy = net.createServer((socket) => {
      sockets.push(socket);
      socket.on('error', () => undefined);
      socket.on('data', (chunk: Buffer) => {
        received.push(chunk.toString('latin1'));
        if (answer !== undefined) socket.end(answer);
      });
    });
    servers.push(proxy);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as net.AddressInfo).port;
    saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    for (const name of names) delete process.env[name];
    return { port, sockets, received };
  }

  test('a proxy that never answers CONNECT: the deadline ends the exchange, names the proxy, and closes its connection', async () => {
    const proxy = await silentProxy();
    process.env.http_proxy = `http://127.0.0.1:${proxy.port}`;
    const started = performance.now();
    const error = await failure(
      client({ timeoutMs: 300 }).send({ method: 'POST', url: 'http://[2001:db8::1]:80/x' }),
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.message).toBe(
      `the proxy 127.0.0.1:${proxy.port} did not open a tunnel to the server within 0.3 s (timed out)`,
    );
    // It never left for the server: safe to try again.
    expect(error).toMatchObject({ code: 'ETIMEDOUT', maybeDelivered: false, retryable: true });
    expect(proxy.received.join('')).toMatch(/^CONNECT \[2001:db8::1\]:80 HTTP\/1\.1\r\n/);
    expect(proxy.sockets).toHaveLength(1);
    // The CONNECT's own socket is gone: nothing is left to keep the process alive.
    await closed(proxy.sockets[0] as net.Socket);
  });

  test('close() ends a CONNECT the proxy has not answered, at once', async () => {
    const proxy = await silentProxy();
    process.env.http_proxy = `http://127.0.0.1:${proxy.port}`;
    const http = client({ timeoutMs: 600_000 });
    const sent = failure(http.send({ method: 'POST', url: 'http://[2001:db8::1]:80/x' }));
    for (let i = 0; i < 200 && proxy.received.length === 0; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    http.close();
    expect((await sent).code).toBe('ECANCELED');
    await closed(proxy.sockets[0] as net.Socket);
  });

  test('a 407: one line naming the proxy by host:port, never its credentials; not retried', async () => {
    const proxy = await silentProxy(
      'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n',
    );
    process.env.http_proxy = `http://alice:s3cret%40pw@127.0.0.1:${proxy.port}`;
    const error = await failure(
      client().send({ method: 'POST', url: 'http://[2001:db8::1]:80/x' }),
    );
    expect(error.message).toBe(
      `the proxy 127.0.0.1:${proxy.port} refused the tunnel with 407 Proxy Authentication Required: check the proxy's credentials (the user and password in the proxy URL of https_proxy or http_proxy)`,
    );
    expect(error).toMatchObject({ maybeDelivered: false, retryable: false });
    // The credentials went to the proxy (decoded), and are nowhere in the line.
    const basic = Buffer.from('alice:s3cret@pw').toString('base64');
    expect(proxy.received.join('')).toContain(`Proxy-Authorization: Basic ${basic}`);
    for (const piece of ['alice', 's3cret', basic]) expect(error.message).not.toContain(piece);
  });
});
