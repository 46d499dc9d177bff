import { useEffect, useState } from 'react';
import type { AppointmentDetails } from '../../src/api/appointment';
import type { ReminderState } from '../../src/api/v2/reminders';
import { useI18n } from '../i18n';
import { useAction } from '../shell/use-action';
import { useNow } from '../shell/use-now';
import { Outcome } from '../shell/Outcome';
import { api, useBoard } from '../state/store';
import { canSendNow, reminderErrorText, reminderLine } from './reminder-words';
import './reminders.css';

/**
 * The appointment's reminder in its conversation: scheduled, sent (with its delivery and who
 * sent it), skipped and why, or the bot off for its inbox — and "Send reminder now" while it can
 * still go. The bot runs on the backend: a standalone desktop has no line, an offline one says
 * that this needs the connection. Read again whenever the conversation changes (a status arrives).
 */
export function ReminderLine({ appointment, changed }: { appointment: Pick<AppointmentDetails, 'id' | 'cancelled' | 'column' | 'zone'>; changed: string }) {
  const words = useI18n();
  const { t } = words;
  // The dealership's own clock: "tomorrow 17:00" where the workshop is, whatever this PC's zone.
  const zone = appointment.zone;
  const now = useNow();
  const backend = useBoard((s) => s.backend);
  const connected = backend?.mode === 'connected';
  const online = connected && backend.online;
  const [state, setState] = useState<ReminderState | null>(null);
  const { busy, notice, run } = useAction();
  const worded = (error: unknown) => new Error(reminderErrorText(error, words, Date.now(), zone), { cause: error });

  useEffect(() => {
    if (!online) return;
    void run(async () => {
      try {
        setState(await api().getReminderState({ appointment: appointment.id }));
        return null;
      } catch (error) {
        throw worded(error);
      }
    });
  }, [appointment.id, changed, online]);

  if (!connected) return null;
  const sendNow = () =>
    void run(async () => {
      try {
        setState(await api().sendReminderNow({ appointment: appointment.id }));
        return null;
      } catch (error) {
        throw worded(error);
      }
    });
  return (
    <div className="reminder-line" role="group" aria-label={t('reminderLine.label')}>
      {!online ? (
        <p className="warning small">{t('reminderLine.offline')}</p>
      ) : (
        <>
          <p className={`small reminder-state${state ? ` is-${state.state}` : ''}`} role="status">
            {state ? reminderLine(words, state, now, zone) : t('reminderLine.loading')}
          </p>
          {state && canSendNow(state, appointment) && (
            <button type="button" className="button secondary small" disabled={busy} onClick={sendNow}>
              {t('reminderLine.sendNow')}
            </button>
          )}
          <Outcome notice={notice} />
        </>
      )}
    </div>
  );
}
