import { useI18n } from '../i18n';
import { useBoard } from '../state/store';

/** A labelled choice of one inbox. */
export function InboxSelect({ value, onChange, name }: { value: string; onChange: (id: string) => void; name?: string }) {
  const { t } = useI18n();
  const inboxes = useBoard((s) => s.inboxes);
  return (
    <label>
      {t('field.inbox')}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        {inboxes.map((inbox) => (
          <option key={inbox.id} value={inbox.id}>
            {inbox.name}
          </option>
        ))}
      </select>
    </label>
  );
}
