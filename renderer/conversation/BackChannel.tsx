import { useState } from 'react';
import type { ConversationView } from '../../src/api/conversation';
import { useI18n } from '../i18n';
import { NoteIcon } from '../shell/icons';
import { api, showError } from '../state/store';

/** Internal comments beside the conversation: never sent to the customer, append-only. */
export function BackChannel({ view }: { view: ConversationView }) {
  const { t, time, dayMonthAt } = useI18n();
  const [text, setText] = useState('');
  // Comments need no backend: a standalone desktop keeps them and uploads them when it joins one.
  const canWrite = view.appointment.contact !== null;
  const save = async () => {
    const body = text.trim();
    if (!body) return;
    try {
      await api().addComment({ appointmentId: view.appointment.id, text: body });
      setText('');
    } catch (error) {
      showError(error);
    }
  };
  return (
    <section className="backchannel" aria-label={t('backchannel.title')}>
      <h3>
        <NoteIcon /> {t('backchannel.title')}
      </h3>
      {view.comments.length === 0 && <p className="muted small">{t('backchannel.empty')}</p>}
      <ul className="comments">
        {view.comments.map((c) => (
          <li key={c.id} className="comment" data-status={c.status}>
            <div className="comment-text">{c.text}</div>
            <div className="comment-meta small muted">
              {c.author && <span className="comment-author">{c.author.name} · </span>}
              {dayMonthAt(c.createdAt)} {time(c.createdAt)}
              {c.status === 'pending' && ` · ${t('status.pending')}`}
              {c.status === 'refused' && <span className="field-error"> · {c.failure?.reason}</span>}
            </div>
          </li>
        ))}
      </ul>
      {canWrite ? (
        // Two lines, as the composer's: the placeholder (how to save) wraps rather than being cut
        // in the narrow column beside the conversation; Shift+Enter starts a new line.
        <textarea
          className="comment-input"
          aria-label={t('backchannel.label')}
          placeholder={t('backchannel.placeholder')}
          value={text}
          rows={2}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void save();
            }
          }}
        />
      ) : (
        <p className="muted small">{t('backchannel.noContact')}</p>
      )}
    </section>
  );
}
