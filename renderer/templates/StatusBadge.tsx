import type { WaTemplate } from '../../src/api/v2/template';
import { useI18n } from '../i18n';

/** Meta's review of a template in a word; one the account no longer has says so instead. */
export function StatusBadge({ template }: { template: Pick<WaTemplate, 'status' | 'missingSince'> }) {
  const { t } = useI18n();
  if (template.missingSince !== null) return <span className="status-badge is-missing">{t('library.missing')}</span>;
  return <span className={`status-badge is-${template.status}`}>{t(`library.statusOf.${template.status}`)}</span>;
}
