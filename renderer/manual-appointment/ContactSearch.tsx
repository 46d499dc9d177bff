import { useEffect, useState } from 'react';
import type { Contact } from '../../src/api/appointment';
import { useI18n } from '../i18n';
import { api, showError } from '../state/store';

/** Finds an existing customer first, so a walk-in is not entered twice. */
export function ContactSearch({ chosen, onChoose }: { chosen: Contact | null; onChoose: (c: Contact | null) => void }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<Contact[] | null>(null);

  useEffect(() => {
    if (query.trim().length < 2) {
      setMatches(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api()
        .searchContacts({ query })
        .then((found) => current && setMatches(found), showError);
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  if (chosen) {
    return (
      <div className="contact-chosen">
        <span className="muted">{t('manual.attached')}:</span>
        <strong>{chosen.name ?? chosen.phone ?? chosen.email}</strong>
        <span className="muted">{[chosen.phone, chosen.email].filter(Boolean).join(' · ')}</span>
        <button type="button" className="link" onClick={() => onChoose(null)}>
          {t('manual.detach')}
        </button>
      </div>
    );
  }

  return (
    <div className="contact-search">
      <input
        type="search"
        placeholder={t('manual.contactSearch')}
        aria-label={t('manual.contactSearch')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {matches && matches.length === 0 && <p className="muted small">{t('manual.noMatches')}</p>}
      {matches && matches.length > 0 && (
        <ul className="contact-matches" role="listbox">
          {matches.map((c) => (
            <li key={c.id}>
              <button type="button" role="option" aria-selected={false} onClick={() => onChoose(c)}>
                <strong>{c.name ?? '—'}</strong>
                <span className="muted">{[c.phone, c.email].filter(Boolean).join(' · ')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
