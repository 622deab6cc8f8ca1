// A self-signed certificate for the loopback addresses, made with openssl (which .ci/prepare-test-host.sh
// installs): trusted by nobody unless a test hands it to NODE_EXTRA_CA_CERTS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasOpenssl = !spawnSync('openssl', ['version']).error;

export interface Certificate {
  key: string;
  cert: string;
  /** Where the certificate is, for NODE_EXTRA_CA_CERTS. */
  certFile: string;
}

/** A new key and self-signed certificate for 127.0.0.1 and ::1, valid for a day. */
export function selfSignedCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'cert-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,IP:::1',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`);
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

/**
 * A new key and self-signed certificate for a host name and an address (a proxy test's
 * fake-infisical.test at 127.0.0.2), valid for a day: what a server behind a proxy is reached by.
 */
export function selfSignedCertificateFor(host: string, address: string): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'cert-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    `/CN=${host}`,
    '-addext',
    `subjectAltName=DNS:${host},IP:${address}`,
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`);
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}
