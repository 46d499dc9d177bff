import type { CertificateInfo } from '../../src/api/sources';
import { useI18n } from '../i18n';

/**
 * A certificate no authority vouches for, as the server showed it after a failed test: the IT
 * person compares the fingerprint with the server's and trusts it for this source only.
 */
export function CertificateShown({ certificate, onTrust }: { certificate: CertificateInfo; onTrust: () => void }) {
  const { t } = useI18n();
  return (
    <div className="certificate-shown" data-testid="certificate-shown">
      <p className="small">{t('sources.certificate.shown')}</p>
      <CertificateFacts certificate={certificate} />
      <button type="button" className="button" onClick={onTrust}>
        {t('sources.certificate.trust')}
      </button>
    </div>
  );
}

/** The certificate a source trusts, with the way back. */
export function CertificateTrusted({ certificate, onForget }: { certificate: CertificateInfo; onForget: () => void }) {
  const { t } = useI18n();
  return (
    <div className="certificate-trusted muted small" data-testid="certificate-trusted">
      <span>{t('sources.certificate.trusted')}</span>
      <CertificateFacts certificate={certificate} />
      <button type="button" className="link-button" onClick={onForget}>
        {t('sources.certificate.forget')}
      </button>
    </div>
  );
}

function CertificateFacts({ certificate }: { certificate: CertificateInfo }) {
  const { t } = useI18n();
  return (
    <dl className="certificate-facts">
      <dt>{t('sources.certificate.subject')}</dt>
      <dd>{certificate.subject}</dd>
      <dt>SHA-256</dt>
      <dd className="fingerprint">
        {halves(certificate.fingerprint256).map((half) => (
          <span key={half}>{half}</span>
        ))}
      </dd>
      <dt>{t('sources.certificate.validTo')}</dt>
      <dd>{certificate.validTo}</dd>
    </dl>
  );
}

/** The 32 bytes on two lines of 16, so that a line never breaks inside a byte when compared by eye. */
function halves(fingerprint: string): string[] {
  const bytes = fingerprint.split(':');
  return bytes.length > 16 ? [bytes.slice(0, 16).join(':'), bytes.slice(16).join(':')] : [fingerprint];
}
