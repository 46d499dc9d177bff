/**
 * Which inboxes a wall's settings mean. IT names them in `--wall-inboxes` by id (printed by
 * `serve --wall`) or by the name the board shows, which is what IT can see; an id is taken first.
 * A name two inboxes share could be either, so it is named as ambiguous rather than guessed.
 */
export interface WallInboxChoice<I extends { id: string; name: string }> {
  /** The inboxes to show, in the order given, each once. */
  inboxes: I[];
  /** Given words that are no inbox's id or name. */
  unknown: string[];
  /** Given names that several inboxes have, with those inboxes' ids. */
  ambiguous: Array<{ name: string; ids: string[] }>;
}

const key = (text: string) => text.trim().toLocaleLowerCase();

export function chooseWallInboxes<I extends { id: string; name: string }>(given: readonly string[] | null, every: readonly I[]): WallInboxChoice<I> {
  if (given === null) return { inboxes: [...every], unknown: [], ambiguous: [] };
  const chosen = new Map<string, I>();
  const unknown: string[] = [];
  const ambiguous: Array<{ name: string; ids: string[] }> = [];
  for (const word of given) {
    const byId = every.find((inbox) => inbox.id === word);
    const byName = byId ? [byId] : every.filter((inbox) => key(inbox.name) === key(word));
    if (byName.length === 1) chosen.set(byName[0]!.id, byName[0]!);
    else if (byName.length === 0) unknown.push(word);
    else ambiguous.push({ name: word, ids: byName.map((inbox) => inbox.id) });
  }
  return { inboxes: [...chosen.values()], unknown, ambiguous };
}

/** IT's words for a choice that cannot be shown as asked, or null when it can. */
export function wallInboxProblem(choice: WallInboxChoice<{ id: string; name: string }>): string | null {
  if (choice.ambiguous.length === 0) return null;
  return choice.ambiguous
    .map(({ name, ids }) => `--wall-inboxes: ${ids.length} inboxes are called "${name}" (${ids.join(', ')}): name the one to show by its id.`)
    .join(' ');
}
