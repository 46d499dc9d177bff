/**
 * The values a WhatsApp template is sent with, as pure rules: one per {{n}} of the body, one for
 * the header's {{1}} when it has one, and one per URL button whose address ends in {{1}}. Meta
 * refuses a send whose counts differ from the approved template's (error 132000); these rules
 * say so first, in words, and render what the customer reads.
 */
import { parameterNumbers } from './template-rules';
import { renderTemplate, templateParameterCount } from './template-text';

/** What of a stored template decides its values and its text. */
export interface SendableTemplate {
  header: string | null;
  body: string;
  footer: string | null;
  buttons: ReadonlyArray<{ type: 'quick_reply' } | { type: 'url'; url: string }>;
}

/** The values of one send, as the template use carries them. */
export interface TemplateValues {
  parameters: readonly string[];
  /** Left out when the header takes none. */
  headerParameter?: string | undefined;
  /** Left out when no link button takes one. */
  urlParameters?: readonly string[] | undefined;
}

/** Whether the header has a {{1}} to fill. */
export function takesHeaderValue(t: SendableTemplate): boolean {
  return t.header !== null && parameterNumbers(t.header).length > 0;
}

/**
 * The positions, among ALL the template's buttons, of the URL buttons whose address takes a
 * value: Meta's `index` of a button in a send is its place in the template's button list.
 */
export function urlValueButtons(t: SendableTemplate): number[] {
  return t.buttons.flatMap((b, index) => (b.type === 'url' && parameterNumbers(b.url).length > 0 ? [index] : []));
}

/** A part of the template whose values were not given one for one; `expected` and `given` are counts. */
export interface ValueMismatch {
  part: 'body' | 'header' | 'url';
  expected: number;
  given: number;
}

/** Every part whose number of values differs from what the template takes; none when the send is complete. */
export function valueMismatches(t: SendableTemplate, v: TemplateValues): ValueMismatch[] {
  const mismatches: ValueMismatch[] = [];
  const body = templateParameterCount(t.body);
  if (v.parameters.length !== body) mismatches.push({ part: 'body', expected: body, given: v.parameters.length });
  const header = takesHeaderValue(t) ? 1 : 0;
  const headerGiven = v.headerParameter === undefined ? 0 : 1;
  if (headerGiven !== header) mismatches.push({ part: 'header', expected: header, given: headerGiven });
  const urls = urlValueButtons(t).length;
  const urlsGiven = v.urlParameters?.length ?? 0;
  if (urlsGiven !== urls) mismatches.push({ part: 'url', expected: urls, given: urlsGiven });
  return mismatches;
}

const PART_WORDS: Record<ValueMismatch['part'], [string, string]> = {
  body: ['a value for its text', 'values for its text'],
  header: ['a value for its header', 'values for its header'],
  url: ['a value for its link buttons', 'values for its link buttons'],
};

/** A mismatch in English words, for the API's message: "takes 1 value for its header; 0 were given". */
export function mismatchWords(m: ValueMismatch): string {
  const [one, many] = PART_WORDS[m.part];
  const what = m.expected === 1 ? one : `${m.expected} ${many}`;
  return `takes ${m.expected === 0 ? `no ${many}` : what}; ${m.given} ${m.given === 1 ? 'was' : 'were'} given`;
}

/**
 * What the customer reads, stored as the message's text: the header, the body and the footer,
 * each with its values, a blank line apart (WhatsApp shows them as three blocks).
 */
export function filledTemplateText(t: SendableTemplate, v: TemplateValues): string {
  const header = t.header === null ? null : renderTemplate(t.header, v.headerParameter === undefined ? [] : [v.headerParameter]);
  return [header, renderTemplate(t.body, v.parameters), t.footer].filter((part): part is string => part !== null).join('\n\n');
}
