import { useI18n } from '../i18n';
import type { FieldProblem } from './field-problems';

/** What is wrong with a field, beside it. */
export function Problem({ problem }: { problem: FieldProblem | undefined }) {
  const { t } = useI18n();
  return problem ? <span className="field-error">{t(problem.key, problem.vars)}</span> : null;
}
