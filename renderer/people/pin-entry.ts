import { PinSchema } from '../../src/api/people';

/** The longest PIN there is: more digits are not taken. */
export const PIN_MAX = 8;
export const PIN_MIN = 4;

/** A key of the PIN pad or the keyboard: a digit adds, Backspace takes the last one back, anything else changes nothing. */
export function pinAfterKey(pin: string, key: string): string {
  if (/^\d$/.test(key)) return pin.length < PIN_MAX ? pin + key : pin;
  if (key === 'Backspace') return pin.slice(0, -1);
  return pin;
}

/** Whether Enter may send it: 4 to 8 digits, as the core will check. */
export function pinComplete(pin: string): boolean {
  return PinSchema.safeParse(pin).success;
}

/** A new PIN typed twice, as the Set PIN dialog shows it: digits only, 4 to 8 of them, the same both times. */
export function pinRules(pin: string, repeat: string): { digits: boolean; same: boolean; ok: boolean } {
  const digits = pinComplete(pin);
  const same = pin.length > 0 && pin === repeat;
  return { digits, same, ok: digits && same };
}
