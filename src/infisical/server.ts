// Where Infisical's API lives, as the action calls it: an origin plus the path prefix of a
// self-hosted install. inputs/server-url.ts reads it from `server-url`.

export interface Server {
  origin: string;
  /** The path prefix of a self-hosted install ('' if none), without a trailing '/'. */
  prefix: string;
}

/** The server as users know it, for messages. */
export function describeServer(server: Server): string {
  return server.origin + server.prefix;
}

/** The URL of an API path (starting with /api/) on the server. */
export function apiUrl(server: Server, path: string): string {
  return `${server.origin}${server.prefix}${path}`;
}

/** A value as exactly one path segment, whatever it holds: percent-encoded, dots included, so that no value can climb out of its route. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/\./g, '%2E');
}
