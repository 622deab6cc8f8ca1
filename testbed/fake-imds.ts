// A fake EC2 instance metadata service, IMDSv2 only, on loopback: what an EC2 runner with an
// instance role has at 169.254.169.254. A session token comes from PUT /latest/api/token (with
// the TTL header); every GET must carry it, or gets 401, as the real service answers. The step
// reaches it through AWS_EC2_METADATA_SERVICE_ENDPOINT. 'never-answer' is a host that accepts
// connections and says nothing (a runner whose metadata hop limit drops the answer).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface ImdsRequest {
  method: string;
  path: string;
  /** The session token sent (GET) or the TTL asked for (PUT). */
  token?: string;
  ttl?: string;
  status: number;
}

export class FakeImds {
  url = '';
  readonly requests: ImdsRequest[] = [];
  readonly sessionToken = randomBytes(24).toString('base64url');
  mode: 'answer' | 'never-answer' = 'answer';
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((req, res) => this.handle(req, res));

  constructor(readonly role: { name: string; credentials: RoleCredentials; region: string }) {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const record: ImdsRequest = {
      method: req.method ?? '',
      path,
      token: header('x-aws-ec2-metadata-token'),
      ttl: header('x-aws-ec2-metadata-token-ttl-seconds'),
      status: 0,
    };
    this.requests.push(record);
    if (this.mode === 'never-answer') return;
    const send = (status: number, body: string, type = 'text/plain') => {
      record.status = status;
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/latest/api/token') {
      if (req.method !== 'PUT') return send(405, '');
      const ttl = Number(record.ttl);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 21600) return send(400, '');
      return send(200, this.sessionToken);
    }
    if (req.method !== 'GET') return send(405, '');
    if (record.token !== this.sessionToken) return send(401, '');
    const { name, credentials, region } = this.role;
    if (path === '/latest/meta-data/iam/security-credentials/') return send(200, name);
    if (path === `/latest/meta-data/iam/security-credentials/${name}`) {
      return send(
        200,
        JSON.stringify({
          Code: 'Success',
          LastUpdated: new Date().toISOString(),
          Type: 'AWS-HMAC',
          AccessKeyId: credentials.accessKeyId,
          SecretAccessKey: credentials.secretAccessKey,
          Token: credentials.sessionToken,
          Expiration: new Date(Date.now() + 6 * 3_600_000).toISOString(),
        }),
        'application/json',
      );
    }
    if (path === '/latest/meta-data/placement/region') return send(200, region);
    send(404, '');
  }
}
