/**
 * A second launch of the app (a double-click on its icon again) hands over to the running one,
 * which brings its window forward. Electron tells the first instance as soon as it holds the
 * single-instance lock, but its window comes only after a slow start (the core, the cache, the
 * backend's first answer): a launch heard before then is kept, and answered once the window
 * exists, not lost.
 */
export class SecondLaunches {
  private waiting = false;
  private bringForward: (() => void) | null = null;

  /** Electron's 'second-instance' event. */
  arrived(): void {
    if (this.bringForward) this.bringForward();
    else this.waiting = true;
  }

  /** The window exists: how to bring it forward, now for a launch that came early, and for every later one. */
  ready(bringForward: () => void): void {
    this.bringForward = bringForward;
    if (!this.waiting) return;
    this.waiting = false;
    bringForward();
  }
}
