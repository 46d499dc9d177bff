import { useI18n } from '../i18n';
import type { FieldProblem } from './field-problems';

/** What is wrong with a field, beside it; in a list field, which item (`item`: its text). */
export function Problem({ problem, item }: { problem: FieldProblem | undefined; item?: string }) {
  const { t } = useI18n();
  if (!problem) return null;
  return <span className="field-error">{item === undefined ? t(problem.key, problem.vars) : `“${item}”: ${t(problem.key, problem.vars)}`}</span>;
}
