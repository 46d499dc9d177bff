/** How many values a template body takes: its highest {{n}}. */
export function templateParameterCount(body: string): number {
  let max = 0;
  for (const m of body.matchAll(/\{\{(\d+)\}\}/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/** The text the customer will read: {{1}}, {{2}} … replaced by the values in order. */
export function renderTemplate(body: string, parameters: readonly string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => parameters[Number(n) - 1] ?? whole);
}

/**
 * The values a template's {{1}}…{{n}} start with: for each position, the fact its hint names
 * (the customer's name, the date, the plate …), or empty for the advisor to fill in.
 */
export function proposeParameters(
  body: string,
  hints: readonly string[],
  facts: Readonly<Record<string, string | null | undefined>>,
): string[] {
  return Array.from({ length: templateParameterCount(body) }, (_, i) => {
    const hint = hints[i];
    return (hint && facts[hint]) || '';
  });
}
