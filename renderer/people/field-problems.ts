import type { z } from 'zod';
import type { MessageKey } from '../i18n/en';

/** What is wrong with one field of a form, as a message of this renderer and its values. */
export interface FieldProblem {
  key: MessageKey;
  vars: Record<string, string | number>;
  /** For a list field (the allowed domains): which of its items. */
  item?: number;
}

/**
 * A form's problems by field, from the contract's own schema (the rules the core and the
 * backend check again), worded by this renderer: the first problem of each field.
 */
export function fieldProblems(result: z.ZodSafeParseResult<unknown>): Partial<Record<string, FieldProblem>> {
  const problems: Partial<Record<string, FieldProblem>> = {};
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (problems[field]) continue;
    const item = issue.path[1];
    problems[field] = typeof item === 'number' ? { ...problemOf(issue), item } : problemOf(issue);
  }
  return problems;
}

function problemOf(issue: z.core.$ZodIssue): FieldProblem {
  switch (issue.code) {
    case 'too_small':
      return Number(issue.minimum) <= 1 ? { key: 'form.required', vars: {} } : { key: 'form.tooShort', vars: { min: Number(issue.minimum) } };
    case 'too_big':
      return { key: 'form.tooLong', vars: { max: Number(issue.maximum) } };
    case 'invalid_format':
      if (issue.format === 'url') return { key: 'form.notUrl', vars: {} };
      if (issue.path[0] === 'email') return { key: 'signin.emailInvalid', vars: {} };
      return { key: 'form.invalid', vars: {} };
    default:
      return { key: 'form.invalid', vars: {} };
  }
}
