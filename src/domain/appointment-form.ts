/**
 * The manual appointment filled in from a conversation becomes a form card in its stream: the
 * fields as entered, each under a key that every desktop words in its reader's language.
 */

/** The fields a form card can show, in the order the form asks for them. */
export const FORM_FIELD_KEYS = ['date', 'time', 'inbox', 'customerName', 'phone', 'email', 'plate', 'make', 'model', 'work', 'owner'] as const;
export type FormFieldKey = (typeof FORM_FIELD_KEYS)[number];

export interface FormField {
  label: FormFieldKey;
  value: string;
}

/** The form's fields in the form's order; a field left blank is not on the card (it says nothing). */
export function formFields(values: Partial<Record<FormFieldKey, string | null | undefined>>): FormField[] {
  return FORM_FIELD_KEYS.flatMap((label) => {
    const value = values[label]?.trim();
    return value ? [{ label, value }] : [];
  });
}

const ENGLISH_LABELS: Record<FormFieldKey, string> = {
  date: 'date',
  time: 'time',
  inbox: 'inbox',
  customerName: 'customer',
  phone: 'phone',
  email: 'e-mail',
  plate: 'plate',
  make: 'make',
  model: 'model',
  work: 'work',
  owner: 'owner',
};

/**
 * The message text that goes with the card, for readers of the REST API and webhooks (they
 * get no renderer to word the keys); every field is in it, none shortened.
 */
export function formText(fields: readonly FormField[]): string {
  return `Manual appointment: ${fields.map((f) => `${ENGLISH_LABELS[f.label]} ${f.value}`).join(', ')}`;
}
