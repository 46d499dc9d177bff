/**
 * License plates arrive as "12-ABC-3", "12abc3" or "12 ABC 3". For matching and searching
 * only the letters and digits count; the plate shown keeps what the dealer typed, upper-cased.
 */
export function plateKey(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function displayPlate(raw: string): string {
  return raw.trim().toUpperCase().replace(/\s+/g, ' ');
}
