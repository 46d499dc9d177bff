import { usePeopleAction } from './use-people-action';

/** A step in this window (opening a form), or work for the backend, asked first when `confirm` says what it will do. */
export type RowAction = { label: string; open: () => void } | { label: string; danger?: boolean; confirm?: string; run: () => Promise<unknown> };

/**
 * A table row's action buttons: one action at a time, and a refusal shown beside them rather
 * than above the list, since it is about this row.
 */
export function RowActions({ actions }: { actions: RowAction[] }) {
  const { busy, notice, run } = usePeopleAction();
  const act = (action: RowAction) => {
    if ('open' in action) return action.open();
    if (action.confirm !== undefined && !window.confirm(action.confirm)) return;
    void run(async () => {
      await action.run();
      return null;
    });
  };
  return (
    <>
      {actions.map((action) => (
        <button key={action.label} type="button" className={'danger' in action && action.danger ? 'link-button danger' : 'link-button'} disabled={busy} onClick={() => act(action)}>
          {action.label}
        </button>
      ))}
      {notice && !notice.ok && (
        <div className="field-error" role="alert">
          {notice.text}
        </div>
      )}
    </>
  );
}
