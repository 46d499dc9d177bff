import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { WaTemplate } from '../../src/api/v2/template';
import { COLUMNS } from '../../src/domain/columns';
import { ColourPicker } from '../board/ColourPicker';
import { useI18n } from '../i18n';
import { refusalText } from '../shell/refusal-text';
import { api, moveCard, showError, useBoard } from '../state/store';
import { AppointmentFacts } from './AppointmentFacts';
import { BackChannel } from './BackChannel';
import { CardHistory } from './CardHistory';
import { Composer } from './Composer';
import { FormIcon } from './FormCard';
import { MessageList } from './MessageList';
import { messagesOf } from './message-stream';
import { useMessageStream } from './use-message-stream';
import { ReminderLine } from '../reminders/ReminderLine';

// The same chunk the top bar's New appointment loads: read only when someone opens the form.
const ManualAppointmentForm = lazy(() =>
  import('../manual-appointment/ManualAppointmentForm').then((m) => ({ default: m.ManualAppointmentForm })),
);

/**
 * A card's conversation beside the board (closed with × or Esc): the customer stream and the
 * composer, and beside them the column and colour, the details and the back channel. Opening
 * it reads the conversation for everyone.
 */
export function ConversationPane({ id }: { id: string }) {
  const { t, time, longDate } = useI18n();
  const revision = useBoard((s) => s.revision);
  const conversationRevision = useBoard((s) => s.conversationRevision);
  const { stream, loadingOlder, loadOlder } = useMessageStream(id, `${revision}/${conversationRevision}`);
  const view = stream?.view ?? null;
  const messages = useMemo(() => (stream ? messagesOf(stream) : []), [stream]);
  const [templates, setTemplates] = useState<WaTemplate[]>([]);
  const close = () => useBoard.setState({ detailsId: null });
  const [formOpen, setFormOpen] = useState(false);

  useEffect(() => {
    api().listTemplates({}).then(setTemplates, showError);
  }, []);

  const waiting = view?.conversation.waiting ?? false;
  useEffect(() => {
    if (waiting && document.visibilityState === 'visible') api().markRead({ appointmentId: id }).catch(showError);
  }, [id, waiting]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !(e.target instanceof HTMLElement && e.target.closest('.template-picker, .modal'))) close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const appointment = view?.appointment;
  return (
    <aside className="conversation" aria-label={t('conversation.title')}>
      <header className="details-header">
        <div>
          <h2>{appointment?.contact?.name ?? t('details.title')}</h2>
          {appointment && (
            <div className="conversation-sub muted small">
              {longDate(appointment.localDate)} · {time(appointment.startsAt)}
              {appointment.plate && <span className="plate">{appointment.plate}</span>}
              {appointment.cancelled && <span className="badge badge-cancelled">{t('card.cancelled')}</span>}
            </div>
          )}
        </div>
        {appointment?.contact && (
          <button
            type="button"
            className="icon-button conversation-form-button"
            aria-label={t('conversation.openForm')}
            title={t('conversation.openForm')}
            onClick={() => setFormOpen(true)}
          >
            <FormIcon />
          </button>
        )}
        <button type="button" className="icon-button" aria-label={t('details.close')} onClick={close}>
          ×
        </button>
      </header>
      {formOpen && appointment && (
        <Suspense fallback={null}>
          <ManualAppointmentForm from={appointment} onClose={() => setFormOpen(false)} />
        </Suspense>
      )}
      {stream && view && appointment && (
        <div className="conversation-body">
          <section className="conversation-main" aria-label={t('conversation.history')}>
            <MessageList
              key={appointment.id}
              messages={messages}
              hasOlder={stream.older !== null}
              loadingOlder={loadingOlder}
              showStart={stream.history.length > 0}
              onNearTop={loadOlder}
              templateTitle={(name, language) => templates.find((x) => x.name === name && x.language === language)?.title ?? name}
            />
            <Composer key={appointment.id} view={view} templates={templates} />
          </section>
          <div className="conversation-side">
            <div className="column-picker" role="group" aria-label={t('field.column')}>
              {COLUMNS.map((column) => (
                <button
                  key={column}
                  type="button"
                  className={`column-choice status-${column}`}
                  aria-pressed={appointment.column === column}
                  onClick={() => appointment.column !== column && void moveCard(appointment.id, column, null, null)}
                >
                  {t(`column.${column}`)}
                </button>
              ))}
            </div>
            <div className="colour-row">
              <span className="muted small">{t('card.colour')}</span>
              <ColourPicker card={appointment} />
            </div>
            {appointment.syncError && <p className="warning small">{t('card.syncError', { reason: refusalText({ t }, appointment.syncError) })}</p>}
            <ReminderLine appointment={appointment} changed={`${revision}/${conversationRevision}`} />
            <BackChannel view={view} />
            <AppointmentFacts appointment={appointment} />
            <CardHistory appointmentId={appointment.id} />
          </div>
        </div>
      )}
    </aside>
  );
}
