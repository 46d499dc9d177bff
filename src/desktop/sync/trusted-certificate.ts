import { Agent } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { connect, rootCertificates, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { CertificateInfo } from '../../api/sources';

/**
 * A planning system or FTPS server inside the dealership often shows a certificate of its own
 * (self-signed, or from the dealer group's own authority). The IT person can trust that one
 * certificate in Settings: connections then accept the authorities this computer trusts plus
 * it — host name and expiry are still checked, and any other certificate is still refused.
 */

/** Codes where trusting the chain's root would help; an expired or misnamed certificate stays refused. */
const UNTRUSTED_ROOT = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

export function isUntrustedRoot(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNTRUSTED_ROOT.has(code)) return true;
  }
  return false;
}

/** TLS options for a connection: the system's authorities, plus the certificate trusted in Settings. */
export function trustOptions(trusted: CertificateInfo | undefined): { ca?: string[] } {
  return trusted ? { ca: [...rootCertificates, trusted.pem] } : {};
}

/** An agent for axios when a certificate is trusted; none (Node's default) otherwise. */
export function httpsAgentFor(trusted: CertificateInfo | undefined): Agent | undefined {
  return trusted ? new Agent(trustOptions(trusted)) : undefined;
}

/** What Settings shows of a certificate, read from its PEM (never from what the renderer says of it). */
export function describeCertificate(pem: string): CertificateInfo {
  const cert = new X509Certificate(pem);
  return { pem: cert.toString(), subject: cert.subject.replace(/\n/g, ', '), fingerprint256: cert.fingerprint256, validTo: cert.validTo };
}

/**
 * The root of the chain a server showed, when that chain ends in a self-signed certificate (a
 * leaf that signed itself, or the dealer's own authority): the certificate there is to trust.
 */
export function rootShownBy(socket: TLSSocket): CertificateInfo | null {
  let cert: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  for (let depth = 0; cert?.raw && depth < 10; depth++) {
    const issuer: DetailedPeerCertificate | undefined = cert.issuerCertificate;
    if (!issuer?.raw || issuer.fingerprint256 === cert.fingerprint256) {
      const x509 = new X509Certificate(cert.raw);
      // Signed by its own key: a root (checkIssued would also demand a CA key usage, which self-signed leaves lack).
      return x509.issuer === x509.subject && x509.verify(x509.publicKey) ? describeCertificate(x509.toString()) : null;
    }
    cert = issuer;
  }
  return null;
}

/** Connects to a TLS server without judging it, only to read the certificate it shows. */
export function certificateAt(host: string, port: number, timeoutMs: number): Promise<CertificateInfo | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, servername: /^[\d.]+$|:/.test(host) ? undefined : host, rejectUnauthorized: false, timeout: timeoutMs });
    const finish = (found: CertificateInfo | null) => {
      socket.destroy();
      resolve(found);
    };
    socket.once('secureConnect', () => finish(rootShownBy(socket)));
    socket.once('error', () => finish(null));
    socket.once('timeout', () => finish(null));
  });
}

/** The certificate an HTTPS address shows. */
export function certificateOfUrl(url: string, timeoutMs: number): Promise<CertificateInfo | null> {
  const { protocol, hostname, port } = new URL(url);
  if (protocol !== 'https:') return Promise.resolve(null);
  return certificateAt(hostname.replace(/^\[|\]$/g, ''), Number(port || 443), timeoutMs);
}
