/**
 * Who the customer of an appointment is. Planning systems and dealer files name a customer by
 * name, phone and e-mail, and a phone or an e-mail is not a person: a company car's phone, a
 * family's shared number. The rule, the same on the desktop and the backend:
 *
 * 1. The appointment's own customer stays its customer while the row still names that person
 *    (the same name, or no name on one side and the same phone or e-mail); its blanks are
 *    filled in from the row.
 * 2. Otherwise a stored contact is the row's customer when they share the phone (else the
 *    e-mail) and the names agree: equal once case, accents, punctuation and spacing are set
 *    aside, or one of the two has no name.
 * 3. Otherwise the row's customer is a new contact. Matching by phone never puts another
 *    person's name on a card.
 *
 * An inbound WhatsApp or SMS message is different: it carries the sender's own profile name,
 * not the dealer's, so it is matched by phone alone (see the backend's conversation service).
 */
export interface CustomerFields {
  name: string | null;
  phone: string | null;
  email: string | null;
}

/** A name as compared: "J. de Vries" and "j de vries" are the same, "Jan de Vries" is not. */
export function nameKey(name: string | null | undefined): string {
  if (!name) return '';
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Whether the two names may be one person: equal, or one of them unknown. */
export function namesAgree(a: string | null | undefined, b: string | null | undefined): boolean {
  const ka = nameKey(a);
  const kb = nameKey(b);
  return ka === '' || kb === '' || ka === kb;
}

/** Rule 1: the row still names the appointment's current customer. */
export function stillSameCustomer(current: CustomerFields, row: CustomerFields): boolean {
  if (nameKey(current.name) !== '' && nameKey(row.name) !== '') return nameKey(current.name) === nameKey(row.name);
  // Without a name on one side, a shared phone or e-mail says it is the same person.
  return (!!row.phone && row.phone === current.phone) || (!!row.email && row.email.toLowerCase() === current.email?.toLowerCase());
}

/**
 * Rule 2: of the stored contacts (oldest first) that share the row's phone or e-mail, the
 * first whose name agrees; a phone match is preferred over an e-mail match.
 */
export function matchingContact<C extends CustomerFields>(candidates: readonly C[], row: CustomerFields): C | undefined {
  const email = row.email?.toLowerCase();
  const byPhone = row.phone ? candidates.find((c) => c.phone === row.phone && namesAgree(c.name, row.name)) : undefined;
  if (byPhone) return byPhone;
  return email ? candidates.find((c) => c.email?.toLowerCase() === email && namesAgree(c.name, row.name)) : undefined;
}

/** The stored contact's blanks filled in from the row; what it already has stays. */
export function filledIn(stored: CustomerFields, row: CustomerFields): CustomerFields {
  return { name: stored.name ?? row.name, phone: stored.phone ?? row.phone, email: stored.email ?? row.email };
}

/**
 * Between the source and its customer number in a key: a control character no name or number
 * carries, and one PostgreSQL's text can hold (a NUL, used before, it cannot).
 */
export const SOURCE_CUSTOMER_SEPARATOR = '\u001f';

/** A source's own number of a customer, keyed with the source: another system's C-100 is someone else. */
export function sourceCustomerKey(source: string, customerId: string): string {
  return `${source}${SOURCE_CUSTOMER_SEPARATOR}${customerId}`;
}

/** The customer number a key holds for `source`; undefined when the key is another source's. */
export function customerIdFor(key: string, source: string): string | undefined {
  const prefix = sourceCustomerKey(source, '');
  return key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
}
