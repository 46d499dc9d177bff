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

/**
 * What Meta refuses in a value itself (132018): a text value (body, header) that is blank, holds a
 * line break or tab, or more than four spaces in a row; a link's value with any white space (it
 * ends an address). `index` is the value's place in its part.
 */
export interface ValueProblem {
  part: 'body' | 'header' | 'url';
  index: number;
  problem: 'blank' | 'line_break' | 'spaces' | 'white_space';
}

/** What Meta would refuse in this one value of a part; null: it can go. */
export function valueProblem(part: ValueProblem['part'], value: string): ValueProblem['problem'] | null {
  if (!value.trim()) return 'blank';
  if (part === 'url') return /\s/.test(value) ? 'white_space' : null;
  if (/[\n\r\t]/.test(value)) return 'line_break';
  return / {5}/.test(value) ? 'spaces' : null;
}

export function valueProblems(v: TemplateValues): ValueProblem[] {
  const of = (part: ValueProblem['part'], values: readonly string[]) =>
    values.flatMap((value, index): ValueProblem[] => {
      const problem = valueProblem(part, value);
      return problem ? [{ part, index, problem }] : [];
    });
  return [...of('body', v.parameters), ...of('header', v.headerParameter === undefined ? [] : [v.headerParameter]), ...of('url', v.urlParameters ?? [])];
}

const PROBLEM_WORDS: Record<ValueProblem['problem'], string> = {
  blank: 'is empty',
  line_break: 'holds a line break or tab, which WhatsApp refuses in a template value',
  spaces: 'holds more than four spaces in a row, which WhatsApp refuses in a template value',
  white_space: 'holds a space, which a link cannot',
};

/** A value problem in English words, for the API's message: "value 2 of its text holds a line break…". */
export function problemWords(p: ValueProblem): string {
  const where = p.part === 'body' ? `value ${p.index + 1} of its text` : p.part === 'header' ? 'the value of its header' : `the value of link ${p.index + 1}`;
  return `${where} ${PROBLEM_WORDS[p.problem]}`;
}

/**
 * A value as it can go out, for the values no person typed (the reminder bot's, from planning
 * data): white space runs become one space, so that a work description with line breaks is sent
 * on one line rather than refused.
 */
export function sendableValue(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Why a send's values cannot go, as the API refuses it: the counts first (132000), then the values themselves (132018). */
export type ValueRefusal =
  | { code: 'TEMPLATE_PARAMETERS'; message: string; params: { part: ValueMismatch['part']; expected: number; given: number } }
  | { code: 'TEMPLATE_VALUE'; message: string; params: { part: ValueProblem['part']; index: number; problem: ValueProblem['problem'] } };

/** The one check of a template send's values, for the desktop before its outbox and for the backend before its queue. */
export function valueRefusal(name: string, t: SendableTemplate, v: TemplateValues): ValueRefusal | null {
  const mismatches = valueMismatches(t, v);
  if (mismatches.length) {
    const { part, expected, given } = mismatches[0]!;
    return { code: 'TEMPLATE_PARAMETERS', message: `Template "${name}" ${mismatches.map(mismatchWords).join('; it ')}.`, params: { part, expected, given } };
  }
  const problems = valueProblems(v);
  if (problems.length) {
    const { part, index, problem } = problems[0]!;
    return { code: 'TEMPLATE_VALUE', message: `Template "${name}": ${problems.map(problemWords).join('; ')}.`, params: { part, index: index + 1, problem } };
  }
  return null;
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
