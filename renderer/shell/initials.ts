/**
 * "SV" for Sanne Visser: the round mark beside a name. Only letters and digits count, so a name
 * typed with punctuation or markup ("<Sanne", "(Sanne) Visser") still gives the person's letters.
 */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => /[\p{L}\p{N}]/u.exec(part)?.[0])
    .filter((first): first is string => first !== undefined)
    .map((first) => first.toUpperCase())
    .slice(0, 2)
    .join('');
}
