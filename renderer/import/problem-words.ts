import type { ImportProblem, MappingProblem } from '../../src/api/import';
import type { Formatters } from '../i18n';
import type { MessageKey } from '../i18n/en';

/**
 * A quarantined row's problem in the user's language: the field it is about (null: the row as
 * a whole) and what is wrong with it. The core gives codes and parameters; counts take the
 * locale's plural form ("1 cell", "5 cells").
 */
export function problemWords(problem: ImportProblem, f: Pick<Formatters, 't' | 'tp' | 'number'>): { field: string | null; text: string } {
  const field = problem.field ? f.t(`field.${problem.field}` as MessageKey) : null;
  let text: string;
  switch (problem.code) {
    case 'tooLong':
      text = f.t('problem.tooLong', { length: f.tp('count.characters', problem.params.length), max: f.number(problem.params.max) });
      break;
    case 'columnCount':
      text = f.t('problem.columnCount', { cells: f.tp('count.cells', problem.params.cells), columns: f.tp('count.columns', problem.params.columns) });
      break;
    case 'dateOutOfRange':
      // Years are not amounts: no digit grouping ("2100", never "2,100").
      text = f.t('problem.dateOutOfRange', { value: problem.params.value, first: String(problem.params.first), last: String(problem.params.last) });
      break;
    default:
      text = f.t(`problem.${problem.code}`, problem.params);
  }
  return { field, text };
}

/** What is wrong with the column mapping, in the user's language, naming the field as the form does. */
export function mappingProblemWords(problem: MappingProblem, f: Pick<Formatters, 't'>): string {
  const field = f.t(`field.${problem.field}` as MessageKey);
  return problem.code === 'requiredUnmapped'
    ? f.t('import.mappingProblem.requiredUnmapped', { field })
    : f.t('import.mappingProblem.columnNotInFile', { field, header: problem.header });
}
