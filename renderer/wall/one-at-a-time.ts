/**
 * Runs `read` so that only one runs at a time: asked while one runs, exactly one more follows
 * it (however often it was asked), so a burst of events costs two reads, not one per event.
 */
export function oneAtATime(read: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void read().finally(() => {
      running = false;
      if (again) {
        again = false;
        run();
      }
    });
  };
  return run;
}
