import type { BoardEvent } from '../api/board-api';

/**
 * The events after which the board's waiting count may differ: a reply or a reading changes a
 * conversation, a card may come or go (moves, imports, a new day), another data file or person
 * may show (the demo, a sign-in), and the inbox filter is a setting. Progress, sources and the
 * connection line do not change who is waiting.
 */
export function mayChangeWaitingCount(event: BoardEvent): boolean {
  switch (event.type) {
    case 'conversation.changed':
    case 'message.received':
    case 'appointments.changed':
    case 'board.dayChanged':
    case 'import.completed':
    case 'settings.changed':
    case 'start.changed':
    case 'session.changed':
      return true;
    case 'import.progress':
    case 'sources.changed':
    case 'connection.changed':
    case 'ui.openConversation':
      return false;
  }
}

/** The most a badge spells out; more is "9+", as a taskbar overlay has room for two characters. */
export const BADGE_MAX = 9;

/** What the badge shows: nothing for no one waiting, the number up to nine, then "9+". */
export function badgeLabel(count: number): string {
  if (count <= 0) return '';
  return count > BADGE_MAX ? `${BADGE_MAX}+` : String(count);
}

/** The overlay image for a count (resources/badges), or null when no one waits and the overlay is cleared. */
export function badgeImageFile(count: number): string | null {
  if (count <= 0) return null;
  return count > BADGE_MAX ? `badge-${BADGE_MAX}plus.png` : `badge-${count}.png`;
}

/** Every overlay image there is, in the order the generator draws them. */
export const BADGE_IMAGE_LABELS: ReadonlyArray<{ file: string; label: string }> = Array.from({ length: BADGE_MAX + 1 }, (_, i) => ({
  file: badgeImageFile(i + 1)!,
  label: badgeLabel(i + 1),
}));

export interface WaitingCountFollowerOptions {
  /** Reads the count from the core (the board's waitingCount). */
  read(): Promise<number>;
  /** Shows a count that differs from the one shown last. */
  show(count: number): void;
  /** A read that failed: the count shown stays, and the next change reads again. */
  failed(error: unknown): void;
}

/**
 * Follows the waiting count for the tray and the badge: one read at a time, and changes that
 * arrive during a read cause exactly one more, so a burst of events (an import of hundreds of
 * cards) costs two reads, not hundreds, and the last change is never missed.
 */
export class WaitingCountFollower {
  private reading: Promise<void> | null = null;
  private again = false;
  private shown: number | null = null;

  constructor(private readonly options: WaitingCountFollowerOptions) {}

  /** An event from the core: reads again if it may change the count. */
  take(event: BoardEvent): void {
    if (mayChangeWaitingCount(event)) this.refresh();
  }

  /** Reads now, or once more after the read under way. */
  refresh(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.options
      .read()
      .then(
        (count) => {
          if (count !== this.shown) {
            this.shown = count;
            this.options.show(count);
          }
        },
        (error: unknown) => this.options.failed(error),
      )
      .finally(() => {
        this.reading = null;
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
  }

  /** Settles when no read is under way or due (for a quit, and for tests). */
  async idle(): Promise<void> {
    while (this.reading) await this.reading;
  }
}
