import type { Notice } from './use-action';

/** What an action came to, in words: what it did as a status, a refusal as an alert; nothing before it has run. */
export function Outcome({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return (
    <p className={notice.ok ? 'connection-ok' : 'form-error'} role={notice.ok ? 'status' : 'alert'}>
      {notice.text}
    </p>
  );
}
