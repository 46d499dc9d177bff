import { useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useDismiss } from './use-dismiss';
import { api, refreshBoard, refreshSettings, showError, useBoard } from '../state/store';

/** Which inboxes the board shows; the choice is stored per user by the core. */
export function InboxFilter() {
  const { t } = useI18n();
  const { inboxes, settings } = useBoard();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const selected = settings?.inboxFilter ?? inboxes.map((i) => i.id);

  useDismiss(ref, open, () => setOpen(false));

  const toggle = async (id: string) => {
    const next = selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id];
    const all = inboxes.every((i) => next.includes(i.id));
    try {
      await api().setInboxFilter({ inboxIds: all ? null : next });
      await Promise.all([refreshSettings(), refreshBoard()]);
    } catch (error) {
      showError(error);
    }
  };

  const label =
    selected.length === inboxes.length
      ? t('inbox.all')
      : selected.length === 1
        ? (inboxes.find((i) => i.id === selected[0])?.name ?? '')
        : t('inbox.count', { count: selected.length, total: inboxes.length });

  return (
    <div className="inbox-filter" ref={ref}>
      <button type="button" className="button secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="muted inbox-filter-prefix">{t('inbox.filter')}:</span> {label} ▾
      </button>
      {open && (
        <div className="popover" role="group" aria-label={t('inbox.filter')}>
          {inboxes.map((inbox) => (
            <label key={inbox.id} className="check">
              <input type="checkbox" checked={selected.includes(inbox.id)} onChange={() => void toggle(inbox.id)} />
              <span>
                {inbox.name}
                <small className="muted"> · {t(`inbox.${inbox.kind}`)}</small>
              </span>
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
