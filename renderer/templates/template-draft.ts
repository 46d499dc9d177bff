import type { z } from 'zod';
import type { ParameterSource, TemplateCategory, TemplateParameter, WaTemplate } from '../../src/api/v2/template';
import { bodyParameterCount, parameterNumbers } from '../../src/domain/template-rules';
import type { MessageKey } from '../i18n/en';

/** One {{n}} as the form holds it. */
export interface ParameterDraft {
  label: string;
  source: ParameterSource;
  example: string;
}

/** A button as the form holds it: both kinds' fields, the unused ones ignored. */
export interface ButtonDraft {
  type: 'quick_reply' | 'url';
  text: string;
  payload: string;
  url: string;
  example: string;
}

/** Settings → Content Library's form: texts as typed, turned into the contract's shape by inputOf. */
export interface TemplateFormDraft {
  name: string;
  title: string;
  language: string;
  category: TemplateCategory;
  header: string;
  headerParameter: ParameterDraft;
  body: string;
  footer: string;
  buttons: ButtonDraft[];
  parameters: ParameterDraft[];
  /** The WhatsApp channel whose business account gets a new template; '' when the organisation has one. */
  channel: string;
}

const emptyParameter = (): ParameterDraft => ({ label: '', source: 'none', example: '' });

export function newDraft(language: string): TemplateFormDraft {
  return { name: '', title: '', language, category: 'UTILITY', header: '', headerParameter: emptyParameter(), body: '', footer: '', buttons: [], parameters: [], channel: '' };
}

export function draftOf(t: WaTemplate): TemplateFormDraft {
  return {
    name: t.name,
    title: t.title,
    language: t.language,
    category: t.category,
    header: t.header ?? '',
    headerParameter: t.headerParameter ?? emptyParameter(),
    body: t.body,
    footer: t.footer ?? '',
    buttons: t.buttons.map((b) => (b.type === 'quick_reply' ? { type: b.type, text: b.text, payload: b.payload, url: '', example: '' } : { type: b.type, text: b.text, payload: '', url: b.url, example: b.example ?? '' })),
    parameters: t.parameters.map((p) => ({ ...p })),
    channel: '',
  };
}

/** The body changed: one parameter row per {{n}}, the rows already filled kept in their places. */
export function withBody(draft: TemplateFormDraft, body: string): TemplateFormDraft {
  const count = bodyParameterCount(body);
  return { ...draft, body, parameters: Array.from({ length: count }, (_, i) => draft.parameters[i] ?? emptyParameter()) };
}

export const headerTakesValue = (header: string) => parameterNumbers(header).length > 0;

const parameterOf = (p: ParameterDraft): TemplateParameter => ({ label: p.label, source: p.source, example: p.example });

/** The content as the contract takes it (TemplateChangeSchema); empty texts are left out, not sent empty. */
export function contentOf(d: TemplateFormDraft) {
  return {
    title: d.title,
    category: d.category,
    header: d.header.trim() ? d.header : null,
    headerParameter: d.header.trim() && headerTakesValue(d.header) ? parameterOf(d.headerParameter) : null,
    body: d.body,
    footer: d.footer.trim() ? d.footer : null,
    // A quick reply's payload is what the app receives when it is tapped; left empty, it is the button's text.
    buttons: d.buttons.map((b) => (b.type === 'quick_reply' ? { type: b.type, text: b.text, payload: b.payload.trim() || b.text } : { type: b.type, text: b.text, url: b.url, example: b.example.trim() || null })),
    parameters: d.parameters.map(parameterOf),
  };
}

/** A new template as the contract takes it (TemplateDraftSchema). */
export function inputOf(d: TemplateFormDraft) {
  return { name: d.name, language: d.language, ...contentOf(d), ...(d.channel ? { channel: d.channel } : {}) };
}

/** What is wrong with one field, as a message of this renderer and its values. */
export interface TemplateProblem {
  key: MessageKey;
  vars: Record<string, string | number>;
}

const RULE_KEYS: Record<string, MessageKey> = {
  parameterOrder: 'library.rule.parameterOrder',
  startsWithParameter: 'library.rule.startsWithParameter',
  endsWithParameter: 'library.rule.endsWithParameter',
  adjacentParameters: 'library.rule.adjacentParameters',
  strayBraces: 'library.rule.strayBraces',
  headerParameters: 'library.rule.headerParameters',
  headerParameterNumber: 'library.rule.headerParameterNumber',
  httpsOnly: 'library.rule.httpsOnly',
  urlParameterAtEnd: 'library.rule.urlParameterAtEnd',
  parameterCount: 'library.rule.parameterCount',
  exampleRequired: 'library.rule.exampleRequired',
  headerParameterRequired: 'library.rule.headerParameterRequired',
  headerParameterUnused: 'library.rule.headerParameterUnused',
  footerParameters: 'library.rule.footerParameters',
  urlButtons: 'library.rule.urlButtons',
  urlExampleUnused: 'library.rule.urlExampleUnused',
  hiddenCharacter: 'form.hiddenCharacter',
};

function problemOf(issue: z.core.$ZodIssue): TemplateProblem {
  const field = issue.path[0];
  switch (issue.code) {
    case 'custom': {
      const params = (issue.params ?? {}) as Record<string, string | number>;
      const key = RULE_KEYS[String(params.rule)];
      return key ? { key, vars: params } : { key: 'form.invalid', vars: {} };
    }
    case 'too_small':
      return Number(issue.minimum) <= 1 ? { key: 'form.required', vars: {} } : { key: 'form.tooShort', vars: { min: Number(issue.minimum) } };
    case 'too_big':
      return { key: 'form.tooLong', vars: { max: Number(issue.maximum) } };
    case 'invalid_format':
      if (field === 'name') return { key: 'library.rule.name', vars: {} };
      if (field === 'language') return { key: 'library.rule.language', vars: {} };
      return { key: 'form.invalid', vars: {} };
    default:
      return { key: 'form.invalid', vars: {} };
  }
}

/** Every field's first problem, by its path ("body", "parameters.1.example", "buttons.0.url"). */
export function problemsOf(result: z.ZodSafeParseResult<unknown>): Map<string, TemplateProblem> {
  const problems = new Map<string, TemplateProblem>();
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    const path = issue.path.join('.');
    if (!problems.has(path)) problems.set(path, problemOf(issue));
  }
  return problems;
}
