import { useEffect, useState } from 'react';
import { OidcSettingsSchema, USER_ROLES } from '../../src/api/v2/auth';
import { useI18n } from '../i18n';
import { FormActions } from '../shell/FormActions';
import { Modal } from '../shell/Modal';
import { Outcome } from '../shell/Outcome';
import { api, useBoard } from '../state/store';
import { fieldProblems } from './field-problems';
import { domainsOf, draftOf, settingsOf, type OidcDraft } from './oidc-draft';
import { Problem } from './Problem';
import { RoleSelect } from './RoleSelect';
import { sessionFrom, useSession } from './session-state';
import { usePeopleAction } from './use-people-action';

/** The idle times offered for the lock; one set otherwise (by another version, say) is offered too. */
const IDLE_CHOICES = [5, 10, 15, 30, 60, 120];

/**
 * Settings → Sign-in settings (managers): sign-in with the dealer group's own accounts
 * (OpenID Connect: the provider's address, this app's client id, the button's words, which
 * e-mail domains may sign in and the role a new person gets), or passwords only; and after
 * how long this desktop locks when nobody uses it.
 */
export function SignInSettingsDialog() {
  const { t } = useI18n();
  const session = useSession((s) => s.session);
  const close = () => useBoard.setState({ dialog: null });
  return (
    <Modal title={t('signinSettings.title')} onClose={close}>
      <div className="form">
        <OidcSection />
        {session?.mode === 'device' && session.device?.role === 'desktop' && <IdleLockSection minutes={session.idleLockMinutes} />}
        <FormActions leave={t('import.close')} onLeave={close} />
      </div>
    </Modal>
  );
}

function OidcSection() {
  const { t } = useI18n();
  const [draft, setDraft] = useState<OidcDraft | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [shown, setShown] = useState(false);
  const { busy, notice, setNotice, run } = usePeopleAction();
  useEffect(() => {
    void run(async () => {
      const settings = await api().getOidcSettings({});
      setDraft(draftOf(settings));
      setEnabled(settings !== null);
      return null;
    });
  }, []);
  if (!draft) {
    return <Outcome notice={notice} />;
  }
  const parsed = OidcSettingsSchema.safeParse(settingsOf(draft));
  const problems = fieldProblems(parsed);
  const problem = (field: string) => (shown ? problems[field] : undefined);
  const set = (patch: Partial<OidcDraft>) => setDraft({ ...draft, ...patch });
  const test = () => {
    setShown(true);
    if (!parsed.success) {
      setNotice(null);
      return;
    }
    void run(async () => {
      await api().testOidcSettings({ settings: parsed.data });
      return t('signinSettings.tested');
    });
  };
  const save = (on: boolean) => {
    setShown(on);
    // The fields' problems are this try's outcome: an earlier "Saved" must not stay beside them.
    if (on && !parsed.success) {
      setNotice(null);
      return;
    }
    void run(async () => {
      const saved = await api().saveOidcSettings({ settings: on && parsed.success ? parsed.data : null });
      setEnabled(saved !== null);
      if (saved) setDraft(draftOf(saved));
      return t(saved ? 'signinSettings.savedOn' : 'signinSettings.savedOff');
    });
  };
  return (
    <fieldset className="settings-form">
      <legend>{t('signinSettings.oidc')}</legend>
      <p className="muted small">{t(enabled ? 'signinSettings.stateOn' : 'signinSettings.stateOff')}</p>
      <div className="form-grid">
        <label className="span-2">
          {t('signinSettings.issuer')}
          <input name="issuer" type="url" placeholder="https://login.microsoftonline.com/…/v2.0" value={draft.issuer} aria-invalid={problem('issuer') !== undefined} onChange={(e) => set({ issuer: e.target.value })} />
          <Problem problem={problem('issuer')} />
        </label>
        <label>
          {t('signinSettings.clientId')}
          <input name="client-id" value={draft.clientId} aria-invalid={problem('clientId') !== undefined} onChange={(e) => set({ clientId: e.target.value })} />
          <Problem problem={problem('clientId')} />
        </label>
        <label>
          {t('signinSettings.clientSecret')} <span className="hint">{t('signinSettings.clientSecretHint')}</span>
          <input name="client-secret" autoComplete="off" value={draft.clientSecret} aria-invalid={problem('clientSecret') !== undefined} onChange={(e) => set({ clientSecret: e.target.value })} />
          <Problem problem={problem('clientSecret')} />
        </label>
        <label>
          {t('signinSettings.label')} <span className="hint">{t('signinSettings.labelHint')}</span>
          <input name="label" placeholder="Microsoft" value={draft.label} aria-invalid={problem('label') !== undefined} onChange={(e) => set({ label: e.target.value })} />
          <Problem problem={problem('label')} />
        </label>
        <label>
          {t('signinSettings.domains')} <span className="hint">{t('signinSettings.domainsHint')}</span>
          <input name="domains" placeholder="autobedrijf.nl, garage.be" value={draft.domains} aria-invalid={problem('allowedDomains') !== undefined} onChange={(e) => set({ domains: e.target.value })} />
          <Problem problem={problem('allowedDomains')} item={domainsOf(draft.domains)[problem('allowedDomains')?.item ?? -1]} />
        </label>
        <RoleSelect label={t('signinSettings.newUserRole')} name="new-user-role" roles={USER_ROLES} value={draft.newUserRole} onChange={(newUserRole) => set({ newUserRole })} />
      </div>
      <Outcome notice={notice} />
      <div className="form-actions">
        {enabled && (
          <button type="button" className="button danger" disabled={busy} onClick={() => save(false)}>
            {t('signinSettings.off')}
          </button>
        )}
        <button type="button" className="button" disabled={busy} onClick={test}>
          {t('signinSettings.test')}
        </button>
        <button type="button" className="button primary" disabled={busy} onClick={() => save(true)}>
          {t('signinSettings.save')}
        </button>
      </div>
    </fieldset>
  );
}

function IdleLockSection({ minutes }: { minutes: number | null }) {
  const { t } = useI18n();
  const { busy, notice, run } = usePeopleAction();
  const choices = minutes === null || IDLE_CHOICES.includes(minutes) ? IDLE_CHOICES : [...IDLE_CHOICES, minutes].sort((a, b) => a - b);
  return (
    <fieldset className="settings-form">
      <legend>{t('signinSettings.idle')}</legend>
      <label>
        {t('signinSettings.idleLabel')}
        <select
          name="idle-lock"
          value={minutes ?? ''}
          disabled={busy}
          onChange={(e) =>
            void run(async () => {
              await sessionFrom(api().setIdleLock({ minutes: e.target.value === '' ? null : Number(e.target.value) }));
              return t('signinSettings.idleSaved');
            })
          }
        >
          <option value="">{t('signinSettings.idleNever')}</option>
          {choices.map((m) => (
            <option key={m} value={m}>
              {t('signinSettings.idleMinutes', { count: m })}
            </option>
          ))}
        </select>
      </label>
      <Outcome notice={notice} />
    </fieldset>
  );
}
