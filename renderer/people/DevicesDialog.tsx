import { useEffect, useState } from 'react';
import { DEVICE_ROLES, INTEGRATION_SYSTEMS, type DeviceRole } from '../../src/api/v2/auth';
import { CreateIntegrationSchema, RegisterDeviceSchema, type IssuedToken, type Session } from '../../src/api/v2/devices';
import { useI18n } from '../i18n';
import { Modal } from '../shell/Modal';
import { api, useBoard } from '../state/store';
import { fieldProblems } from './field-problems';
import { IssuedSecret } from './IssuedSecret';
import { Problem } from './Problem';
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
  const [sessions, setSessions] = useState<Session[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const [form, setForm] = useState<Form>(null);
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const list = usePeopleAction();
  const close = () => useBoard.setState({ dialog: null });

  const load = (after?: string) =>
    list.run(async () => {
      const page = await api().listSessions(after === undefined ? { revoked } : { after, revoked });
      setSessions((current) => (after === undefined ? page.data : [...current, ...page.data]));
      setNext(page.next);
      return null;
    });
  useEffect(() => {
    void load();
  }, [revoked]);

  const open = (next: Form) => {
    setIssued(null);
    setForm(next);
  };
  const onIssued = (token: IssuedToken) => {
    setForm(null);
    setIssued(token);
    void load();
  };
  const deviceName = (id: string | null) => (id === null ? '—' : (sessions.find((s) => s.kind === 'device' && s.subject === id)?.name ?? id));
  const when = (at: number | null) => (at === null ? t('devices.never') : `${dayMonthAt(at)} ${time(at)}`);

  return (
    <Modal title={t('devices.title')} onClose={close} wide>
      <div className="form">
        <div className="settings-head">
          <p className="muted">{t('devices.lead')}</p>
          <div className="settings-head-actions">
            <button type="button" className="button" onClick={() => open('device')}>
              {t('devices.register')}
            </button>
            <button type="button" className="button" onClick={() => open('integration')}>
              {t('devices.integration')}
            </button>
          </div>
        </div>
        {issued && (
          <IssuedSecret
            title={t('devices.tokenFor', { name: issued.session.name })}
            lead={t(issued.session.kind === 'integration' ? 'devices.tokenLeadIntegration' : 'devices.tokenLeadDevice', { name: issued.session.name })}
            secret={issued.token}
            until={issued.session.expiresAt}
          />
        )}
        {form === 'device' && <RegisterDeviceForm onIssued={onIssued} onCancel={() => setForm(null)} />}
        {form === 'integration' && <IntegrationForm onIssued={onIssued} onCancel={() => setForm(null)} />}
        <label className="checkbox">
          <input type="checkbox" checked={revoked} onChange={(e) => setRevoked(e.target.checked)} />
          {t('devices.showRevoked')}
        </label>
        {list.notice && !list.notice.ok && (
          <p className="form-error" role="alert">
            {list.notice.text}
          </p>
        )}
        <div className="table-wrap">
          <table className="report-table sessions-table">
            <thead>
              <tr>
                <th>{t('devices.kind')}</th>
                <th>{t('people.name')}</th>
                <th>{t('people.role')}</th>
                <th>{t('devices.device')}</th>
                <th>{t('devices.lastUsed')}</th>
                <th>{t('devices.ends')}</th>
                <th aria-label={t('people.actions')} />
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
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
                  <td className="row-actions">{session.revokedAt === null && <SessionActions session={session} onIssued={onIssued} onRevoked={() => void load()} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {sessions.length === 0 && !list.busy && <p className="list-empty">{t('devices.none')}</p>}
        </div>
        {next !== null && (
          <button type="button" className="button more" disabled={list.busy} onClick={() => void load(next)}>
            {t('settings.more')}
          </button>
        )}
      </div>
    </Modal>
  );
}

function SessionActions({ session, onIssued, onRevoked }: { session: Session; onIssued: (token: IssuedToken) => void; onRevoked: () => void }) {
  const { t } = useI18n();
  const { busy, notice, run } = usePeopleAction();
  return (
    <>
      {session.kind === 'device' && (
        <button
          type="button"
          className="link-button"
          disabled={busy}
          onClick={() => {
            if (!window.confirm(t('devices.rotateConfirm', { name: session.name }))) return;
            void run(async () => {
              onIssued(await api().rotateDevice({ id: session.subject }));
              return null;
            });
          }}
        >
          {t('devices.rotate')}
        </button>
      )}
      <button
        type="button"
        className="link-button danger"
        disabled={busy}
        onClick={() => {
          if (!window.confirm(t('devices.revokeConfirm', { name: session.name }))) return;
          void run(async () => {
            await api().revokeSession({ id: session.id });
            onRevoked();
            return null;
          });
        }}
      >
        {t('devices.revoke')}
      </button>
      {notice && !notice.ok && (
        <div className="field-error" role="alert">
          {notice.text}
        </div>
      )}
    </>
  );
}

function RegisterDeviceForm({ onIssued, onCancel }: { onIssued: (token: IssuedToken) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [role, setRole] = useState<DeviceRole>('desktop');
  const [shown, setShown] = useState(false);
  const { busy, notice, run } = usePeopleAction();
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
        <label>
          {t('people.role')}
          <select name="device-role" value={role} onChange={(e) => setRole(e.target.value as DeviceRole)}>
            {DEVICE_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">{t(role === 'wall' ? 'devices.wallHint' : 'devices.desktopHint')}</p>
      {notice && !notice.ok && (
        <p className="form-error" role="alert">
          {notice.text}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('manual.cancel')}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => {
            setShown(true);
            if (Object.keys(problems).length === 0)
              void run(async () => {
                onIssued(await api().registerDevice({ name: name.trim(), role }));
                return null;
              });
          }}
        >
          {t('devices.registerSubmit')}
        </button>
      </div>
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
  const [shown, setShown] = useState(false);
  const { busy, notice, run } = usePeopleAction();
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
      {notice && !notice.ok && (
        <p className="form-error" role="alert">
          {notice.text}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('manual.cancel')}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => {
            setShown(true);
            if (parsed.success)
              void run(async () => {
                onIssued(await api().createIntegration(parsed.data));
                return null;
              });
          }}
        >
          {t('devices.integrationSubmit')}
        </button>
      </div>
    </fieldset>
  );
}
