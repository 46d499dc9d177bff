import { useEffect, useState } from 'react';
import { channelNumber, type ChannelCheck, type ChannelKind, type ChannelView, type CreateChannelInput, type UpdateChannelInput } from '../../src/api/v2/channels';
import type { InboxView } from '../../src/api/v2/organization';
import { useI18n } from '../i18n';
import { checkFailureText, notVerifiedText } from './check-failure-text';
import { Problem } from '../people/Problem';
import { RowActions } from '../people/RowActions';
import { usePeopleAction } from '../people/use-people-action';
import { FormActions } from '../shell/FormActions';
import { Modal } from '../shell/Modal';
import { Outcome } from '../shell/Outcome';
import { api, useBoard } from '../state/store';
import { SETUP_WORDING } from './setup-errors';
import './setup.css';
import { channelCreation, channelDraftOf, channelUpdate, newChannelDraft, type ChannelDraft } from './setup-drafts';
import { useSetupForm } from './use-setup-form';

type Editing = { channel: ChannelView | null; draft: ChannelDraft } | null;

/**
 * Settings → Channels (managers): the organisation's WhatsApp numbers and SMS senders, which
 * inboxes each serves, and what the provider said at the last Test. Secrets are typed, never
 * shown: a stored one is left empty to keep.
 */
export function ChannelsDialog() {
  const { t } = useI18n();
  const [channels, setChannels] = useState<ChannelView[] | null>(null);
  const [inboxes, setInboxes] = useState<InboxView[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const { notice, setNotice, run } = usePeopleAction(SETUP_WORDING);
  const close = () => useBoard.setState({ dialog: null });
  // What the last action said (a Test's "the provider knows this number") is about the table as it
  // was: once the manager opens, types in or leaves a form, it no longer is, and goes.
  const edit = (next: Editing) => {
    setNotice(null);
    setEditing(next);
  };
  const reload = () =>
    run(async () => {
      const [list, organization] = await Promise.all([api().listChannels({}), api().getOrganizationSetup({})]);
      setChannels(list.data);
      setInboxes(organization.inboxes);
      return null;
    });
  useEffect(() => void reload(), []);
  const inboxName = (id: string) => inboxes.find((i) => i.id === id)?.name ?? id;

  return (
    <Modal title={t('setup.channels.title')} onClose={close} wide>
      <div className="form">
        <div className="settings-head">
          <p className="muted">{t('setup.channels.lead')}</p>
          <div className="settings-head-actions">
            {(['whatsapp', 'sms'] as const).map((kind) => (
              <button key={kind} type="button" className="button" onClick={() => edit({ channel: null, draft: newChannelDraft(kind) })}>
                {t(kind === 'whatsapp' ? 'setup.channels.addWhatsapp' : 'setup.channels.addSms')}
              </button>
            ))}
          </div>
        </div>
        {editing && (
          <ChannelForm
            key={editing.channel?.id ?? editing.draft.kind}
            editing={editing}
            onDone={() => {
              setEditing(null);
              void reload();
            }}
            onCancel={() => edit(null)}
            onChange={() => setNotice(null)}
          />
        )}
        <Outcome notice={notice} />
        <div className="table-wrap">
          <table className="report-table channels-table">
            <thead>
              <tr>
                <th>{t('setup.channels.kind')}</th>
                <th>{t('setup.channels.label')}</th>
                <th>{t('setup.channels.number')}</th>
                <th>{t('setup.channels.inboxes')}</th>
                <th>{t('setup.channels.lastTest')}</th>
                <th aria-label={t('people.actions')} />
              </tr>
            </thead>
            <tbody>
              {(channels ?? []).map((channel) => (
                <tr key={channel.id}>
                  <td>{t(channel.kind === 'whatsapp' ? 'setup.kind.whatsapp' : 'setup.kind.sms')}</td>
                  <td>{channel.label}</td>
                  <td className="mono">{channelNumber(channel)}</td>
                  <td>{channel.inboxes.length === 0 ? <span className="muted">{t('setup.channels.noInbox')}</span> : channel.inboxes.map(inboxName).join(', ')}</td>
                  <td>
                    <LastCheck check={channel.lastCheck} />
                  </td>
                  <td className="row-actions">
                    <RowActions
                      actions={[
                        {
                          label: t('setup.channels.test'),
                          run: () =>
                            run(async () => {
                              const check = await api().testChannel({ id: channel.id });
                              await reload();
                              return check.ok ? t('setup.channels.tested', { name: check.verifiedName ?? check.displayPhoneNumber ?? channel.label }) : null;
                            }),
                        },
                        { label: t('setup.channels.edit'), open: () => edit({ channel, draft: channelDraftOf(channel) }) },
                        {
                          label: t('setup.channels.remove'),
                          danger: true,
                          confirm: t('setup.channels.removeConfirm', { label: channel.label, number: channelNumber(channel) }),
                          run: () =>
                            run(async () => {
                              await api().removeChannel({ id: channel.id });
                              await reload();
                              return t('setup.channels.removed', { label: channel.label });
                            }),
                        },
                      ]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {channels !== null && channels.length === 0 && <p className="list-empty">{t('setup.channels.empty')}</p>}
        </div>
        <FormActions leave={t('import.close')} onLeave={close} />
      </div>
    </Modal>
  );
}

/** What the provider said at the last Test: the number's name and its quality rating in its colour, or why it failed. */
function LastCheck({ check }: { check: ChannelCheck | null }) {
  const { t, dayMonthAt, time } = useI18n();
  if (!check) return <span className="muted">{t('setup.channels.neverTested')}</span>;
  const when = `${dayMonthAt(check.at)} ${time(check.at)}`;
  if (!check.ok) {
    return (
      <span className="check-failed">
        {t('setup.channels.failed', { reason: checkFailureText(t, check) })} <span className="muted small">({when})</span>
      </span>
    );
  }
  const quality = check.qualityRating?.toUpperCase() ?? null;
  return (
    <span className="check-ok">
      {[check.verifiedName, check.displayPhoneNumber].filter(Boolean).join(' · ')}{' '}
      {quality && (
        <span className={`quality quality-${quality.toLowerCase()}`}>
          {t('setup.channels.quality', { rating: t(QUALITY_WORDS[quality] ?? 'setup.quality.unknown') })}
        </span>
      )}{' '}
      <span className="muted small">({when})</span>
    </span>
  );
}

const QUALITY_WORDS: Record<string, 'setup.quality.green' | 'setup.quality.yellow' | 'setup.quality.red' | 'setup.quality.unknown'> = {
  GREEN: 'setup.quality.green',
  YELLOW: 'setup.quality.yellow',
  RED: 'setup.quality.red',
  UNKNOWN: 'setup.quality.unknown',
};

function ChannelForm({ editing, onDone, onCancel, onChange }: { editing: NonNullable<Editing>; onDone: () => void; onCancel: () => void; onChange: () => void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(editing.draft);
  const existing = editing.channel;
  const { busy, notice, problem, save: send } = useSetupForm<CreateChannelInput | UpdateChannelInput>(existing ? channelUpdate(draft) : channelCreation(draft));
  const set = (patch: Partial<ChannelDraft>) => {
    onChange();
    setDraft({ ...draft, ...patch });
  };
  const save = () =>
    send(async () => {
      try {
        if (existing) await api().updateChannel({ id: existing.id, patch: channelUpdate(draft).data! });
        else await api().createChannel(channelCreation(draft).data!);
      } catch (error) {
        // The provider did not confirm the number: said with the check's reason, as a Test says it.
        const words = notVerifiedText(t, error);
        throw words === null ? error : new Error(words, { cause: error });
      }
      onDone();
      return null;
    });
  const field = (name: keyof ChannelDraft, label: string, options: { secret?: boolean; fixed?: boolean; placeholder?: string } = {}) => (
    <label key={name}>
      {label}
      {options.secret && existing && <span className="hint">{t('setup.channels.secretStored')}</span>}
      <input
        name={name}
        autoComplete="off"
        type={options.secret ? 'password' : 'text'}
        placeholder={options.placeholder}
        readOnly={options.fixed}
        value={draft[name] as string}
        aria-invalid={problem(name) !== undefined}
        onChange={(e) => set({ [name]: e.target.value })}
      />
      <Problem problem={problem(name)} />
    </label>
  );
  const kind: ChannelKind = draft.kind;
  return (
    <fieldset className="settings-form">
      <legend>{t(existing ? 'setup.channels.editTitle' : kind === 'whatsapp' ? 'setup.channels.addWhatsapp' : 'setup.channels.addSms')}</legend>
      <div className="form-grid">
        {field('label', t('setup.channels.label'), { placeholder: t('setup.channels.labelPlaceholder') })}
        {kind === 'whatsapp' ? (
          <>
            {field('phoneNumberId', t('setup.channels.phoneNumberId'), { fixed: existing !== null })}
            {field('businessAccountId', t('setup.channels.businessAccountId'))}
            {field('accessToken', t('setup.channels.accessToken'), { secret: true })}
            {field('appSecret', t('setup.channels.appSecret'), { secret: true })}
            {field('verifyToken', t('setup.channels.verifyToken'), { secret: true })}
          </>
        ) : (
          <>
            {field('from', t('setup.channels.from'), { fixed: existing !== null, placeholder: '+31970102030' })}
            {field('accountSid', t('setup.channels.accountSid'))}
            {field('authToken', t('setup.channels.authToken'), { secret: true })}
          </>
        )}
      </div>
      {existing && <p className="muted small">{t('setup.channels.numberFixed')}</p>}
      <FormActions notice={notice} leave={t('manual.cancel')} onLeave={onCancel}>
        <button type="button" className="button primary" disabled={busy} onClick={save}>
          {t('setup.save')}
        </button>
      </FormActions>
    </fieldset>
  );
}
