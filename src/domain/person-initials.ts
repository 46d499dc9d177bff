/**
 * The first letter or digit of each word of a name that has a letter in it. A word without any
 * letter ("119" in a planning system's "Klant 119 Achternaam", a lone "—") is a number or a mark,
 * not part of what the person is called, so it gives no initial. Markup or punctuation around a
 * word ("(Sanne)", "<Sanne") gives no letter of its own.
 */
export function wordInitials(name: string): string[] {
  return name
    .split(/\s+/)
    .filter((word) => /\p{L}/u.test(word))
    .map((word) => /[\p{L}\p{N}]/u.exec(word)![0]);
}

/**
 * A person's mark, the round badge beside a name on the board and on the wall: "SV" for Sanne
 * Visser and for Sanne de Vries (first and last word, as colleagues call her; not "SD"). One
 * rule for both screens, so an advisor has the same mark wherever she appears. '' when the name
 * has no letter.
 */
export function personInitials(name: string): string {
  const letters = wordInitials(name);
  const marks = letters.length <= 1 ? letters : [letters[0]!, letters[letters.length - 1]!];
  return marks.map((letter) => letter.toUpperCase()).join('');
}
