// The tunnel @actions/http-client goes through a proxy with (the `tunnel` package). Its agent makes
// its own CONNECT request with the http module it captured, out of reach of the client's request
// hook, with no timeout, and http-client's dispose() never touches that agent: a proxy that accepts
// the connection and never answers CONNECT would hold the exchange past its deadline, and keep the
// process alive after the step is over. Here each CONNECT is handed to the exchange it opens a
// tunnel for (so that exchange's deadline and cancel end it), and whatever is still open when the
// client closes is destroyed.
import type { ClientRequest, RequestOptions } from 'node:http';
import * as https from 'node:https';

/** What this module relies on of `tunnel`'s TunnelingAgent. */
interface TunnelingAgent {
  proxyOptions: { host?: string; port?: string | number };
  request: (options: RequestOptions) => ClientRequest;
  createSocket: (options: { request: ClientRequest }, done: (socket: unknown) => void) => void;
  /** Open tunnels, and a placeholder object for each CONNECT still waiting. */
  sockets: unknown[];
  /** Requests queued for a tunnel (over maxSockets). */
  requests: unknown[];
}

/** Told of the CONNECT request made for it, and of the proxy's host:port (never its credentials). */
export type TunnelFor = (connect: ClientRequest, proxy: string) => void;

export function isTunnelingAgent(agent: unknown): agent is TunnelingAgent {
  const a = agent as Partial<TunnelingAgent> | null | undefined;
  return (
    typeof a === 'object' &&
    a !== null &&
    typeof a.proxyOptions === 'object' &&
    typeof a.request === 'function' &&
    typeof a.createSocket === 'function' &&
    Array.isArray(a.sockets) &&
    Array.isArray(a.requests)
  );
}

/** The proxy as host:port, from the agent's options (the credentials there are left alone). */
function proxyOf(agent: TunnelingAgent): string {
  const { host = '', port } = agent.proxyOptions;
  // An empty port is the scheme's default; a proxy reached over TLS uses https.request.
  const shown =
    port === undefined || port === '' ? (agent.request === https.request ? 443 : 80) : port;
  return `${host}:${shown}`;
}

export class Tunnels {
  private readonly agents = new Set<TunnelingAgent>();
  private readonly connects = new Set<ClientRequest>();
  private closed = false;

  /** `ownerOf(request)`: what to tell of the CONNECT made for this request, if anything. */
  constructor(private readonly ownerOf: (request: ClientRequest) => TunnelFor | undefined) {}

  /** Hooks an agent's CONNECT requests, once per agent (http-client keeps one for a client). */
  watch(agent: TunnelingAgent): void {
    if (this.agents.has(agent)) return;
    this.agents.add(agent);
    const proxy = proxyOf(agent);
    const connect = agent.request;
    const createSocket = agent.createSocket;
    // The request a tunnel is being opened for: createSocket makes its CONNECT synchronously.
    let opening: ClientRequest | undefined;
    agent.request = (options) => {
      const made = connect(options);
      this.connects.add(made);
      made.once('close', () => this.connects.delete(made));
      const owner = opening ? this.ownerOf(opening) : undefined;
      if (this.closed) made.destroy();
      else owner?.(made, proxy);
      return made;
    };
    agent.createSocket = function (this: TunnelingAgent, options, done) {
      const outer = opening;
      opening = options.request;
      try {
        createSocket.call(this, options, done);
      } finally {
        opening = outer;
      }
    };
  }

  /** Destroys every CONNECT still open and every tunnel, and drops the queued requests. */
  destroyAll(): void {
    this.closed = true;
    for (const connect of [...this.connects]) connect.destroy();
    for (const agent of this.agents) {
      agent.requests.length = 0;
      for (const socket of [...agent.sockets]) {
        const s = socket as { destroy?: unknown };
        if (typeof s.destroy === 'function') (s.destroy as () => void).call(socket);
      }
    }
  }
}
