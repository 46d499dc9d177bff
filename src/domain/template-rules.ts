/**
 * Meta's rules for a WhatsApp template's text, as pure checks: what the Cloud API's template
 * review refuses is said here first, in words, before anything is submitted.
 */

const PARAMETER = /\{\{(\d+)\}\}/g;

/** The numbers of the {{n}} in a text, in the order they appear (repeats kept). */
export function parameterNumbers(text: string): number[] {
  return [...text.matchAll(PARAMETER)].map((m) => Number(m[1]));
}

/** A broken rule: `rule` names it (the renderer words it in the user's language), `message` says it in English. */
export interface RuleProblem {
  rule: 'parameterOrder' | 'startsWithParameter' | 'endsWithParameter' | 'adjacentParameters' | 'strayBraces' | 'headerParameters' | 'headerParameterNumber' | 'httpsOnly' | 'urlParameterAtEnd';
  message: string;
}

/**
 * Why a body's parameters break Meta's rules, or none: they are {{1}}…{{n}}, first used in that
 * order, none at the very start or end of the text, and never two side by side.
 */
export function bodyParameterProblems(body: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const numbers = parameterNumbers(body);
  const firstSeen = [...new Set(numbers)];
  if (firstSeen.some((n, i) => n !== i + 1)) {
    problems.push({ rule: 'parameterOrder', message: 'parameters must be {{1}}, {{2}}, … used first in that order, with no number left out' });
  }
  const trimmed = body.trim();
  if (/^\{\{\d+\}\}/.test(trimmed)) problems.push({ rule: 'startsWithParameter', message: 'may not start with a parameter' });
  if (/\{\{\d+\}\}$/.test(trimmed)) problems.push({ rule: 'endsWithParameter', message: 'may not end with a parameter' });
  if (/\{\{\d+\}\}\s*\{\{\d+\}\}/.test(body)) problems.push({ rule: 'adjacentParameters', message: 'may not have two parameters side by side' });
  if (/\{\{(?!\d+\}\})|(?<!\{\{\d+)\}\}/.test(body)) problems.push({ rule: 'strayBraces', message: 'has a {{ or }} that is not a parameter such as {{1}}' });
  return problems;
}

/** How many different values a body takes: its parameters {{1}}…{{n}}. */
export function bodyParameterCount(body: string): number {
  return new Set(parameterNumbers(body)).size;
}

/** Why a header's text breaks Meta's rules, or none: at most one parameter, and it is {{1}}. */
export function headerProblems(header: string): RuleProblem[] {
  const numbers = parameterNumbers(header);
  if (numbers.length > 1) return [{ rule: 'headerParameters', message: 'may have at most one parameter, {{1}}' }];
  if (numbers.length === 1 && numbers[0] !== 1) return [{ rule: 'headerParameterNumber', message: 'its parameter must be {{1}}' }];
  return [];
}

/** A URL button's address: https, and a parameter only as {{1}} at its very end. */
export function urlButtonProblems(url: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (!/^https:\/\/[^\s/$.?#][^\s]*$/i.test(url)) problems.push({ rule: 'httpsOnly', message: 'must be an https address' });
  const numbers = parameterNumbers(url);
  if (numbers.length > 1 || (numbers.length === 1 && !/\{\{1\}\}$/.test(url))) {
    problems.push({ rule: 'urlParameterAtEnd', message: 'may have one parameter, {{1}}, only at its end' });
  }
  return problems;
}

/** The value's place in a text taking {{1}}…{{n}}: the text with each replaced by its value. */
export function fillParameters(text: string, values: readonly string[]): string {
  return text.replace(PARAMETER, (whole, n: string) => values[Number(n) - 1] ?? whole);
}
