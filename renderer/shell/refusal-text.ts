import type { Refusal } from '../../src/api/appointment';
import type { MessageKey } from '../i18n/en';
import type { Formatters } from '../i18n';

/** Refusal codes this renderer words itself; any other is shown in the backend's own words. */
const WORDED: Partial<Record<string, MessageKey>> = {
  tooLong: 'refusal.tooLong',
  invalidPhoneNumber: 'refusal.invalidPhoneNumber',
  inboxNotFound: 'refusal.inboxNotFound',
  tooLarge: 'refusal.tooLarge',
  unsendable: 'refusal.unsendable',
  AUTHOR_REMOVED: 'refusal.authorRemoved',
};

const FIELDS = new Set(['date', 'time', 'customerName', 'phone', 'email', 'plate', 'make', 'model', 'work', 'workOrder', 'owner', 'inbox', 'sourceId', 'branch', 'cancelled', 'source']);

function fieldKey(field: string): MessageKey | null {
  return FIELDS.has(field) ? (`field.${field}` as MessageKey) : null;
}

/** Why a change was not saved, in the user's language where the code is known. */
export function refusalText({ t }: Pick<Formatters, 't'>, refusal: Refusal): string {
  const key = WORDED[refusal.code];
  const fieldLabel = refusal.field ? fieldKey(refusal.field) : null;
  if (!key) return fieldLabel ? `${t(fieldLabel)}: ${refusal.message}` : refusal.message;
  return t(key, { ...refusal.params, field: fieldLabel ? t(fieldLabel) : '' });
}
