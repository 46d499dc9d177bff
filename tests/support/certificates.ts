import { X509Certificate } from 'node:crypto';
import selfsigned from 'selfsigned';

/** A self-signed certificate for 127.0.0.1, as a planning system's server in the dealership would have. */
export async function selfSigned(): Promise<{ key: string; cert: string }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

export function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
