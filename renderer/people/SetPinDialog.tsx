import { useState } from 'react';
import { useI18n } from '../i18n';
import { FormActions } from '../shell/FormActions';
import { Modal } from '../shell/Modal';
import { api, useBoard } from '../state/store';
import { PIN_MAX, PIN_MIN, pinRules } from './pin-entry';
import { sessionFrom } from './session-state';
import { usePeopleAction } from './use-people-action';

/** The signed-in person's PIN for the quick switch on this desktop (kept on this desktop only), typed twice. */
export function SetPinDialog() {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [repeat, setRepeat] = useState('');
  const { busy, notice, run } = usePeopleAction();
  const rules = pinRules(pin, repeat);
  const close = () => useBoard.setState({ dialog: null });
  return (
    <Modal title={t('pin.title')} onClose={close}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!rules.ok) return;
          void run(async () => {
            await sessionFrom(api().setPin({ pin }));
            setPin('');
            setRepeat('');
            return t('pin.saved');
          });
        }}
      >
        <p className="muted">{t('pin.lead')}</p>
        <div className="form-grid">
          <label>
            {t('pin.new')}
            <input type="password" inputMode="numeric" autoComplete="off" autoFocus maxLength={PIN_MAX} value={pin} onChange={(e) => setPin(e.target.value)} />
          </label>
          <label>
            {t('pin.repeat')}
            <input type="password" inputMode="numeric" autoComplete="off" maxLength={PIN_MAX} value={repeat} onChange={(e) => setRepeat(e.target.value)} />
          </label>
        </div>
        <ul className="rules" aria-label={t('signin.rules')}>
          <li className={rules.digits ? 'rule is-met' : 'rule'}>{t('signin.pinRule', { min: PIN_MIN, max: PIN_MAX })}</li>
          <li className={rules.same ? 'rule is-met' : 'rule'}>{t('pin.same')}</li>
        </ul>
        <FormActions notice={notice} leave={t('import.close')} onLeave={close}>
          <button type="submit" className="button primary" disabled={busy || !rules.ok}>
            {t('pin.save')}
          </button>
        </FormActions>
      </form>
    </Modal>
  );
}
