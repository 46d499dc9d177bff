import { useState } from 'react';

export type Notice = { ok: boolean; text: string } | null;

/**
 * A button's action with its outcome in words: busy while it runs, then what it said, or the
 * error's message. One action at a time.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const run = async (action: () => Promise<string | null>) => {
    setBusy(true);
    setNotice(null);
    try {
      const text = await action();
      if (text !== null) setNotice({ ok: true, text });
    } catch (error) {
      setNotice({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return { busy, notice, setNotice, run };
}
