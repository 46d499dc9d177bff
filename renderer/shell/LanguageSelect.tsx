import type { Locale } from '../../src/api/board-api';
import { useI18n, useLocale } from '../i18n';
import { api, showError } from '../state/store';

/** The language of this user's screens, remembered by the core. */
export function LanguageSelect() {
  const { t } = useI18n();
  const locale = useLocale((s) => s.locale);
  return (
    <select
      className="language"
      aria-label={t('nav.language')}
      value={locale}
      onChange={(e) => {
        const next = e.target.value as Locale;
        useLocale.setState({ locale: next });
        api().setLocale({ locale: next }).catch(showError);
      }}
    >
      <option value="en">EN</option>
      <option value="nl">NL</option>
    </select>
  );
}
