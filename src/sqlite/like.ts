/**
 * A LIKE pattern that finds `text` anywhere in a value, with the caller's own `%`, `_` and `\`
 * taken as themselves: someone searching for "100%" or "a_b" means those characters, not
 * "anything". Use it with `ESCAPE '\'`.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
