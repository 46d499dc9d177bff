import { useRef, useState } from 'react';
import type { ConversationView } from '../../src/api/conversation';
import type { Touchpoint } from '../../src/api/v2/message';
import type { WaTemplate } from '../../src/api/v2/template';
import { isWindowOpen } from '../../src/domain/whatsapp-window';
import { localDateAt } from '../../src/domain/zoned-time';
import { useI18n, useLocale } from '../i18n';
import { ChevronIcon } from '../shell/icons';
import { useDismiss } from '../shell/use-dismiss';
import { useNow } from '../shell/use-now';
import { api, showError, useBoard } from '../state/store';
import { isManager, useSession } from '../people/session-state';
import { TemplatePicker, type PickedValues } from './TemplatePicker';

/**
 * Free text only while WhatsApp's 24-hour window is open (SMS has no window); the chevron
 * offers the approved templates at any time. The backend checks the same rule with its own clock.
 */
export function Composer({ view, templates }: { view: ConversationView; templates: WaTemplate[] }) {
  const { t, time, dayMonthAt } = useI18n();
  const now = useNow();
  const zone = useLocale((s) => s.zone);
  const optedOut = view.appointment.optedOut;
  // "since 14:02" today, "since 3 Dec 14:02" before: the advisor sees how long it holds.
  const optedOutWords = optedOut && {
    when: localDateAt(optedOut.at, zone) === localDateAt(now, zone) ? time(optedOut.at) : `${dayMonthAt(optedOut.at)} ${time(optedOut.at)}`,
    by: optedOut.by,
  };
  const organisation = useBoard((s) => s.settings?.organisationName ?? '');
  const manager = useSession((s) => isManager(s.session));
  const [picked, setTouchpoint] = useState<Touchpoint>(view.touchpoints[0] ?? 'whatsapp');
  // A manager may take the picked touchpoint off the inbox while the pane is open: the first offered one then.
  const touchpoint = view.touchpoints.includes(picked) ? picked : (view.touchpoints[0] ?? 'whatsapp');
  const [text, setText] = useState('');
  const [picking, setPicking] = useState(false);
  const pickerRef = useRef<HTMLDivElement>(null);
  useDismiss(pickerRef, picking, () => setPicking(false));
  const appointmentId = view.appointment.id;

  if (!view.connected) return <p className="composer-note">{t('composer.standalone')}</p>;
  if (view.touchpoints.length === 0) {
    if (!view.noChannel) return <p className="composer-note">{t('composer.noPhone')}</p>;
    return (
      <p className="composer-note" role="note">
        {t('composer.noChannel')}
        {manager && ` ${t('composer.noChannelManager')}`}
      </p>
    );
  }

  const until = view.conversation.windowOpenUntil;
  const open = touchpoint === 'sms' || isWindowOpen(view.conversation.lastInboundAt, now);
  const windowText =
    touchpoint === 'sms'
      ? t('composer.sms')
      : open && until
        ? t('composer.windowOpen', { time: time(until), date: dayMonthAt(until) })
        : t('composer.templatesOnly');

  const send = async () => {
    const body = text.trim();
    if (!body) return;
    try {
      await api().sendMessage({ appointmentId, touchpoint, text: body });
      setText('');
    } catch (error) {
      showError(error);
    }
  };

  const sendTemplate = async (template: WaTemplate, values: PickedValues) => {
    // The backend refuses it too (OPTED_OUT); said here first, in the advisor's words.
    if (optedOutWords && template.category === 'MARKETING') {
      showError(t('composer.optedOutMarketing', optedOutWords));
      return;
    }
    try {
      await api().sendMessage({ appointmentId, touchpoint, template: { name: template.name, language: template.language, ...values } });
      setPicking(false);
    } catch (error) {
      showError(error);
    }
  };

  return (
    <div className="composer">
      <div className={`window-state ${open ? 'is-open' : 'is-closed'}`} role="status">
        {windowText}
      </div>
      {optedOutWords && (
        <div className="opted-out-line" role="note">
          {t('composer.optedOut', optedOutWords)}
        </div>
      )}
      <div className="composer-row">
        <div className="template-anchor" ref={pickerRef}>
          <button
            type="button"
            className="button chevron"
            aria-expanded={picking}
            onClick={() => setPicking(!picking)}
          >
            <ChevronIcon up={!picking} /> {t('template.title')}
          </button>
          {picking && (
            <TemplatePicker
              templates={templates}
              appointment={view.appointment}
              organisation={organisation}
              inboxLanguage={view.templateLanguage}
              onSend={sendTemplate}
              onClose={() => setPicking(false)}
            />
          )}
        </div>
        <textarea
          className="composer-input"
          aria-label={t('composer.label')}
          placeholder={open ? t('composer.placeholder') : t('composer.closedPlaceholder')}
          disabled={!open}
          value={text}
          rows={2}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <div className="composer-actions">
          {view.touchpoints.length > 1 && (
            <select aria-label={t('composer.channel')} value={touchpoint} onChange={(e) => setTouchpoint(e.target.value as Touchpoint)}>
              {view.touchpoints.map((tp) => (
                <option key={tp} value={tp}>
                  {tp === 'sms' ? 'SMS' : 'WhatsApp'}
                </option>
              ))}
            </select>
          )}
          <button type="button" className="button primary" disabled={!open || !text.trim()} onClick={() => void send()}>
            {t('composer.send')}
          </button>
        </div>
      </div>
    </div>
  );
}
