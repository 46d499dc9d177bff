import { useEffect, useState } from 'react';
import { channelNumber, type ChannelView } from '../../src/api/v2/channels';
import { MAX_CLOSED_DATES, UpdateOrganizationSchema, type Organization } from '../../src/api/v2/organization';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { Problem } from '../people/Problem';
import { usePeopleAction } from '../people/use-people-action';
import { FormActions } from '../shell/FormActions';
import { Modal } from '../shell/Modal';
import { Outcome } from '../shell/Outcome';
import { api, useBoard } from '../state/store';
import { SETUP_WORDING } from './setup-errors';
import './setup.css';
import { canAddClosedDate, COMMON_ZONES, inboxDraftOf, inboxSettings, newInboxDraft, type InboxDraft } from './setup-drafts';
import { useSetupForm } from './use-setup-form';

const WEEKDAYS: MessageKey[] = ['setup.day.1', 'setup.day.2', 'setup.day.3', 'setup.day.4', 'setup.day.5', 'setup.day.6', 'setup.day.7'];
const OTHER_ZONE = '';

/**
 * Settings → Organisation and inboxes (managers): the organisation's name, and for each inbox
 * its name, kind, time zone, country, week, closed days, template language, and the WhatsApp
 * number and SMS sender its conversations go out through. Inboxes are added, never removed:
 * appointments and conversations name them.
 */
export function OrganizationDialog() {
  const { t } = useI18n();
  const [organization, setOrganization] = useState<Organization | null>(null);
  const [channels, setChannels] = useState<ChannelView[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const { notice, run } = usePeopleAction(SETUP_WORDING);
  const close = () => useBoard.setState({ dialog: null });
  const reload = () =>
    run(async () => {
      const [setup, list] = await Promise.all([api().getOrganizationSetup({}), api().listChannels({})]);
      setOrganization(setup);
      setChannels(list.data);
      return null;
    });
  useEffect(() => void reload(), []);
  if (!organization) {
    return (
      <Modal title={t('setup.organization.title')} onClose={close} wide>
        <Outcome notice={notice} />
      </Modal>
    );
  }
  const first = organization.inboxes[0];
  return (
    <Modal title={t('setup.organization.title')} onClose={close} wide>
      <div className="form">
        <NameForm organization={organization} onSaved={setOrganization} />
        <Outcome notice={notice} />
        <div className="settings-head">
          <h3>{t('setup.inboxes.title')}</h3>
          <div className="settings-head-actions">
            <button type="button" className="button" onClick={() => setAdding(true)}>
              {t('setup.inboxes.add')}
            </button>
          </div>
        </div>
        <p className="muted small">{t('setup.inboxes.lead')}</p>
        {adding && (
          <InboxForm
            inboxId={null}
            initial={newInboxDraft(first?.zone ?? 'Europe/Amsterdam', first?.country ?? 'NL', first?.templateLanguage ?? 'nl')}
            channels={channels}
            onDone={() => {
              setAdding(false);
              void reload();
            }}
            onCancel={() => setAdding(false)}
          />
        )}
        <ul className="inbox-setup-list">
          {organization.inboxes.map((inbox) => (
            <li key={inbox.id}>
              <button type="button" className="link-button inbox-setup-toggle" aria-expanded={open === inbox.id} onClick={() => setOpen(open === inbox.id ? null : inbox.id)}>
                {open === inbox.id ? '▾' : '▸'} {inbox.name}
              </button>{' '}
              <span className="muted small">
                {t(`setup.inboxKind.${inbox.kind}`)} · {inbox.zone} · {inbox.country}
              </span>
              {open === inbox.id && (
                <InboxForm
                  inboxId={inbox.id}
                  initial={inboxDraftOf(inbox)}
                  channels={channels}
                  onDone={() => {
                    setOpen(null);
                    void reload();
                  }}
                  onCancel={() => setOpen(null)}
                />
              )}
            </li>
          ))}
        </ul>
        <FormActions leave={t('import.close')} onLeave={close} />
      </div>
    </Modal>
  );
}

function NameForm({ organization, onSaved }: { organization: Organization; onSaved: (organization: Organization) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState(organization.name);
  const { busy, notice, problem, save: send } = useSetupForm(UpdateOrganizationSchema.safeParse({ name }));
  const save = () =>
    send(async (update) => {
      onSaved(await api().updateOrganization(update));
      return t('setup.organization.saved');
    });
  return (
    <fieldset className="settings-form">
      <legend>{t('setup.organization.name')}</legend>
      <div className="inline-form">
        <label>
          <span className="sr-only">{t('setup.organization.name')}</span>
          <input name="organization-name" value={name} aria-invalid={problem('name') !== undefined} onChange={(e) => setName(e.target.value)} />
          <Problem problem={problem('name')} />
        </label>
        <button type="button" className="button primary" disabled={busy} onClick={save}>
          {t('setup.save')}
        </button>
      </div>
      <Outcome notice={notice} />
    </fieldset>
  );
}

function InboxForm({ inboxId, initial, channels, onDone, onCancel }: { inboxId: string | null; initial: InboxDraft; channels: ChannelView[]; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(initial);
  const [otherZone, setOtherZone] = useState(!COMMON_ZONES.includes(initial.zone));
  const { busy, notice, problem, save: send } = useSetupForm(inboxSettings(draft));
  const set = (patch: Partial<InboxDraft>) => setDraft({ ...draft, ...patch });
  const setDay = (index: number, patch: Partial<InboxDraft['days'][number]>) => set({ days: draft.days.map((day, i) => (i === index ? { ...day, ...patch } : day)) });
  const setDate = (index: number, patch: Partial<InboxDraft['closedDates'][number]>) =>
    set({ closedDates: draft.closedDates.map((d, i) => (i === index ? { ...d, ...patch } : d)) });
  const save = () =>
    send(async (settings) => {
      if (inboxId) await api().updateInbox({ id: inboxId, patch: settings });
      else await api().createInbox(settings);
      onDone();
      return null;
    });
  const channelSelect = (kind: 'whatsapp' | 'sms') => {
    const field = kind === 'whatsapp' ? 'whatsappChannel' : 'smsChannel';
    return (
      <label>
        {t(kind === 'whatsapp' ? 'setup.inboxes.whatsapp' : 'setup.inboxes.sms')}
        <select name={field} value={draft[field]} aria-invalid={problem(field) !== undefined} onChange={(e) => set({ [field]: e.target.value })}>
          <option value="">{t('setup.inboxes.noChannel')}</option>
          {channels
            .filter((c) => c.kind === kind)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.label} ({channelNumber(c)})
              </option>
            ))}
        </select>
        <Problem problem={problem(field)} />
      </label>
    );
  };
  return (
    <fieldset className="settings-form inbox-form">
      <legend>{inboxId ? draft.name || t('setup.inboxes.title') : t('setup.inboxes.add')}</legend>
      <div className="form-grid">
        <label>
          {t('setup.inboxes.name')}
          <input name="inbox-name" value={draft.name} aria-invalid={problem('name') !== undefined} onChange={(e) => set({ name: e.target.value })} />
          <Problem problem={problem('name')} />
        </label>
        <label>
          {t('setup.inboxes.kind')}
          <select name="inbox-kind" value={draft.kind} onChange={(e) => set({ kind: e.target.value as InboxDraft['kind'] })}>
            <option value="dealership">{t('setup.inboxKind.dealership')}</option>
            <option value="workshop">{t('setup.inboxKind.workshop')}</option>
          </select>
        </label>
        <label>
          {t('setup.inboxes.zone')}
          <select
            name="zone-choice"
            value={otherZone ? OTHER_ZONE : draft.zone}
            onChange={(e) => {
              setOtherZone(e.target.value === OTHER_ZONE);
              if (e.target.value !== OTHER_ZONE) set({ zone: e.target.value });
            }}
          >
            {COMMON_ZONES.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
            <option value={OTHER_ZONE}>{t('setup.inboxes.otherZone')}</option>
          </select>
          {otherZone && (
            <input
              name="zone"
              aria-label={t('setup.inboxes.otherZoneLabel')}
              title={t('setup.inboxes.otherZoneLabel')}
              placeholder="America/Curacao"
              value={draft.zone}
              aria-invalid={problem('zone') !== undefined}
              onChange={(e) => set({ zone: e.target.value })}
            />
          )}
          <Problem problem={problem('zone')} />
        </label>
        <label>
          {t('setup.inboxes.country')} <span className="hint">{t('setup.inboxes.countryHint')}</span>
          <input name="country" maxLength={2} value={draft.country} aria-invalid={problem('country') !== undefined} onChange={(e) => set({ country: e.target.value })} />
          <Problem problem={problem('country')} />
        </label>
        <label>
          {t('setup.inboxes.templateLanguage')} <span className="hint">{t('setup.inboxes.templateLanguageHint')}</span>
          <input name="template-language" value={draft.templateLanguage} aria-invalid={problem('templateLanguage') !== undefined} onChange={(e) => set({ templateLanguage: e.target.value })} />
          <Problem problem={problem('templateLanguage')} />
        </label>
        {channelSelect('whatsapp')}
        {channelSelect('sms')}
      </div>
      <h4>{t('setup.inboxes.hours')}</h4>
      <table className="opening-hours">
        <tbody>
          {draft.days.map((day, i) => (
            <tr key={WEEKDAYS[i]}>
              <th scope="row">{t(WEEKDAYS[i]!)}</th>
              <td>
                <label className="checkbox">
                  <input type="checkbox" name={`closed-${i + 1}`} checked={day.closed} onChange={(e) => setDay(i, { closed: e.target.checked })} />
                  {t('setup.inboxes.closed')}
                </label>
              </td>
              <td>
                {!day.closed && (
                  <>
                    <input type="time" name={`open-${i + 1}`} aria-label={t('setup.inboxes.opens', { day: t(WEEKDAYS[i]!) })} value={day.open} onChange={(e) => setDay(i, { open: e.target.value })} />
                    {' – '}
                    <input type="time" name={`close-${i + 1}`} aria-label={t('setup.inboxes.closes', { day: t(WEEKDAYS[i]!) })} value={day.close} onChange={(e) => setDay(i, { close: e.target.value })} />
                    <Problem problem={problem(`openingHours.${i}.open`) ?? problem(`openingHours.${i}.close`)} />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('setup.inboxes.closedDates')}</h4>
      <p className="muted small">{t('setup.inboxes.closedDatesLead')}</p>
      {draft.closedDates.map((d, i) => (
        <div className="inline-form closed-date" key={i}>
          <input type="date" name={`closed-date-${i}`} aria-label={t('setup.inboxes.date')} value={d.date} onChange={(e) => setDate(i, { date: e.target.value })} />
          <input name={`closed-name-${i}`} aria-label={t('setup.inboxes.dateName')} placeholder={t('setup.inboxes.dateNamePlaceholder')} value={d.name} onChange={(e) => setDate(i, { name: e.target.value })} />
          <button type="button" className="link-button danger" onClick={() => set({ closedDates: draft.closedDates.filter((_, j) => j !== i) })}>
            {t('setup.inboxes.removeDate')}
          </button>
          <Problem problem={problem(`closedDates.${i}.date`) ?? problem(`closedDates.${i}.name`)} />
        </div>
      ))}
      <button type="button" className="button" disabled={!canAddClosedDate(draft)} onClick={() => set({ closedDates: [...draft.closedDates, { date: '', name: '' }] })}>
        {t('setup.inboxes.addDate')}
      </button>
      {!canAddClosedDate(draft) && (
        <p className="muted small" role="note">
          {t('setup.inboxes.closedDatesFull', { max: MAX_CLOSED_DATES })}
        </p>
      )}
      <Problem problem={problem('closedDates')} />
      <FormActions notice={notice} leave={t('manual.cancel')} onLeave={onCancel}>
        <button type="button" className="button primary" disabled={busy} onClick={save}>
          {t('setup.save')}
        </button>
      </FormActions>
    </fieldset>
  );
}
