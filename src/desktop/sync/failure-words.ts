import { SourceFailure } from './connector';

const NETWORK: Record<string, string> = {
  ENOTFOUND: 'the host name is not known (check the address)',
  EAI_AGAIN: 'the host name could not be looked up (no network or DNS?)',
  ECONNREFUSED: 'the host refused the connection (wrong port, or the service is not running)',
  ECONNRESET: 'the connection was cut off',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the host did not answer in time',
  ECONNABORTED: 'the host did not answer in time',
};

const CERTIFICATE: Record<string, string> = {
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed and not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate chain ends in a certificate that is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate cannot be verified",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the issuer of the server's certificate is not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate is for another host name",
};

/** A certificate the server showed and this computer does not trust: trying again changes nothing. */
export function isCertificateFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in CERTIFICATE;
}

/**
 * A failure of any connector in words: SourceFailure as it is, network and certificate codes
 * translated, anything else by its message. Never includes a secret: messages of the
 * libraries used here carry hosts and paths, not credentials.
 */
export function failureWords(error: unknown): string {
  if (error instanceof SourceFailure) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CERTIFICATE[code]) return `Certificate: ${CERTIFICATE[code]}.`;
  if (typeof code === 'string' && NETWORK[code]) return `Host unreachable: ${NETWORK[code]}.`;
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}
