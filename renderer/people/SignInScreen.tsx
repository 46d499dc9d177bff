import { useState, type ReactNode } from 'react';
import type { RecentUser, SessionState, SignedOutReason } from '../../src/api/people';
import { EmailSchema } from '../../src/api/limits';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { LanguageSelect } from '../shell/LanguageSelect';
import { Outcome } from '../shell/Outcome';
import { api, useBoard } from '../state/store';
import { passwordRules } from './password-rules';
import { PinPad } from './PinPad';
import { initials } from '../shell/initials';
import { sessionFrom, useSession } from './session-state';
import type { Wording } from './people-errors';
import { usePeopleAction } from './use-people-action';
import { DeviceRevokedAdvice } from './DeviceRevokedAdvice';

/** Why nobody is signed in any more, in the user's words; the reason codes are the core's. */
const REASONS: Record<SignedOutReason, MessageKey> = {
  revoked: 'signin.reason.revoked',
  expired: 'signin.reason.expired',
  refused: 'signin.reason.refused',
  'device-revoked': 'signin.reason.deviceRevoked',
  'signed-out': 'signin.reason.signedOut',
  'pin-attempts': 'signin.reason.pinAttempts',
};

/** What the backend's UNAUTHORIZED and FORBIDDEN mean on each way in. */
const PASSWORD_WORDS: Wording = { UNAUTHORIZED: 'people.error.wrongPassword' };
const INVITATION_WORDS: Wording = { UNAUTHORIZED: 'people.error.badInvitation' };
const PROVIDER_WORDS: Wording = { UNAUTHORIZED: 'people.error.providerRefused', FORBIDDEN: 'people.error.providerDomain' };

type Attempt = 'password' | 'provider';

type Step = { kind: 'password'; noPinFor?: string } | { kind: 'invitation' } | { kind: 'pin'; person: RecentUser };

/**
 * In front of the board on a registered reception desktop: who is going to work here. A
 * recent person comes back with their PIN; anyone signs in with e-mail and password, an
 * invitation code (choosing a password), or the organisation's own accounts. Locked, it shows
 * who is signed in and takes their PIN or password, or lets someone else sign in.
 */
export function SignInScreen({ session }: { session: SessionState }) {
  const someoneElse = useSession((s) => s.someoneElse);
  const user = session.user;
  return (
    <SignInFrame session={session}>
      {session.locked && user && !someoneElse ? <LockedPanel session={session} user={user} /> : <SignInPanel session={session} />}
    </SignInFrame>
  );
}

function SignInFrame({ session, children }: { session: SessionState; children: ReactNode }) {
  const { t } = useI18n();
  const organisation = useBoard((s) => s.settings?.organisationName ?? null);
  return (
    <main className="signin">
      <header className="first-run-header">
        <span className="brand-mark" aria-hidden="true">
          AB
        </span>
        <span className="first-run-app">{organisation ?? t('app.title')}</span>
        {session.device && <span className="signin-device">{t('signin.device', { name: session.device.name })}</span>}
        {/* Locked, the language is the person's who walked away: theirs to change once back. */}
        {!session.locked && <LanguageSelect />}
      </header>
      <div className="signin-body">{children}</div>
    </main>
  );
}

function LockedPanel({ session, user }: { session: SessionState; user: NonNullable<SessionState['user']> }) {
  const { t } = useI18n();
  const hasPin = session.recent.some((r) => r.id === user.id && r.hasPin);
  const { busy, notice, run } = usePeopleAction(PASSWORD_WORDS);
  const [password, setPassword] = useState('');
  return (
    <section className="signin-card" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('signin.lockedTitle')}</h1>
      <div className="signin-person">
        <span className="avatar avatar-large" aria-hidden="true">
          {initials(user.name)}
        </span>
        <div>
          <div className="signin-person-name">{user.name}</div>
          <div className="muted small">{t('signin.lockedWho', { role: t(`role.${user.role}`) })}</div>
        </div>
      </div>
      {hasPin ? (
        <PinPad
          label={t('signin.pinFor', { name: user.name })}
          busy={busy}
          notice={notice}
          onSubmit={(pin) => run(() => sessionFrom(api().switchUser({ userId: user.id, pin })))}
        />
      ) : (
        <form
          className="form signin-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => sessionFrom(api().signIn({ email: user.email, password })));
          }}
        >
          <label>
            {t('signin.password')}
            <input type="password" autoComplete="current-password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <Outcome notice={notice} />
          <button type="submit" className="button primary" disabled={busy || password === ''}>
            {t('signin.unlock')}
          </button>
        </form>
      )}
      <button type="button" className="link signin-switch" onClick={() => useSession.setState({ someoneElse: true })}>
        {t('signin.someoneElse')}
      </button>
    </section>
  );
}

function SignInPanel({ session }: { session: SessionState }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const someoneElse = useSession((s) => s.someoneElse);
  const reason = session.signedOut;
  const deviceRevoked = reason === 'device-revoked';
  const lockedUser = session.locked ? session.user : null;
  // Password and provider each have their own attempt (the browser may still be open when someone
  // types a password instead); only the outcome of the one tried last shows.
  const [latest, setLatest] = useState<Attempt | null>(null);
  return (
    <>
      <section className="signin-card" aria-labelledby="signin-title">
        <h1 id="signin-title">{t('signin.title')}</h1>
        {reason && (
          <div className={reason === 'signed-out' ? 'signin-reason is-plain' : 'signin-reason'} role="status">
            <p>{t(REASONS[reason])}</p>
            {deviceRevoked && <DeviceRevokedAdvice />}
          </div>
        )}
        {!deviceRevoked && step.kind === 'pin' && (
          <PinStep person={step.person} onBack={() => setStep({ kind: 'password' })} />
        )}
        {!deviceRevoked && step.kind === 'password' && (
          <>
            {step.noPinFor && <p className="muted">{t('signin.noPin', { name: step.noPinFor })}</p>}
            <PasswordForm current={latest === 'password'} onAttempt={() => setLatest('password')} />
            {session.oidc && <ProviderButton label={session.oidc.label} current={latest === 'provider'} onAttempt={() => setLatest('provider')} />}
            <button type="button" className="link" onClick={() => setStep({ kind: 'invitation' })}>
              {t('signin.haveCode')}
            </button>
          </>
        )}
        {!deviceRevoked && step.kind === 'invitation' && <InvitationForm onBack={() => setStep({ kind: 'password' })} />}
        {someoneElse && lockedUser && (
          <button type="button" className="link signin-switch" onClick={() => useSession.setState({ someoneElse: false })}>
            {t('signin.backTo', { name: lockedUser.name })}
          </button>
        )}
      </section>
      {!deviceRevoked && session.recent.length > 0 && (
        <section className="signin-card signin-recent" aria-labelledby="signin-recent-title">
          <h2 id="signin-recent-title">{t('signin.recent')}</h2>
          <ul>
            {session.recent.map((person) => (
              <li key={person.id}>
                <button
                  type="button"
                  className={step.kind === 'pin' && step.person.id === person.id ? 'recent-person active' : 'recent-person'}
                  onClick={() => setStep(person.hasPin ? { kind: 'pin', person } : { kind: 'password', noPinFor: person.name })}
                >
                  <span className="avatar avatar-large" aria-hidden="true">
                    {initials(person.name)}
                  </span>
                  <span className="recent-person-text">
                    <span className="recent-person-name" title={person.name}>
                      {person.name}
                    </span>
                    <span className="muted small">{person.hasPin ? t('signin.withPin') : t('signin.noPinShort')}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function PinStep({ person, onBack }: { person: RecentUser; onBack: () => void }) {
  const { t } = useI18n();
  const { busy, notice, run } = usePeopleAction();
  return (
    <div className="signin-pin">
      <div className="signin-person">
        <span className="avatar avatar-large" aria-hidden="true">
          {initials(person.name)}
        </span>
        <div className="signin-person-name">{person.name}</div>
      </div>
      <PinPad
        key={person.id}
        label={t('signin.pinFor', { name: person.name })}
        busy={busy}
        notice={notice}
        onSubmit={(pin) => run(() => sessionFrom(api().switchUser({ userId: person.id, pin })))}
      />
      <button type="button" className="link" onClick={onBack}>
        {t('signin.notYou')}
      </button>
    </div>
  );
}

/** The sign-in screen's ways in beside each other; `current`: its outcome is the latest, and shows. */
interface AttemptProps {
  current: boolean;
  /** Called as the attempt starts and again as its outcome arrives, which makes it the latest. */
  onAttempt: () => void;
}

/** useAction whose attempt says when it starts and when its outcome arrives (see AttemptProps). */
function useAttempt(words: Wording, onAttempt: () => void) {
  const action = usePeopleAction(words);
  const run = (work: () => Promise<null>) => {
    onAttempt();
    return action.run(async () => {
      try {
        return await work();
      } finally {
        onAttempt();
      }
    });
  };
  return { ...action, run };
}

function PasswordForm({ current, onAttempt }: AttemptProps) {
  const { t } = useI18n();
  const { busy, notice, setNotice, run } = useAttempt(PASSWORD_WORDS, onAttempt);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [emailWrong, setEmailWrong] = useState(false);
  return (
    <form
      className="form signin-form"
      aria-label={t('signin.withPassword')}
      onSubmit={(e) => {
        e.preventDefault();
        const valid = EmailSchema.safeParse(email.trim()).success;
        setEmailWrong(!valid);
        if (valid) void run(() => sessionFrom(api().signIn({ email: email.trim(), password })));
        else {
          // The address's own problem is this attempt's outcome: nothing older stays beside it.
          setNotice(null);
          onAttempt();
        }
      }}
    >
      <label>
        {t('signin.email')}
        <input type="email" name="email" autoComplete="username" value={email} aria-invalid={emailWrong} onChange={(e) => setEmail(e.target.value)} />
        {emailWrong && <span className="field-error">{t('signin.emailInvalid')}</span>}
      </label>
      <label>
        {t('signin.password')}
        <input type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <Outcome notice={current ? notice : null} />
      <button type="submit" className="button primary" disabled={busy || email === '' || password === ''}>
        {busy ? t('signin.signingIn') : t('signin.submit')}
      </button>
    </form>
  );
}

function ProviderButton({ label, current, onAttempt }: { label: string } & AttemptProps) {
  const { t } = useI18n();
  const { busy, notice, run } = useAttempt(PROVIDER_WORDS, onAttempt);
  return (
    <div className="signin-provider">
      <button type="button" className="button" disabled={busy} onClick={() => void run(() => sessionFrom(api().signInWithProvider({})))}>
        {busy ? t('signin.inBrowser', { provider: label }) : t('signin.with', { provider: label })}
      </button>
      <Outcome notice={current ? notice : null} />
    </div>
  );
}

function InvitationForm({ onBack }: { onBack: () => void }) {
  const { t } = useI18n();
  const { busy, notice, run } = usePeopleAction(INVITATION_WORDS);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const rules = passwordRules(password, repeat);
  return (
    <form
      className="form signin-form"
      aria-label={t('signin.invitationTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        if (rules.ok) void run(() => sessionFrom(api().acceptInvitation({ code: code.trim(), password })));
      }}
    >
      <p className="muted">{t('signin.invitationLead')}</p>
      <label>
        {t('signin.code')}
        <input name="code" autoComplete="off" autoFocus value={code} onChange={(e) => setCode(e.target.value)} />
      </label>
      <label>
        {t('signin.newPassword')}
        <input type="password" name="new-password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label>
        {t('signin.repeatPassword')}
        <input type="password" name="repeat-password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </label>
      <ul className="rules" aria-label={t('signin.rules')}>
        <li className={rules.longEnough && rules.shortEnough ? 'rule is-met' : 'rule'}>
          {rules.shortEnough ? t('signin.rule.length', { min: rules.min }) : t('signin.rule.tooLong', { max: rules.max })}
        </li>
        <li className={rules.same ? 'rule is-met' : 'rule'}>{t('signin.rule.same')}</li>
      </ul>
      <Outcome notice={notice} />
      <button type="submit" className="button primary" disabled={busy || !rules.ok || code.trim() === ''}>
        {t('signin.acceptInvitation')}
      </button>
      <button type="button" className="link" onClick={onBack}>
        {t('signin.back')}
      </button>
    </form>
  );
}
