import type { Page } from 'playwright-core';

/**
 * In the page: resolves with the wall-clock time of the first frame after an element matching
 * `selector` is there. Written as page source: the bundler's helpers do not exist in the page.
 */
export function paintedWith(page: Page, selector: string): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const selector = ${JSON.stringify(selector)};
    const done = () => requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
    if (document.querySelector(selector)) return done();
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      done();
    });
    observer.observe(document.body, { childList: true, subtree: true });
  })`);
}
