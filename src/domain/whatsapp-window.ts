/**
 * WhatsApp's customer service window (Meta's rule since July 2025): free-form messages may be
 * sent until 24 hours after the customer's last inbound message; each inbound message resets
 * it. A template sent by the business does not open it.
 */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** When the window closes; null when the customer never wrote (templates only). */
export function windowOpenUntil(lastInboundAt: number | null): number | null {
  return lastInboundAt === null ? null : lastInboundAt + WINDOW_MS;
}

export function isWindowOpen(lastInboundAt: number | null, now: number): boolean {
  const until = windowOpenUntil(lastInboundAt);
  return until !== null && now < until;
}
