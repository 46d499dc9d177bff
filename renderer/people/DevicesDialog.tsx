import { useState } from 'react';
import { DEVICE_ROLES, INTEGRATION_SYSTEMS, type DeviceRole } from '../../src/api/v2/auth';
import { CreateIntegrationSchema, RegisterDeviceSchema, type IssuedToken, type Session } from '../../src/api/v2/devices';
import { useI18n } from '../i18n';
import { FormActions } from '../shell/FormActions';
import { Modal } from '../shell/Modal';
import { api, useBoard } from '../state/store';
import { fieldProblems } from './field-problems';
import { IssuedSecret } from './IssuedSecret';
import { PagedTable } from './PagedTable';
import { Problem } from './Problem';
import { RoleSelect } from './RoleSelect';
import { RowActions, type RowAction } from './RowActions';
import { usePages } from './use-pages';
import { usePeopleAction } from './use-people-action';

type Form = 'device' | 'integration' | null;

/** How long an integration token may work: the contract's bounds, shown beside the field. */
const DAYS = CreateIntegrationSchema.shape.days.unwrap();

/**
 * Settings → Devices and tokens (managers): every session — a person signed in somewhere, a
 * registered desktop or wall, an integration — with when it was last used and when it ends;
 * each can be revoked, a device's token rotated. New device and integration tokens are shown
 * here once.
 */
export function DevicesDialog() {
  const { t, dateAt, dayMonthAt, time } = useI18n();
  const [revoked, setRevoked] = useState(false);
  const [form, setForm] = useState<Form>(null);
  // Each new token stays on screen until the manager says it was passed on: it is shown only this once.
  const [issued, setIssued] = useState<IssuedToken[]>([]);
  const sessions = usePages<Session>((after) => api().listSessions(after === undefined ? { revoked } : { after, revoked }), [revoked]);
  const close = () => useBoard.setState({ dialog: null });

  const onIssued = (token: IssuedToken) => {
    setForm(null);
    // A rotated device's earlier token no longer works: only its newest stays on screen.
    setIssued((shown) => [token, ...shown.filter((other) => other.session.subject !== token.session.subject)]);
    sessions.reload();
  };
  const deviceName = (id: string | null) => (id === null ? '—' : (sessions.items.find((s) => s.kind === 'device' && s.subject === id)?.name ?? id));
  const when = (at: number | null) => (at === null ? t('devices.never') : `${dayMonthAt(at)} ${time(at)}`);

  return (
    <Modal title={t('devices.title')} onClose={close} wide>
      <div className="form">
        <div className="settings-head">
          <p className="muted">{t('devices.lead')}</p>
          <div className="settings-head-actions">
            <button type="button" className="button" onClick={() => setForm('device')}>
              {t('devices.register')}
            </button>
            <button type="button" className="button" onClick={() => setForm('integration')}>
              {t('devices.integration')}
            </button>
          </div>
        </div>
        {issued.map((token) => (
          <IssuedSecret
            key={token.token}
            title={t('devices.tokenFor', { name: token.session.name })}
            lead={t(token.session.kind === 'integration' ? 'devices.tokenLeadIntegration' : 'devices.tokenLeadDevice', { name: token.session.name })}
            secret={token.token}
            until={token.session.expiresAt}
            onDone={() => setIssued((shown) => shown.filter((other) => other !== token))}
          />
        ))}
        {form === 'device' && <RegisterDeviceForm onIssued={onIssued} onCancel={() => setForm(null)} />}
        {form === 'integration' && <IntegrationForm onIssued={onIssued} onCancel={() => setForm(null)} />}
        <label className="checkbox">
          <input type="checkbox" checked={revoked} onChange={(e) => setRevoked(e.target.checked)} />
          {t('devices.showRevoked')}
        </label>
        <PagedTable
          pages={sessions}
          className="sessions-table"
          heads={[t('devices.kind'), t('people.name'), t('people.role'), t('devices.device'), t('devices.lastUsed'), t('devices.ends')]}
          actions
          empty={t('devices.none')}
        >
          {sessions.items.map((session) => (
            <tr key={session.id} data-session={session.name} className={session.revokedAt !== null ? 'is-revoked' : undefined}>
              <td>{t(`devices.kind.${session.kind}`)}</td>
              <td>
                {session.name}
                {session.system && <span className="muted"> · {t(`devices.system.${session.system}`)}</span>}
              </td>
              <td>{t(`role.${session.role}`)}</td>
              <td>{session.kind === 'user' ? deviceName(session.device) : '—'}</td>
              <td>{when(session.lastUsedAt)}</td>
              <td>{session.revokedAt !== null ? t('devices.revokedAt', { date: dayMonthAt(session.revokedAt), time: time(session.revokedAt) }) : dateAt(session.expiresAt)}</td>
              <td className="row-actions">{session.revokedAt === null && <SessionActions session={session} onIssued={onIssued} onRevoked={sessions.reload} />}</td>
            </tr>
          ))}
        </PagedTable>
      </div>
    </Modal>
  );
}

function SessionActions({ session, onIssued, onRevoked }: { session: Session; onIssued: (token: IssuedToken) => void; onRevoked: () => void }) {
  const { t } = useI18n();
  const rotate: RowAction = {
    label: t('devices.rotate'),
    confirm: t('devices.rotateConfirm', { name: session.name }),
    run: async () => onIssued(await api().rotateDevice({ id: session.subject })),
  };
  const revoke: RowAction = {
    label: t('devices.revoke'),
    danger: true,
    confirm: t('devices.revokeConfirm', { name: session.name }),
    run: async () => {
      await api().revokeSession({ id: session.id });
      onRevoked();
    },
  };
  return <RowActions actions={session.kind === 'device' ? [rotate, revoke] : [revoke]} />;
}

/**
 * A form that makes a token: its problems shown once it was tried; `make` (null while the form
 * has problems) asks the backend, and the token is handed on.
 */
function useTokenForm(onIssued: (token: IssuedToken) => void) {
  const [shown, setShown] = useState(false);
  const { busy, notice, run } = usePeopleAction();
  const issue = (make: (() => Promise<IssuedToken>) | null) => {
    setShown(true);
    if (make)
      void run(async () => {
        onIssued(await make());
        return null;
      });
  };
  return { shown, busy, notice, issue };
}

function RegisterDeviceForm({ onIssued, onCancel }: { onIssued: (token: IssuedToken) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [role, setRole] = useState<DeviceRole>('desktop');
  const { shown, busy, notice, issue } = useTokenForm(onIssued);
  const problems = fieldProblems(RegisterDeviceSchema.safeParse({ name, role }));
  return (
    <fieldset className="settings-form">
      <legend>{t('devices.register')}</legend>
      <div className="form-grid">
        <label>
          {t('devices.deviceName')}
          <input name="device-name" autoFocus value={name} placeholder={t('devices.deviceNameExample')} aria-invalid={shown && problems.name !== undefined} onChange={(e) => setName(e.target.value)} />
          <Problem problem={shown ? problems.name : undefined} />
        </label>
        <RoleSelect label={t('people.role')} name="device-role" roles={DEVICE_ROLES} value={role} onChange={setRole} />
      </div>
      <p className="muted small">{t(role === 'wall' ? 'devices.wallHint' : 'devices.desktopHint')}</p>
      <FormActions notice={notice} leave={t('manual.cancel')} onLeave={onCancel}>
        <button type="button" className="button primary" disabled={busy} onClick={() => issue(Object.keys(problems).length === 0 ? () => api().registerDevice({ name: name.trim(), role }) : null)}>
          {t('devices.registerSubmit')}
        </button>
      </FormActions>
    </fieldset>
  );
}

function IntegrationForm({ onIssued, onCancel }: { onIssued: (token: IssuedToken) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const inboxes = useBoard((s) => s.inboxes);
  const [name, setName] = useState('');
  const [system, setSystem] = useState<(typeof INTEGRATION_SYSTEMS)[number]>('ispa');
  const [chosen, setChosen] = useState<string[]>([]);
  const [days, setDays] = useState('365');
  const { shown, busy, notice, issue } = useTokenForm(onIssued);
  const draft = { name, system, inboxes: chosen, days: Number(days) };
  const parsed = CreateIntegrationSchema.safeParse(draft);
  const problems = fieldProblems(parsed);
  return (
    <fieldset className="settings-form">
      <legend>{t('devices.integration')}</legend>
      <div className="form-grid">
        <label>
          {t('devices.integrationName')}
          <input name="integration-name" autoFocus value={name} aria-invalid={shown && problems.name !== undefined} onChange={(e) => setName(e.target.value)} />
          <Problem problem={shown ? problems.name : undefined} />
        </label>
        <label>
          {t('devices.systemLabel')}
          <select name="system" value={system} onChange={(e) => setSystem(e.target.value as typeof system)}>
            {INTEGRATION_SYSTEMS.map((s) => (
              <option key={s} value={s}>
                {t(`devices.system.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="inbox-choice" role="group" aria-label={t('people.inboxes')}>
          <span className="inbox-choice-title">{t('people.inboxes')}</span>
          {inboxes.map((inbox) => (
            <label key={inbox.id} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.includes(inbox.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, inbox.id] : chosen.filter((id) => id !== inbox.id))}
              />
              {inbox.name}
            </label>
          ))}
          {shown && problems.inboxes && <span className="field-error">{t('devices.inboxNeeded')}</span>}
        </div>
        <label>
          {t('devices.days')}
          <input name="days" type="number" min={DAYS.minValue ?? undefined} max={DAYS.maxValue ?? undefined} value={days} aria-invalid={shown && problems.days !== undefined} onChange={(e) => setDays(e.target.value)} />
          {shown && problems.days && <span className="field-error">{t('devices.daysRule', { min: DAYS.minValue ?? 1, max: DAYS.maxValue ?? 0 })}</span>}
        </label>
      </div>
      <FormActions notice={notice} leave={t('manual.cancel')} onLeave={onCancel}>
        <button type="button" className="button primary" disabled={busy} onClick={() => issue(parsed.success ? () => api().createIntegration(parsed.data) : null)}>
          {t('devices.integrationSubmit')}
        </button>
      </FormActions>
    </fieldset>
  );
}
