import { useCallback, useEffect, useRef, useState } from 'react';
import { api, showError } from '../state/store';
import { withOlder, withView, type MessageStream } from './message-stream';

/**
 * A card's conversation as the pane holds it (message-stream.ts): read again whenever
 * `revision` changes, and extended by a page of older messages on `loadOlder`.
 */
export function useMessageStream(appointmentId: string, revision: unknown) {
  const [stream, setStream] = useState<MessageStream | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  // The answers come back after renders: they are checked against what is held now, not then.
  const current = useRef<{ id: string; stream: MessageStream | null; loading: boolean }>({ id: appointmentId, stream: null, loading: false });

  const hold = useCallback((id: string, next: MessageStream) => {
    if (current.current.id !== id) return;
    current.current.stream = next;
    setStream(next);
  }, []);

  useEffect(() => {
    current.current = { id: appointmentId, stream: null, loading: false };
    setStream(null);
    setLoadingOlder(false);
  }, [appointmentId]);

  useEffect(() => {
    let stale = false;
    const read = async (): Promise<void> => {
      // Older pages that arrive while this is asked move the boundary: then it is asked again.
      while (!stale && current.current.id === appointmentId) {
        const from = current.current.stream?.boundary ?? null;
        const view = await api().getConversation({ appointmentId, from: from ?? undefined });
        const next = withView(current.current.stream, view, from);
        if (next) return hold(appointmentId, next);
      }
    };
    read().catch(showError);
    return () => {
      stale = true;
    };
  }, [appointmentId, revision, hold]);

  const loadOlder = useCallback(async () => {
    const held = current.current;
    if (held.id !== appointmentId || !held.stream?.older || held.loading) return;
    const before = held.stream.older;
    held.loading = true;
    setLoadingOlder(true);
    try {
      const page = await api().listOlderMessages({ appointmentId, before });
      const next = current.current.stream && withOlder(current.current.stream, before, page);
      if (next) hold(appointmentId, next);
    } catch (error) {
      showError(error);
    } finally {
      if (current.current.id === appointmentId) {
        current.current.loading = false;
        setLoadingOlder(false);
      }
    }
  }, [appointmentId, hold]);

  return { stream: stream && current.current.id === appointmentId ? stream : null, loadingOlder, loadOlder };
}
