/** Why an open stream was closed: its session was revoked, or it reached its end. */
export type StreamEnd = 'revoked' | 'expired';

/**
 * The open event streams by the session they were opened with, so that a revoked session's
 * streams close at once (in this process) and a sweep closes those whose session ended or was
 * revoked elsewhere (another process on the same file).
 */
export class SessionWatch {
  private readonly open = new Map<string, Set<(end: StreamEnd) => void>>();

  /** Registers a stream's closer; the answer unregisters it (the stream closed by itself). */
  watch(sessionId: string, close: (end: StreamEnd) => void): () => void {
    let closers = this.open.get(sessionId);
    if (!closers) this.open.set(sessionId, (closers = new Set()));
    closers.add(close);
    return () => {
      closers.delete(close);
      if (closers.size === 0) this.open.delete(sessionId);
    };
  }

  /** These sessions were revoked: their streams close now. */
  revoked(sessionIds: string[]): void {
    for (const id of sessionIds) this.end(id, 'revoked');
  }

  /**
   * Closes the streams of every watched session that `state` says has ended. A session whose
   * streams all closed while its state was read is left alone (end() finds no closers).
   */
  async sweep(state: (sessionId: string) => Promise<StreamEnd | null>): Promise<void> {
    for (const id of [...this.open.keys()]) {
      const end = await state(id);
      if (end) this.end(id, end);
    }
  }

  private end(sessionId: string, end: StreamEnd): void {
    const closers = this.open.get(sessionId);
    if (!closers) return;
    this.open.delete(sessionId);
    for (const close of closers) close(end);
  }
}
