import { useState } from 'react';
import { useI18n } from '../i18n';
import { Outcome } from '../shell/Outcome';
import type { Notice } from '../shell/use-action';
import { PIN_MAX, PIN_MIN, pinAfterKey, pinComplete } from './pin-entry';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * A PIN typed on the keyboard or tapped on the pad (a reception PC may have a touch screen);
 * Enter sends it. The PIN is cleared after each try, so a wrong one is typed again whole.
 */
export function PinPad({ label, busy, notice, onSubmit }: { label: string; busy: boolean; notice: Notice; onSubmit: (pin: string) => Promise<void> }) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const complete = pinComplete(pin);
  const submit = () => {
    if (!complete || busy) return;
    const typed = pin;
    setPin('');
    void onSubmit(typed);
  };
  return (
    <form
      className="pin-pad"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <input
        className="pin-input"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        autoFocus
        aria-label={t('signin.pin')}
        maxLength={PIN_MAX}
        value={pin}
        aria-invalid={pin !== '' && !/^\d*$/.test(pin)}
        onChange={(e) => setPin(e.target.value)}
      />
      <div className="pin-keys">
        {KEYS.map((key) => (
          <button key={key} type="button" className="pin-key" disabled={busy} onClick={() => setPin((p) => pinAfterKey(p, key))}>
            {key}
          </button>
        ))}
        <button type="button" className="pin-key pin-key-back" disabled={busy || pin === ''} aria-label={t('signin.pinBack')} onClick={() => setPin((p) => pinAfterKey(p, 'Backspace'))}>
          ⌫
        </button>
        <button type="button" className="pin-key" disabled={busy} onClick={() => setPin((p) => pinAfterKey(p, '0'))}>
          0
        </button>
        <button type="submit" className="pin-key pin-key-enter" disabled={busy || !complete}>
          {t('signin.pinEnter')}
        </button>
      </div>
      <p className={pin !== '' && !/^\d*$/.test(pin) ? 'field-error' : 'hint'}>{t('signin.pinRule', { min: PIN_MIN, max: PIN_MAX })}</p>
      <Outcome notice={notice} />
    </form>
  );
}
